/** `s3://bucket/key` split into its parts; undefined when the text is not an S3 URI. */
export interface S3Location {
  bucket: string;
  key: string;
}

/** S3's bucket naming rules (3–63 chars, lower-case letters, digits, dots and hyphens). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/u;

export function parseS3Uri(uri: string): S3Location | undefined {
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/su.exec(uri);
  if (!match) return undefined;
  const bucket = match[1] ?? "";
  if (!BUCKET_NAME.test(bucket) || bucket.includes("..")) return undefined;
  return { bucket, key: match[2] ?? "" };
}
