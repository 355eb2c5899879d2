import { objectAttributesOf } from "../object-headers.js";
import type { ObjectCall, S3Handler } from "../operation.js";
import { xmlResponse } from "../s3-response.js";

/** POST /<bucket>/<key>?uploads — the object's content type, headers and metadata are set here. */
export const createMultipartUpload: S3Handler<ObjectCall> = ({ engine, bucket, key, headers }) => {
  const upload = engine.createMultipartUpload({ bucket, key, ...objectAttributesOf(headers) });
  return xmlResponse("InitiateMultipartUploadResult", {
    Bucket: bucket,
    Key: key,
    UploadId: upload.uploadId,
  });
};
