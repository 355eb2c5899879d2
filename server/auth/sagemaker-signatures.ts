import { MAX_SAGEMAKER_BODY_BYTES } from "../sagemaker/handle-sagemaker.js";
import { jsonResponse } from "../sagemaker/wire-json.js";
import type { AccessKeyring } from "./access-keys.js";
import { readAuthorization } from "./sigv4-authorization.js";
import { checkHeaderSignature, type SigV4Failure } from "./sigv4-check.js";

/**
 * `--verify-signatures` for the SageMaker JSON 1.1 API: a request must carry a SigV4 Authorization
 * header by a configured key, or it is refused as SageMaker (a Coral service) refuses it, HTTP 400
 * with `{"__type", "message"}`: `MissingAuthenticationTokenException` (unsigned),
 * `IncompleteSignature` (a malformed header), `UnrecognizedClientException` (an unknown key id),
 * `InvalidSignatureException` (a wrong signature, another service's scope, or a clock more than 15
 * minutes off: "Signature expired: ...").
 */
export type SageMakerVerifier = (request: Request, context: VerifyContext) => Promise<Response | undefined>;

export interface VerifyContext {
  requestId: string;
  now: Date;
}

export function sageMakerSignatureVerifier(keyring: AccessKeyring): SageMakerVerifier {
  return async (request, { requestId, now }) => {
    const header = request.headers.get("authorization");
    if (header === null) {
      return refuse(
        "MissingAuthenticationTokenException",
        "Request is missing Authentication Token",
        requestId,
      );
    }
    const reading = readAuthorization(header);
    if (reading.kind === "unsupported") {
      return refuse("IncompleteSignature", `Unsupported authorization type: ${reading.scheme}`, requestId);
    }
    if (reading.kind === "malformed") return refuse("IncompleteSignature", reading.message, requestId);
    const url = new URL(request.url);
    const body = await bodyOf(request);
    // Over the size limit: the operation refuses it before doing anything, signed or not.
    if (body === undefined) return undefined;
    const failure = await checkHeaderSignature(
      {
        style: "json",
        method: request.method,
        path: url.pathname,
        rawQuery: url.search.slice(1),
        headers: request.headers,
        host: url.host,
        body,
      },
      reading.authorization,
      { service: "sagemaker", keyring, now },
    );
    return failure ? refusal(failure, now, requestId) : undefined;
  };
}

/**
 * The body is hashed into the signature: read it from a clone (the operation reads the original),
 * up to the size SageMaker requests may have.
 */
async function bodyOf(request: Request): Promise<Uint8Array | undefined> {
  if (Number(request.headers.get("content-length") ?? "0") > MAX_SAGEMAKER_BODY_BYTES) return undefined;
  const stream = request.clone().body;
  if (stream === null) return new Uint8Array();
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > MAX_SAGEMAKER_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
}

function refusal(failure: SigV4Failure, now: Date, requestId: string): Response {
  switch (failure.reason) {
    case "malformed":
      return refuse("IncompleteSignature", failure.message, requestId);
    case "wrong-service":
      return refuse(
        "InvalidSignatureException",
        `Credential should be scoped to correct service: '${failure.expected}'. `,
        requestId,
      );
    case "unknown-key":
      return refuse(
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
        requestId,
      );
    case "skewed":
      return refuse("InvalidSignatureException", skewMessage(failure.signedAt, now), requestId, {
        // The server's time lets SDKs that correct clock skew (the JS SDK) sign again right.
        date: now.toUTCString(),
      });
    case "mismatch":
      return refuse(
        "InvalidSignatureException",
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
        requestId,
      );
  }
}

/** AWS's wording: "Signature expired: <signed> is now earlier than <now - 15 min> (<now> - 15 min.)". */
function skewMessage(signedAt: Date, now: Date): string {
  const limit = 15 * 60 * 1000;
  return signedAt.getTime() < now.getTime()
    ? `Signature expired: ${longDate(signedAt)} is now earlier than ${longDate(new Date(now.getTime() - limit))} (${longDate(now)} - 15 min.)`
    : `Signature not yet current: ${longDate(signedAt)} is still later than ${longDate(new Date(now.getTime() + limit))} (${longDate(now)} + 15 min.)`;
}

const longDate = (date: Date): string => date.toISOString().replace(/[-:]|\.\d{3}/gu, "");

function refuse(
  code: string,
  message: string,
  requestId: string,
  headers: Record<string, string> = {},
): Response {
  return jsonResponse({ __type: code, message, Message: message }, requestId, 400, {
    "x-amzn-errortype": code,
    ...headers,
  });
}
