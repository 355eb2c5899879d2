import type { ObjectCall, S3Handler } from "../operation.js";
import { emptyResponse } from "../s3-response.js";

/** DELETE /<bucket>/<key> — 204 whether or not the key existed, as on S3. */
export const deleteObject: S3Handler<ObjectCall> = ({ engine, bucket, key }) => {
  engine.deleteObject(bucket, key);
  return emptyResponse(204);
};
