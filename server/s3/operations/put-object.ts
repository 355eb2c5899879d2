import { objectAttributesOf } from "../object-headers.js";
import type { ObjectCall, S3Handler } from "../operation.js";
import { checksumHeaderOf, uploadBody } from "../request-body.js";
import { emptyResponse, quoteEtag } from "../s3-response.js";
import { assertWritePreconditions } from "../write-preconditions.js";

/** PUT /<bucket>/<key> — the body streams into the engine; the answer carries the ETag. */
export const putObject: S3Handler<ObjectCall> = async (call) => {
  const attributes = objectAttributesOf(call.headers);
  const upload = uploadBody(call.request);
  assertWritePreconditions(call);
  const record = await call.engine.putObject({
    bucket: call.bucket,
    key: call.key,
    ...attributes,
    ...upload,
  });
  const headers = new Headers({ etag: quoteEtag(record.etag) });
  if (record.checksum) {
    headers.set(checksumHeaderOf(record.checksum.algorithm), record.checksum.value);
    headers.set("x-amz-checksum-type", "FULL_OBJECT");
  }
  return emptyResponse(200, headers);
};
