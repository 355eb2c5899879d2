/**
 * Which protocol a request on the shared port speaks (DESIGN §1, like LocalStack's edge port).
 * SageMaker is always `POST /`, recognised by its `X-Amz-Target`, its content type or its SigV4
 * service; an unsigned browser `GET /` is a person looking for the portal; everything else outside
 * `/_gt/` is S3 (a signed `GET /` is ListBuckets).
 */
import { virtualHostBucket } from "../s3/addressing.js";
import { credentialScopeOf } from "./credential-scope.js";

export type Protocol = "sagemaker" | "portal" | "s3";

const isSigned = (request: Request, url: URL): boolean =>
  request.headers.has("authorization") || url.searchParams.has("X-Amz-Credential");

function isSageMakerCall(request: Request, url: URL): boolean {
  if (request.method !== "POST" || url.pathname !== "/") return false;
  return (
    request.headers.has("x-amz-target") ||
    (request.headers.get("content-type") ?? "").startsWith("application/x-amz-json") ||
    credentialScopeOf(request)?.service === "sagemaker"
  );
}

/** `virtualHostBases`: host names whose sub-domains name S3 buckets (see s3/addressing.ts). */
export function protocolOf(request: Request, virtualHostBases: readonly string[] = []): Protocol {
  const url = new URL(request.url);
  if (isSageMakerCall(request, url)) return "sagemaker";
  const browsing =
    request.method === "GET" &&
    url.pathname === "/" &&
    !isSigned(request, url) &&
    virtualHostBucket(request.headers.get("host") ?? url.host, virtualHostBases) === undefined;
  return browsing ? "portal" : "s3";
}
