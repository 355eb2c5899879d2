import type { ObjectRecord, StoredHeaders } from "../../emulator/objects/embedded/s3-engine.js";
import { storedContentEncoding, checksumHeaderOf } from "./request-body.js";
import { httpDate, quoteEtag } from "./s3-response.js";

/** What a PUT, a CreateMultipartUpload or a REPLACE copy stores with the object. */
export interface ObjectAttributes {
  contentType?: string;
  headers: StoredHeaders;
  userMetadata: Record<string, string>;
}

const META_PREFIX = "x-amz-meta-";

/** Content-Type (the engine defaults it), the standard headers S3 keeps, and `x-amz-meta-*`. */
export function objectAttributesOf(headers: Headers): ObjectAttributes {
  const stored: StoredHeaders = {};
  const contentEncoding = storedContentEncoding(headers);
  if (contentEncoding !== undefined) stored.contentEncoding = contentEncoding;
  const copy = (name: string, field: Exclude<keyof StoredHeaders, "contentEncoding">): void => {
    const value = headers.get(name);
    if (value !== null) stored[field] = value;
  };
  copy("content-disposition", "contentDisposition");
  copy("content-language", "contentLanguage");
  copy("cache-control", "cacheControl");
  copy("expires", "expires");
  const userMetadata: Record<string, string> = {};
  // Header names come lower-cased from Headers, which is how S3 stores metadata names.
  for (const [name, value] of headers) {
    if (name.startsWith(META_PREFIX) && name.length > META_PREFIX.length) {
      userMetadata[name.slice(META_PREFIX.length)] = value;
    }
  }
  const contentType = headers.get("content-type");
  return { ...(contentType === null ? {} : { contentType }), headers: stored, userMetadata };
}

/** `response-*` query parameters override these headers of a GetObject/HeadObject answer. */
const OVERRIDES = [
  ["response-content-type", "content-type"],
  ["response-content-language", "content-language"],
  ["response-expires", "expires"],
  ["response-cache-control", "cache-control"],
  ["response-content-disposition", "content-disposition"],
  ["response-content-encoding", "content-encoding"],
] as const;

/**
 * The headers of a GetObject/HeadObject answer. The stored checksum goes out only when asked
 * for (`x-amz-checksum-mode: ENABLED`) and only for the whole object, as on S3.
 */
export function objectHeaders(
  record: ObjectRecord,
  options: { includeChecksum: boolean; query: URLSearchParams },
): Headers {
  const headers = new Headers({
    "accept-ranges": "bytes",
    "content-type": record.contentType,
    etag: quoteEtag(record.etag),
    "last-modified": httpDate(record.lastModified),
  });
  const stored = record.headers;
  if (stored.contentEncoding !== undefined) headers.set("content-encoding", stored.contentEncoding);
  if (stored.contentDisposition !== undefined) headers.set("content-disposition", stored.contentDisposition);
  if (stored.contentLanguage !== undefined) headers.set("content-language", stored.contentLanguage);
  if (stored.cacheControl !== undefined) headers.set("cache-control", stored.cacheControl);
  if (stored.expires !== undefined) headers.set("expires", stored.expires);
  for (const [name, value] of Object.entries(record.userMetadata)) headers.set(META_PREFIX + name, value);
  if (options.includeChecksum && record.checksum) {
    headers.set(checksumHeaderOf(record.checksum.algorithm), record.checksum.value);
    headers.set("x-amz-checksum-type", "FULL_OBJECT");
  }
  for (const [parameter, header] of OVERRIDES) {
    const value = options.query.get(parameter);
    if (value !== null) headers.set(header, value);
  }
  return headers;
}
