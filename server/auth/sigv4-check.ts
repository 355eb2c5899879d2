import { createHash, timingSafeEqual } from "node:crypto";
import type { SignatureV4 } from "@smithy/signature-v4";
import { parseLongDate, type PresignedV4 } from "../s3/authenticate.js";
import type { AccessKeyring } from "./access-keys.js";
import {
  parseCredentialScope,
  type CredentialScope,
  type SigV4Authorization,
} from "./sigv4-authorization.js";

/*
 * Checks SigV4 signatures by signing the request again with the secret of its key id and comparing.
 * The signature itself is computed by @smithy/signature-v4, the signer of the AWS SDK for
 * JavaScript, never by code of ours: we only hand it the request exactly as the client signed it
 * (the headers it listed, the path as sent, the payload hash it declared).
 *
 * Gaps: a request that signed `Date` instead of `X-Amz-Date` does not verify (every AWS SDK and
 * the CLI sign X-Amz-Date); the per-chunk signatures of `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`
 * bodies are not checked (the seed signature, over the headers, is); session tokens are not
 * checked (every token works with a configured key id and secret).
 */

/** AWS refuses a header signature more than 15 minutes away from its own clock. */
export const MAX_SKEW_MS = 15 * 60 * 1000;

export type SigV4Failure =
  | { reason: "malformed"; message: string }
  | { reason: "wrong-service"; service: string; expected: string }
  | { reason: "unknown-key"; accessKeyId: string }
  | { reason: "skewed"; signedAt: Date }
  | { reason: "mismatch"; accessKeyId: string; signatureProvided: string };

/** A request as the client signed it. */
export interface SignedRequest {
  /**
   * How the canonical request is built: `s3` keeps the path exactly as sent and takes the payload
   * hash from `x-amz-content-sha256`; `json` (SageMaker) normalizes the path and hashes `body`.
   */
  style: "s3" | "json";
  method: string;
  /** The path as it came on the request line, still percent-encoded. */
  path: string;
  /** The query string as sent, without `?`. */
  rawQuery: string;
  headers: Headers;
  /** For a missing Host header (requests that never crossed a socket). */
  host: string;
  /** The body, for `json` requests (their payload hash is computed, not declared). */
  body?: Uint8Array;
}

type SigningRequest = Parameters<SignatureV4["presign"]>[0];
type Query = Record<string, string | string[]>;

const EMPTY_SHA256 = createHash("sha256").digest("hex");
const PAYLOAD_HEADER = "x-amz-content-sha256";
const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
/** Headers the smithy signer adds or reads on its own: left out of the signature unless the client signed them. */
const SIGNER_HEADERS = ["x-amz-date", PAYLOAD_HEADER, "x-amz-security-token"] as const;
/** A presigned URL's own parameters: the signer writes them again from the values it is given. */
const PRESIGN_PARAMETERS = new Set([
  "X-Amz-Algorithm",
  "X-Amz-Credential",
  "X-Amz-Date",
  "X-Amz-Expires",
  "X-Amz-SignedHeaders",
  "X-Amz-Signature",
  "X-Amz-Security-Token",
]);

/** An `Authorization`-header signature: key, service, clock skew, then the signature itself. */
export async function checkHeaderSignature(
  request: SignedRequest,
  authorization: SigV4Authorization,
  options: { service: string; keyring: AccessKeyring; now: Date },
): Promise<SigV4Failure | undefined> {
  const { scope, signedHeaders, signature } = authorization;
  const refused = checkScope(scope, options.service, options.keyring);
  if (refused) return refused;
  const signedAt = requestTime(request.headers);
  if (signedAt === undefined) {
    return {
      reason: "malformed",
      message: "AWS authentication requires a valid Date or x-amz-date header",
    };
  }
  if (Math.abs(options.now.getTime() - signedAt.getTime()) > MAX_SKEW_MS)
    return { reason: "skewed", signedAt };
  const signed = new Set(signedHeaders);
  const payloadHash = payloadHashOf(request);
  if (payloadHash === undefined) {
    return { reason: "malformed", message: `Missing required header for this request: ${PAYLOAD_HEADER}` };
  }
  const headers = signedHeaderValues(request, signedHeaders);
  // The signer reads the payload hash from this header; it is part of the signature only if listed.
  headers[PAYLOAD_HEADER] = payloadHash;
  const securityToken = signed.has("x-amz-security-token")
    ? (request.headers.get("x-amz-security-token") ?? undefined)
    : undefined;
  const signer = await signerFor(request, scope, options.keyring, securityToken);
  const resigned = await signer.sign(signingRequest(request, headers, parseQuery(request.rawQuery)), {
    signingDate: signedAt,
    signingRegion: scope.region,
    signingService: scope.service,
    signableHeaders: signed,
    unsignableHeaders: new Set(SIGNER_HEADERS.filter((name) => !signed.has(name))),
  });
  const expected = /Signature=([0-9a-f]+)/u.exec(String(resigned.headers.authorization))?.[1] ?? "";
  return sameSignature(expected, signature)
    ? undefined
    : { reason: "mismatch", accessKeyId: scope.accessKeyId, signatureProvided: signature };
}

