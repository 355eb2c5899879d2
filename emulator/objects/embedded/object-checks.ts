import { GtError } from "../../errors.js";
import type { WrittenBlob } from "./blob-store.js";
import type { ComputedChecksum } from "./running-checksum.js";
import type { DeclaredChecksum, StoredChecksum } from "./s3-engine.js";

/* The embedded engine's checks and S3's errors for them, shared by its put, copy and upload paths. */

/** S3 stores this content type when a PUT names none. */
export const DEFAULT_CONTENT_TYPE = "binary/octet-stream";
const MAX_KEY_BYTES = 1024;

export const noSuchBucket = (): GtError => new GtError("NoSuchBucket", "The specified bucket does not exist");
export const noSuchKey = (): GtError => new GtError("NoSuchKey", "The specified key does not exist.");
export const noSuchUpload = (): GtError =>
  new GtError(
    "NoSuchUpload",
    "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
  );

export function assertKey(key: string): void {
  if (Buffer.byteLength(key, "utf8") > MAX_KEY_BYTES) {
    throw new GtError("KeyTooLongError", "Your key is too long");
  }
  if (key.length === 0) throw new GtError("InvalidArgument", "An object key must not be empty.");
}

const COMPUTED: ReadonlySet<string> = new Set<ComputedChecksum>(["CRC32", "SHA1", "SHA256"]);
export const isComputed = (algorithm: string): algorithm is ComputedChecksum => COMPUTED.has(algorithm);

/**
 * Checks a written body against Content-MD5 and the declared checksum. CRC32, SHA1 and SHA256 are
 * computed while the body streams in; CRC32C and CRC64NVME are stored as sent (see README).
 */
export function verifyDigests(
  blob: WrittenBlob,
  { contentMd5, payloadSha256 }: { contentMd5?: string | undefined; payloadSha256?: string | undefined },
  checksum: StoredChecksum | undefined,
): void {
  // The signature's payload hash comes first: a body that changed on the way fails it whatever else.
  if (payloadSha256 !== undefined && blob.payloadSha256Hex !== payloadSha256) {
    throw new GtError(
      "XAmzContentSHA256Mismatch",
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
      { ClientComputedContentSHA256: payloadSha256, S3ComputedContentSHA256: blob.payloadSha256Hex ?? "" },
    );
  }
  if (contentMd5 !== undefined && contentMd5 !== blob.md5Base64) {
    throw new GtError("BadDigest", "The Content-MD5 you specified did not match what we received.");
  }
  if (checksum && isComputed(checksum.algorithm) && blob.checksum !== checksum.value) {
    throw new GtError(
      "BadDigest",
      `The ${checksum.algorithm.toLowerCase()} you specified did not match the calculated checksum.`,
    );
  }
}

export function resolveChecksum(declared: DeclaredChecksum | undefined): StoredChecksum | undefined {
  if (declared === undefined) return undefined;
  const value = typeof declared.value === "function" ? declared.value() : declared.value;
  return value === undefined ? undefined : { algorithm: declared.algorithm, value };
}
