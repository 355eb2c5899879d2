import type { ObjectRecord } from "../../emulator/objects/embedded/s3-engine.js";
import { S3Error } from "./s3-error.js";
import { isoDate, OWNER, quoteEtag } from "./s3-response.js";
import type { XmlElement } from "./xml.js";

/** Shared by ListObjects (v1) and ListObjectsV2: `encoding-type=url` and `<Contents>`. */

/**
 * S3's `encoding-type=url` form: form-style (space as `+`) percent-encoding of UTF-8 that leaves
 * letters, digits, `-_.*` and `/` alone, so keys with characters XML 1.0 cannot carry survive.
 */
export function s3UrlEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/%20/gu, "+")
    .replace(/%2F/gu, "/")
    .replace(/[!'()~]/gu, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Identity, or `s3UrlEncode` when the request asked for `encoding-type=url`. */
export function encoderOf(query: URLSearchParams): {
  encode: (value: string) => string;
  encodingType?: "url";
} {
  const encodingType = query.get("encoding-type");
  if (encodingType === null) return { encode: (value) => value };
  if (encodingType.toLowerCase() !== "url") {
    throw new S3Error("InvalidArgument", "Invalid Encoding Method specified in Request", {
      ArgumentName: "encoding-type",
      ArgumentValue: encodingType,
    });
  }
  return { encode: s3UrlEncode, encodingType: "url" };
}

export function contentsOf(
  record: ObjectRecord,
  encode: (value: string) => string,
  withOwner: boolean,
): XmlElement {
  return {
    Key: encode(record.key),
    LastModified: isoDate(record.lastModified),
    ETag: quoteEtag(record.etag),
    ChecksumAlgorithm: record.checksum?.algorithm,
    ChecksumType: record.checksum ? "FULL_OBJECT" : undefined,
    Size: record.size,
    Owner: withOwner ? OWNER : undefined,
    StorageClass: "STANDARD",
  };
}

export const commonPrefixesOf = (
  prefixes: readonly string[],
  encode: (value: string) => string,
): XmlElement[] => prefixes.map((prefix) => ({ Prefix: encode(prefix) }));
