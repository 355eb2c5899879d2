import type { BucketCall, S3Handler } from "../operation.js";
import { readSmallBody } from "../request-body.js";
import { S3Error } from "../s3-error.js";
import { xmlResponse } from "../s3-response.js";
import { parseXml } from "../xml.js";

const MAX_OBJECTS = 1000;

/** POST /<bucket>?delete — up to 1,000 keys; `<Quiet>true</Quiet>` reports only failures. */
export const deleteObjects: S3Handler<BucketCall> = async ({ engine, bucket, request }) => {
  const document = parseXml(await readSmallBody(request), "Delete");
  const quiet = document.text("Quiet")?.trim().toLowerCase() === "true";
  const keys = document.children("Object").map((object) => {
    const key = object.text("Key");
    if (key === undefined || key === "") throw new S3Error("MalformedXML");
    return key;
  });
  if (keys.length === 0 || keys.length > MAX_OBJECTS) throw new S3Error("MalformedXML");
  const { deleted } = engine.deleteObjects(bucket, keys);
  return xmlResponse("DeleteResult", {
    Deleted: quiet ? [] : deleted.map((key) => ({ Key: key })),
  });
};
