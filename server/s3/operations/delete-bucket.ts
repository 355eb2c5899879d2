import type { BucketCall, S3Handler } from "../operation.js";
import { emptyResponse } from "../s3-response.js";

/** DELETE /<bucket> — 204; BucketNotEmpty while objects or multipart uploads remain. */
export const deleteBucket: S3Handler<BucketCall> = ({ engine, bucket }) => {
  engine.deleteBucket(bucket);
  return emptyResponse(204);
};
