/**
 * Which protocol a request on the shared port speaks (DESIGN §1, like LocalStack's edge port):
 * SageMaker is always `POST /` with an `X-Amz-Target`; an unsigned browser `GET /` is a person
 * looking for the portal; everything else outside `/_gt/` is S3 (a signed `GET /` is ListBuckets).
 */
export type Protocol = "sagemaker" | "portal" | "s3";

const isSigned = (request: Request, url: URL): boolean =>
  request.headers.has("authorization") || url.searchParams.has("X-Amz-Credential");

/** `<bucket>.localhost[:port]`: virtual-hosted S3 addressing. */
export function virtualHostBucket(host: string | null): string | undefined {
  const hostname = (host ?? "").replace(/:\d+$/u, "");
  const match = /^(.+)\.localhost$/u.exec(hostname);
  return match?.[1];
}

export function protocolOf(request: Request): Protocol {
  const url = new URL(request.url);
  if (request.method === "POST" && url.pathname === "/" && request.headers.has("x-amz-target"))
    return "sagemaker";
  if (
    request.method === "GET" &&
    url.pathname === "/" &&
    !isSigned(request, url) &&
    virtualHostBucket(request.headers.get("host")) === undefined
  ) {
    return "portal";
  }
  return "s3";
}
