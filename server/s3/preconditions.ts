/**
 * HTTP conditional requests as S3 evaluates them (RFC 7232 §6 order): If-Match, else
 * If-Unmodified-Since, decides 412; then If-None-Match, else If-Modified-Since, decides 304. So a
 * true If-Match wins over a false If-Unmodified-Since, and a false If-None-Match over a true
 * If-Modified-Since, exactly the pairs S3's GetObject documentation spells out.
 */
export interface Preconditions {
  ifMatch: string | null;
  ifNoneMatch: string | null;
  ifModifiedSince: string | null;
  ifUnmodifiedSince: string | null;
}

export type PreconditionName = "If-Match" | "If-None-Match" | "If-Modified-Since" | "If-Unmodified-Since";

export type PreconditionOutcome =
  | { kind: "proceed" }
  | { kind: "failed"; condition: PreconditionName }
  | { kind: "not-modified"; condition: PreconditionName };

/** The four conditional headers of a request, under an optional prefix (`x-amz-copy-source-`). */
export function preconditionsOf(headers: Headers, prefix = ""): Preconditions {
  return {
    ifMatch: headers.get(`${prefix}if-match`),
    ifNoneMatch: headers.get(`${prefix}if-none-match`),
    ifModifiedSince: headers.get(`${prefix}if-modified-since`),
    ifUnmodifiedSince: headers.get(`${prefix}if-unmodified-since`),
  };
}

export function evaluatePreconditions(
  conditions: Preconditions,
  etag: string,
  lastModified: Date,
): PreconditionOutcome {
  const modifiedSecond = Math.floor(lastModified.getTime() / 1000);
  if (conditions.ifMatch !== null) {
    if (!etagListMatches(conditions.ifMatch, etag)) return { kind: "failed", condition: "If-Match" };
  } else {
    const since = secondOf(conditions.ifUnmodifiedSince);
    if (since !== undefined && modifiedSecond > since) {
      return { kind: "failed", condition: "If-Unmodified-Since" };
    }
  }
  if (conditions.ifNoneMatch !== null) {
    if (etagListMatches(conditions.ifNoneMatch, etag)) {
      return { kind: "not-modified", condition: "If-None-Match" };
    }
  } else {
    const since = secondOf(conditions.ifModifiedSince);
    if (since !== undefined && modifiedSecond <= since) {
      return { kind: "not-modified", condition: "If-Modified-Since" };
    }
  }
  return { kind: "proceed" };
}

/** `*`, or a comma-separated list of entity tags, quoted or not, weak or strong. */
export function etagListMatches(header: string, etag: string): boolean {
  return header.split(",").some((candidate) => {
    const tag = candidate.trim();
    return tag === "*" || unquoteEtag(tag.replace(/^W\//u, "")) === etag;
  });
}

export const unquoteEtag = (tag: string): string => tag.trim().replace(/^"(.*)"$/u, "$1");

/** An HTTP date to whole seconds since the epoch; an unreadable date is ignored, as RFC 7232 says. */
function secondOf(value: string | null): number | undefined {
  if (value === null) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
}
