import { S3Error } from "./s3-error.js";

/**
 * Who signed a request and how, as far as gt-local reads it. Signatures are not verified by
 * default (any credentials are accepted, as on the SageMaker side), but a presigned URL's expiry
 * is enforced on the emulator's clock. A `--verify-signatures` mode plugs in as a SignatureVerifier.
 */
export type RequestAuth =
  | { kind: "anonymous" }
  | { kind: "header"; authorization: string }
  | { kind: "presigned-v4"; presigned: PresignedV4 }
  | { kind: "presigned-v2"; accessKeyId: string; expires: Date; signature: string };

/** The query parameters of a SigV4 presigned URL, parsed and checked for shape. */
export interface PresignedV4 {
  algorithm: string;
  credential: string;
  signedAt: Date;
  expiresInSeconds: number;
  signedHeaders: string[];
  signature: string;
}

/** What a signature covers besides the Request: the path and query exactly as sent, and the time. */
export interface SignedTarget {
  /** The request-target's path, still percent-encoded (S3 signs it as sent). */
  path: string;
  /** The query string as sent, without `?`. */
  rawQuery: string;
}

/** Checks the signature of an authenticated request; throws SignatureDoesNotMatch & co. */
export type SignatureVerifier = (
  request: Request,
  auth: RequestAuth,
  scene: SignedTarget & { now: Date },
) => void | Promise<void>;

export const acceptAnySignature: SignatureVerifier = () => undefined;

const V4_PARAMETERS = [
  "X-Amz-Algorithm",
  "X-Amz-Credential",
  "X-Amz-Signature",
  "X-Amz-Date",
  "X-Amz-SignedHeaders",
  "X-Amz-Expires",
] as const;
const ALGORITHMS = new Set(["AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256"]);
const CREDENTIAL = /^[^/]+\/\d{8}\/[^/]+\/[^/]+\/aws4_request$/u;
const LONG_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/u;
/** S3 refuses presigned URLs valid for more than seven days. */
export const MAX_PRESIGN_SECONDS = 604_800;

const queryError = (message: string): S3Error => new S3Error("AuthorizationQueryParametersError", message);

/** Reads how the request is authenticated, then enforces expiry and (optionally) the signature. */
export async function authenticate(
  request: Request,
  query: URLSearchParams,
  now: Date,
  verify: SignatureVerifier = acceptAnySignature,
  target: SignedTarget = targetOf(request),
): Promise<RequestAuth> {
  const auth = readAuth(request, query);
  if (auth.kind === "presigned-v4") assertV4NotExpired(auth.presigned, now);
  if (auth.kind === "presigned-v2" && now.getTime() > auth.expires.getTime()) {
    throw expired(now, { Expires: isoSeconds(auth.expires) });
  }
  await verify(request, auth, { ...target, now });
  return auth;
}

/** The target from the Request's URL, for callers without the raw request line. */
function targetOf(request: Request): SignedTarget {
  const url = new URL(request.url);
  return { path: url.pathname, rawQuery: url.search.slice(1) };
}

export function readAuth(request: Request, query: URLSearchParams): RequestAuth {
  if (V4_PARAMETERS.some((name) => query.has(name))) {
    return { kind: "presigned-v4", presigned: parsePresignedV4(query) };
  }
  const authorization = request.headers.get("authorization");
  if (authorization !== null) return { kind: "header", authorization };
  const v2Expires = query.get("Expires");
  const accessKeyId = query.get("AWSAccessKeyId");
  const signature = query.get("Signature");
  if (v2Expires !== null && accessKeyId !== null && signature !== null && /^\d+$/u.test(v2Expires)) {
    return { kind: "presigned-v2", accessKeyId, signature, expires: new Date(Number(v2Expires) * 1000) };
  }
  return { kind: "anonymous" };
}

export function parsePresignedV4(query: URLSearchParams): PresignedV4 {
  const [algorithm, credential, signature, date, signedHeaders, expires] = V4_PARAMETERS.map((name) =>
    query.get(name),
  );
  if (
    algorithm == null ||
    credential == null ||
    signature == null ||
    date == null ||
    signedHeaders == null ||
    expires == null
  ) {
    throw queryError(
      "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.",
    );
  }
  if (!ALGORITHMS.has(algorithm)) throw queryError('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  if (!CREDENTIAL.test(credential)) {
    throw queryError(
      'Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    );
  }
  const signedAt = parseLongDate(date);
  if (signedAt === undefined) {
    throw queryError("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  }
  if (!/^-?\d+$/u.test(expires)) throw queryError("X-Amz-Expires should be a number");
  const expiresInSeconds = Number(expires);
  if (expiresInSeconds < 0) throw queryError("X-Amz-Expires must be non-negative");
  if (expiresInSeconds > MAX_PRESIGN_SECONDS) {
    throw queryError(
      `X-Amz-Expires must be less than a week (in seconds) that is; the given X-Amz-Expires must be less than ${MAX_PRESIGN_SECONDS} seconds`,
    );
  }
  return {
    algorithm,
    credential,
    signedAt,
    expiresInSeconds,
    signedHeaders: signedHeaders.split(";"),
    signature,
  };
}

/** Valid through X-Amz-Date + X-Amz-Expires inclusive; after that, 403 "Request has expired". */
export function assertV4NotExpired(presigned: PresignedV4, now: Date): void {
  const expiresAt = new Date(presigned.signedAt.getTime() + presigned.expiresInSeconds * 1000);
  if (now.getTime() > expiresAt.getTime()) {
    throw expired(now, { "X-Amz-Expires": presigned.expiresInSeconds, Expires: isoSeconds(expiresAt) });
  }
}

function expired(now: Date, details: Record<string, string | number>): S3Error {
  return new S3Error("AccessDenied", "Request has expired", { ...details, ServerTime: isoSeconds(now) });
}

/** `yyyyMMdd'T'HHmmss'Z'`, strictly (a calendar-invalid date such as 20260231 is refused). */
export function parseLongDate(text: string): Date | undefined {
  const match = LONG_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const roundTrips =
    date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
  return roundTrips ? date : undefined;
}

/** S3 writes these times without milliseconds: `2026-01-01T01:00:00Z`. */
const isoSeconds = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/u, "Z");
