import { maxKeysOf } from "../query-parameters.js";
import type { ObjectCall, S3Handler } from "../operation.js";
import { S3Error } from "../s3-error.js";
import { isoDate, OWNER, quoteEtag, xmlResponse } from "../s3-response.js";

/** GET /<bucket>/<key>?uploadId=… — up to `max-parts` (1,000) after `part-number-marker`. */
export const listParts: S3Handler<ObjectCall> = ({ engine, bucket, key, query }) => {
  const maxParts = maxKeysOf(query, "max-parts");
  const marker = partNumberMarkerOf(query.get("part-number-marker"));
  const result = engine.listParts({
    bucket,
    key,
    uploadId: query.get("uploadId") ?? "",
    maxParts,
    ...(marker === undefined ? {} : { partNumberMarker: marker }),
  });
  return xmlResponse("ListPartsResult", {
    Bucket: bucket,
    Key: key,
    UploadId: result.upload.uploadId,
    PartNumberMarker: marker ?? 0,
    NextPartNumberMarker: result.nextPartNumberMarker ?? result.parts.at(-1)?.partNumber ?? 0,
    MaxParts: maxParts,
    IsTruncated: result.isTruncated,
    Part: result.parts.map((part) => ({
      PartNumber: part.partNumber,
      LastModified: isoDate(part.lastModified),
      ETag: quoteEtag(part.etag),
      Size: part.size,
    })),
    Initiator: OWNER,
    Owner: OWNER,
    StorageClass: "STANDARD",
  });
};

function partNumberMarkerOf(value: string | null): number | undefined {
  if (value === null || value === "") return undefined;
  if (!/^\d{1,9}$/u.test(value)) {
    throw new S3Error(
      "InvalidArgument",
      "Provided part-number-marker not an integer or within integer range",
      {
        ArgumentName: "part-number-marker",
        ArgumentValue: value,
      },
    );
  }
  return Number(value);
}
