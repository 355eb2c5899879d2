import type { BucketCall, S3Handler } from "../operation.js";
import { xmlResponse } from "../s3-response.js";

/** GET /<bucket>?location — S3 answers an empty LocationConstraint for us-east-1. */
export const getBucketLocation: S3Handler<BucketCall> = ({ engine, bucket }) => {
  const { region } = engine.headBucket(bucket);
  return xmlResponse("LocationConstraint", region === "us-east-1" ? "" : region);
};
