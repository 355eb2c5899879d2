import { GtError } from "../errors.js";

/**
 * S3's general-purpose bucket naming rules: 3–63 characters of lower-case letters, digits, dots
 * and hyphens; starts and ends with a letter or digit; no `..`; not shaped like an IP address;
 * none of the reserved prefixes and suffixes.
 */
export function assertValidBucketName(name: string): void {
  const valid =
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/u.test(name) &&
    !name.includes("..") &&
    !/^\d+\.\d+\.\d+\.\d+$/u.test(name) &&
    !name.startsWith("xn--") &&
    !name.startsWith("sthree-") &&
    !name.endsWith("-s3alias") &&
    !name.endsWith("--ol-s3");
  if (!valid) throw new GtError("InvalidBucketName", "The specified bucket is not valid.");
}
