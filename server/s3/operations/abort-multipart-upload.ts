import type { ObjectCall, S3Handler } from "../operation.js";
import { emptyResponse } from "../s3-response.js";

/** DELETE /<bucket>/<key>?uploadId=… — 204; the parts are gone. */
export const abortMultipartUpload: S3Handler<ObjectCall> = ({ engine, bucket, key, query }) => {
  engine.abortMultipartUpload({ bucket, key, uploadId: query.get("uploadId") ?? "" });
  return emptyResponse(204);
};
