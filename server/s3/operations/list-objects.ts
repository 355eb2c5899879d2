import type { BucketCall, S3Handler } from "../operation.js";
import { commonPrefixesOf, contentsOf, encoderOf } from "../list-results.js";
import { maxKeysOf, optionalParameter } from "../query-parameters.js";
import { xmlResponse } from "../s3-response.js";

/**
 * GET /<bucket> — ListObjects (v1): `marker` to continue; `NextMarker` only when a delimiter was
 * given (S3's documented behaviour: without one, clients continue from the last key returned).
 */
export const listObjects: S3Handler<BucketCall> = ({ engine, bucket, query }) => {
  const prefix = optionalParameter(query, "prefix");
  const delimiter = optionalParameter(query, "delimiter");
  const marker = optionalParameter(query, "marker");
  const maxKeys = maxKeysOf(query);
  const { encode, encodingType } = encoderOf(query);
  const result = engine.listObjects({
    bucket,
    maxKeys,
    ...(prefix === undefined ? {} : { prefix }),
    ...(delimiter === undefined ? {} : { delimiter }),
    ...(marker === undefined ? {} : { after: marker }),
  });
  const nextMarker =
    delimiter !== undefined && result.isTruncated && result.lastEntry !== undefined
      ? encode(result.lastEntry)
      : undefined;
  return xmlResponse("ListBucketResult", {
    Name: bucket,
    Prefix: encode(prefix ?? ""),
    Marker: encode(marker ?? ""),
    MaxKeys: maxKeys,
    Delimiter: delimiter === undefined ? undefined : encode(delimiter),
    EncodingType: encodingType,
    IsTruncated: result.isTruncated,
    NextMarker: nextMarker,
    Contents: result.objects.map((record) => contentsOf(record, encode, true)),
    CommonPrefixes: commonPrefixesOf(result.commonPrefixes, encode),
  });
};
