import { createHash } from "node:crypto";
import { GtError } from "../../errors.js";
import type { StoredPart } from "./object-repository.js";

/** S3's minimum part size: every part but the last must be at least 5 MiB. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

const stripQuotes = (etag: string): string => etag.replace(/^"|"$/gu, "");

/**
 * CompleteMultipartUpload's rules: the listed parts ascend, each was uploaded with that ETag, and
 * all but the last reach the minimum size. Returns the stored parts in order.
 */
function chooseParts(
  uploaded: readonly StoredPart[],
  requested: readonly { partNumber: number; etag: string }[],
): StoredPart[] {
  if (requested.length === 0) {
    throw new GtError(
      "MalformedXML",
      "The XML you provided was not well-formed or did not validate against our published schema",
    );
  }
  const byNumber = new Map(uploaded.map((part) => [part.partNumber, part]));
  const chosen: StoredPart[] = [];
  let previous = 0;
  for (const { partNumber, etag } of requested) {
    if (partNumber <= previous) {
      throw new GtError(
        "InvalidPartOrder",
        "The list of parts was not in ascending order. The parts list must be specified in order by part number.",
      );
    }
    previous = partNumber;
    const part = byNumber.get(partNumber);
    if (part?.etag !== stripQuotes(etag)) {
      throw new GtError(
        "InvalidPart",
        "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
      );
    }
    chosen.push(part);
  }
  chosen.slice(0, -1).forEach((part) => {
    if (part.size < MIN_PART_SIZE) {
      throw new GtError(
        "EntityTooSmall",
        "Your proposed upload is smaller than the minimum allowed object size.",
      );
    }
  });
  return chosen;
}

/** S3's multipart ETag: the MD5 of the parts' binary MD5s, then `-<number of parts>`. */
function multipartEtag(partEtags: readonly string[]): string {
  const hash = createHash("md5");
  for (const etag of partEtags) hash.update(Buffer.from(etag, "hex"));
  return `${hash.digest("hex")}-${partEtags.length}`;
}

export const completeUpload = { chooseParts, multipartEtag };