/** A presigned URL's signature (its expiry is enforced before, on the emulator's clock). */
export async function checkPresignedSignature(
  request: SignedRequest,
  presigned: PresignedV4,
  options: { service: string; keyring: AccessKeyring },
): Promise<SigV4Failure | undefined> {
  const scope = parseCredentialScope(presigned.credential);
  if (scope === undefined) {
    return { reason: "malformed", message: "Error parsing the X-Amz-Credential parameter." };
  }
  const refused = checkScope(scope, options.service, options.keyring);
  if (refused) return refused;
  const parsed = parseQuery(request.rawQuery);
  const securityToken = parsed["X-Amz-Security-Token"];
  const query = Object.fromEntries(Object.entries(parsed).filter(([name]) => !PRESIGN_PARAMETERS.has(name)));
  const signedHeaders = presigned.signedHeaders.map((name) => name.trim().toLowerCase());
  const signed = new Set(signedHeaders);
  const headers = signedHeaderValues(request, signedHeaders);
  // A presigned URL's payload is UNSIGNED-PAYLOAD unless the client signed a hash header.
  headers[PAYLOAD_HEADER] ??= UNSIGNED_PAYLOAD;
  const signer = await signerFor(
    request,
    scope,
    options.keyring,
    typeof securityToken === "string" ? securityToken : undefined,
  );
  const resigned = await signer.presign(signingRequest(request, headers, query), {
    signingDate: presigned.signedAt,
    expiresIn: presigned.expiresInSeconds,
    signingRegion: scope.region,
    signingService: scope.service,
    signableHeaders: signed,
    unsignableHeaders: new Set(SIGNER_HEADERS.filter((name) => !signed.has(name))),
    // Keep every header where the client had it: hoisting x-amz-* ones would change the request.
    unhoistableHeaders: new Set(Object.keys(headers)),
  });
  const expected = resigned.query?.["X-Amz-Signature"];
  return typeof expected === "string" && sameSignature(expected, presigned.signature)
    ? undefined
    : { reason: "mismatch", accessKeyId: scope.accessKeyId, signatureProvided: presigned.signature };
}

function checkScope(
  scope: CredentialScope,
  service: string,
  keyring: AccessKeyring,
): SigV4Failure | undefined {
  if (scope.service !== service)
    return { reason: "wrong-service", service: scope.service, expected: service };
  if (keyring.secretOf(scope.accessKeyId) === undefined) {
    return { reason: "unknown-key", accessKeyId: scope.accessKeyId };
  }
  return undefined;
}

/**
 * The smithy signer loads with the first signature checked, not with every start: only
 * `--verify-signatures` checks signatures, and it is among the slowest modules to load.
 */
let smithySigner:
  Promise<[typeof import("@smithy/signature-v4"), typeof import("@smithy/hash-node")]> | undefined;

async function signerFor(
  request: SignedRequest,
  scope: CredentialScope,
  keyring: AccessKeyring,
  sessionToken: string | undefined,
): Promise<SignatureV4> {
  smithySigner ??= Promise.all([import("@smithy/signature-v4"), import("@smithy/hash-node")]);
  const [{ SignatureV4 }, { Hash }] = await smithySigner;
  return new SignatureV4({
    service: scope.service,
    region: scope.region,
    credentials: {
      accessKeyId: scope.accessKeyId,
      secretAccessKey: keyring.secretOf(scope.accessKeyId) ?? "",
      ...(sessionToken === undefined ? {} : { sessionToken }),
    },
    sha256: Hash.bind(null, "sha256"),
    // S3 signs the path as sent; other services normalize and encode it once more.
    uriEscapePath: request.style !== "s3",
    applyChecksum: false,
  });
}

function signingRequest(
  request: SignedRequest,
  headers: Record<string, string>,
  query: Query,
): SigningRequest {
  return {
    method: request.method,
    protocol: "http:",
    hostname: request.host,
    path: request.path,
    query,
    headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  };
}

/** The listed headers with the values received (Host falls back to the URL's). */
function signedHeaderValues(request: SignedRequest, names: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = request.headers.get(name) ?? (name === "host" ? request.host : null);
    if (value !== null) headers[name] = value;
  }
  return headers;
}

/**
 * S3: the declared `x-amz-content-sha256` (the body is checked against a hex one as it is read).
 * JSON: the body's own hash; a declared one must equal it, or the body was changed after signing.
 */
function payloadHashOf(request: SignedRequest): string | undefined {
  const declared = request.headers.get(PAYLOAD_HEADER) ?? undefined;
  if (request.style === "s3") return declared;
  const actual =
    request.body === undefined ? EMPTY_SHA256 : createHash("sha256").update(request.body).digest("hex");
  return declared === undefined || declared.toLowerCase() === actual ? actual : `${actual}-tampered`;
}

/** `X-Amz-Date` (`20260101T000000Z`), else an HTTP `Date` header. */
function requestTime(headers: Headers): Date | undefined {
  const amzDate = headers.get("x-amz-date");
  if (amzDate !== null) return parseLongDate(amzDate.trim());
  const date = headers.get("date");
  if (date === null) return undefined;
  const parsed = new Date(date);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/**
 * The query string decoded once per name and value. `+` stays a plus (S3 reads it so, and clients
 * encode a space as %20); a malformed escape is kept as sent.
 */
function parseQuery(rawQuery: string): Query {
  const query: Query = {};
  for (const pair of rawQuery.split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const name = decodeOnce(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? "" : decodeOnce(pair.slice(equals + 1));
    const previous = query[name];
    query[name] =
      previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return query;
}

function decodeOnce(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function sameSignature(expected: string, provided: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(provided);
  return a.length === b.length && timingSafeEqual(a, b);
}
