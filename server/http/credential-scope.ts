/**
 * Reads the SigV4 credential scope (`<AKID>/<date>/<region>/<service>/aws4_request`) from a request's
 * Authorization header or, for presigned URLs, its `X-Amz-Credential` query parameter. The region in
 * it decides which region a request acts in, as on AWS; the service tells SageMaker from S3 calls.
 */
export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

const SCOPE = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/u;

function parseScope(credential: string): CredentialScope | undefined {
  const match = SCOPE.exec(credential.trim());
  if (!match) return undefined;
  const [, accessKeyId = "", date = "", region = "", service = ""] = match;
  return { accessKeyId, date, region, service };
}

export function credentialScopeOf(request: Request): CredentialScope | undefined {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) return credentialScopeOfAuthorization(authorization);
  const query = new URL(request.url).searchParams.get("X-Amz-Credential");
  return query === null ? undefined : parseScope(query);
}

/** The scope in an `Authorization: AWS4-HMAC-SHA256 Credential=...` header's value. */
export function credentialScopeOfAuthorization(authorization: string): CredentialScope | undefined {
  const credential = /Credential=([^,\s]+)/u.exec(authorization)?.[1];
  return credential === undefined ? undefined : parseScope(credential);
}
