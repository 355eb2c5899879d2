import type { ObjectCall, S3Handler } from "../operation.js";
import { uploadBody } from "../request-body.js";
import { partNumberOf } from "../query-parameters.js";
import { emptyResponse, quoteEtag } from "../s3-response.js";

/**
 * PUT /<bucket>/<key>?partNumber=N&uploadId=… — the part streams into the engine. A part's
 * `x-amz-checksum-*` (header or trailer) is read past: the engine keeps no per-part checksums.
 */
export const uploadPart: S3Handler<ObjectCall> = async (call) => {
  const partNumber = partNumberOf(call.query.get("partNumber"));
  const { checksum: _unused, ...upload } = uploadBody(call.request);
  const { etag } = await call.engine.uploadPart({
    bucket: call.bucket,
    key: call.key,
    uploadId: call.query.get("uploadId") ?? "",
    partNumber,
    ...upload,
  });
  return emptyResponse(200, { etag: quoteEtag(etag) });
};
