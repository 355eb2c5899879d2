import { S3Error } from "./s3-error.js";

/** What a request addresses: the service (ListBuckets), a bucket, or an object in a bucket. */
export type S3Target = { kind: "service" } | BucketTarget | ObjectTarget;
export interface BucketTarget {
  kind: "bucket";
  bucket: string;
  virtualHost: boolean;
}
export interface ObjectTarget {
  kind: "object";
  bucket: string;
  key: string;
  virtualHost: boolean;
}

const VIRTUAL_HOST_SUFFIX = ".localhost";
const MAX_KEY_BYTES = 1024;

/**
 * AWS's S3 host names, with or without a leading `<bucket>.`: `s3.amazonaws.com`,
 * `s3.<region>.amazonaws.com`, `s3.dualstack.<region>...`, `s3-fips.<region>...`, the legacy
 * `s3-<region>` and `s3-external-1` forms, and China's `.amazonaws.com.cn`. In-process (msw) mode
 * answers SDK clients configured with no endpoint, which address buckets this way.
 */
const AWS_S3_HOST =
  /^(?:(.+)\.)?s3(?:-fips)?(?:\.dualstack)?(?:[.-](?:[a-z]{2}(?:-[a-z]+)+-\d+|external-1))?\.amazonaws\.com(?:\.cn)?$/u;

/** The host name of a Host header without its port (`[::1]:4700` → `[::1]`). */
export function hostnameOf(host: string): string {
  const trimmed = host.trim().toLowerCase();
  if (trimmed.startsWith("[")) return trimmed.slice(0, trimmed.indexOf("]") + 1);
  const colon = trimmed.lastIndexOf(":");
  return colon === -1 ? trimmed : trimmed.slice(0, colon);
}

/** Whether a host (port or not) is one of AWS's S3 endpoints, bucket-addressed or not. */
export const isAwsS3Host = (host: string): boolean => AWS_S3_HOST.test(hostnameOf(host));

/**
 * The bucket a Host header names by virtual-host addressing: `<bucket>.localhost`,
 * `<bucket>.s3[.<region>].amazonaws.com`, or `<bucket>.<base>` for each of `bases` (host names
 * such as the msw handlers' custom endpoint). Other hosts name no bucket.
 */
export function virtualHostBucket(host: string | null, bases: readonly string[] = []): string | undefined {
  if (host === null) return undefined;
  const hostname = hostnameOf(host);
  const aws = AWS_S3_HOST.exec(hostname);
  if (aws) return aws[1];
  for (const suffix of [VIRTUAL_HOST_SUFFIX, ...bases.map((base) => `.${hostnameOf(base)}`)]) {
    if (hostname.endsWith(suffix) && hostname.length > suffix.length) {
      return hostname.slice(0, -suffix.length);
    }
  }
  return undefined;
}

/** The path and query of a request-target as sent (origin-form, or absolute-form through a proxy). */
export function splitRequestTarget(target: string): { path: string; query: string } {
  const originForm = target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/iu, "");
  const hash = originForm.indexOf("#");
  const withoutFragment = hash === -1 ? originForm : originForm.slice(0, hash);
  const question = withoutFragment.indexOf("?");
  const path = question === -1 ? withoutFragment : withoutFragment.slice(0, question);
  return {
    path: path.startsWith("/") ? path : `/${path}`,
    query: question === -1 ? "" : withoutFragment.slice(question + 1),
  };
}

function decodeOnce(component: string): string {
  try {
    // decodeURIComponent leaves `+` alone: in a path it is a literal plus, as S3 reads it.
    return decodeURIComponent(component);
  } catch {
    throw new S3Error("InvalidURI");
  }
}

/**
 * The bucket and key of a request, from a virtual host (`<bucket>.localhost[:port]`, AWS's S3
 * hosts or one of `virtualHostBases`: the whole path is the key) or from the path (`/<bucket>/<key>`). The raw path is decoded exactly once,
 * so `%2F` in a key is a slash, `+` stays a plus, and `..` and `//` are ordinary key characters.
 */
export function resolveTarget(
  host: string | null,
  rawPath: string,
  virtualHostBases: readonly string[] = [],
): S3Target {
  const virtual = virtualHostBucket(host, virtualHostBases);
  const path = rawPath.slice(1);
  let bucket: string;
  let key: string;
  if (virtual !== undefined) {
    bucket = virtual;
    key = decodeOnce(path);
  } else {
    const slash = path.indexOf("/");
    bucket = decodeOnce(slash === -1 ? path : path.slice(0, slash));
    key = slash === -1 ? "" : decodeOnce(path.slice(slash + 1));
    if (bucket === "") return { kind: "service" };
  }
  if (key === "") return { kind: "bucket", bucket, virtualHost: virtual !== undefined };
  const size = Buffer.byteLength(key, "utf8");
  if (size > MAX_KEY_BYTES) {
    throw new S3Error("KeyTooLongError", undefined, { Size: size, MaxSizeAllowed: MAX_KEY_BYTES });
  }
  return { kind: "object", bucket, key, virtualHost: virtual !== undefined };
}

/** S3's `<Resource>`: the path-style form of what was addressed. */
export function resourceOf(target: S3Target | undefined): string {
  if (target === undefined || target.kind === "service") return "/";
  return target.kind === "bucket" ? `/${target.bucket}` : `/${target.bucket}/${target.key}`;
}
