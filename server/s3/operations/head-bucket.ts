import type { BucketCall, S3Handler } from "../operation.js";
import { emptyResponse } from "../s3-response.js";

/** HEAD /<bucket> — 200 with the bucket's region, or a bodiless 404. */
export const headBucket: S3Handler<BucketCall> = ({ engine, bucket }) => {
  const record = engine.headBucket(bucket);
  return emptyResponse(200, { "x-amz-bucket-region": record.region, "x-amz-access-point-alias": "false" });
};
