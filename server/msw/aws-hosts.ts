import { isAwsS3Host } from "../s3/addressing.js";

/*
 * The real AWS host names an SDK with no `endpoint` talks to, so that msw handlers answer exactly
 * those requests and leave every other host to the test's own handlers (or onUnhandledRequest).
 */

/**
 * SageMaker's API hosts: `api.sagemaker.<region>.amazonaws.com` (what the JS SDK v3 and boto3
 * use), the older `sagemaker.<region>...`, their FIPS forms, and China's `.amazonaws.com.cn`.
 */
const SAGEMAKER_HOST =
  /^(?:api\.|api-fips\.)?sagemaker(?:-fips)?\.[a-z]{2}(?:-[a-z]+)+-\d+\.amazonaws\.com(?:\.cn)?$/u;

export const isSageMakerHost = (hostname: string): boolean => SAGEMAKER_HOST.test(hostname.toLowerCase());

/** S3's hosts, path-style (`s3.<region>.amazonaws.com`) and virtual-hosted (`<bucket>.s3...`). */
export const isS3Host = (hostname: string): boolean => isAwsS3Host(hostname);
