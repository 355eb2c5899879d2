/**
 * Reads a SigV4 `Authorization` header:
 * `AWS4-HMAC-SHA256 Credential=<AKID>/<date>/<region>/<service>/aws4_request, SignedHeaders=a;b, Signature=<hex>`.
 * Only its shape is checked here; sigv4-check.ts decides whether the signature is right.
 */
export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

export interface SigV4Authorization {
  scope: CredentialScope;
  /** Lower-cased header names, in the order the client listed them. */
  signedHeaders: string[];
  signature: string;
}

export type AuthorizationReading =
  | { kind: "sigv4"; authorization: SigV4Authorization }
  /** Another scheme (SigV2's `AWS <id>:<sig>`, SigV4a): gt-local verifies SigV4 only. */
  | { kind: "unsupported"; scheme: string }
  | { kind: "malformed"; message: string };

const SCOPE = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/u;
const ALGORITHM = "AWS4-HMAC-SHA256";

export function parseCredentialScope(credential: string): CredentialScope | undefined {
  const match = SCOPE.exec(credential.trim());
  if (!match) return undefined;
  const [, accessKeyId = "", date = "", region = "", service = ""] = match;
  return { accessKeyId, date, region, service };
}

export function readAuthorization(header: string): AuthorizationReading {
  const trimmed = header.trim();
  const space = trimmed.indexOf(" ");
  const scheme = space === -1 ? trimmed : trimmed.slice(0, space);
  if (scheme !== ALGORITHM) return { kind: "unsupported", scheme };
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(space + 1).split(",")) {
    const equals = part.indexOf("=");
    if (equals !== -1) fields.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  const credential = fields.get("Credential");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  const missing = [
    ...(credential === undefined ? ["Credential"] : []),
    ...(signedHeaders === undefined ? ["SignedHeaders"] : []),
    ...(signature === undefined ? ["Signature"] : []),
  ];
  if (credential === undefined || signedHeaders === undefined || signature === undefined) {
    return {
      kind: "malformed",
      message: `Authorization header requires ${missing.map((name) => `'${name}'`).join(", ")} parameter${missing.length === 1 ? "" : "s"}.`,
    };
  }
  const scope = parseCredentialScope(credential);
  if (scope === undefined) {
    return {
      kind: "malformed",
      message: `The Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`,
    };
  }
  if (!/^[0-9a-f]{64}$/u.test(signature)) {
    return { kind: "malformed", message: "The Signature is not 64 lower-case hexadecimal digits." };
  }
  return {
    kind: "sigv4",
    authorization: {
      scope,
      signedHeaders: signedHeaders.split(";").map((name) => name.trim().toLowerCase()),
      signature,
    },
  };
}
