import type { ObjectCall, S3Handler } from "../operation.js";
import { unquoteEtag } from "../preconditions.js";
import { readSmallBody } from "../request-body.js";
import { S3Error } from "../s3-error.js";
import { quoteEtag, xmlResponse } from "../s3-response.js";
import { parseXml } from "../xml.js";

/** POST /<bucket>/<key>?uploadId=… — the parts named in the body, in order, become the object. */
export const completeMultipartUpload: S3Handler<ObjectCall> = async (call) => {
  const document = parseXml(await readSmallBody(call.request), "CompleteMultipartUpload");
  const parts = document.children("Part").map((part) => {
    const partNumber = part.text("PartNumber")?.trim() ?? "";
    const etag = part.text("ETag");
    if (!/^\d{1,5}$/u.test(partNumber) || etag === undefined) throw new S3Error("MalformedXML");
    return { partNumber: Number(partNumber), etag: unquoteEtag(etag) };
  });
  if (parts.length === 0) throw new S3Error("MalformedXML");
  const record = await call.engine.completeMultipartUpload({
    bucket: call.bucket,
    key: call.key,
    uploadId: call.query.get("uploadId") ?? "",
    parts,
  });
  const path = call.key.split("/").map(encodeURIComponent).join("/");
  return xmlResponse("CompleteMultipartUploadResult", {
    Location: call.virtualHost ? `${call.origin}/${path}` : `${call.origin}/${call.bucket}/${path}`,
    Bucket: call.bucket,
    Key: call.key,
    ETag: quoteEtag(record.etag),
  });
};
