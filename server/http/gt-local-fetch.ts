import type { Emulator } from "../../emulator/emulator.js";
import { GtError } from "../../emulator/errors.js";
import type { AccessKeyring } from "../auth/access-keys.js";
import { s3SignatureVerifier } from "../auth/s3-signatures.js";
import { sageMakerSignatureVerifier } from "../auth/sagemaker-signatures.js";
import { ADMIN_BASE } from "../admin/admin-context.js";
import { handleAdmin } from "../admin/handle-admin.js";
import { handleSageMaker } from "../sagemaker/handle-sagemaker.js";
import { eventStream } from "./event-delivery.js";
import { healthResponse } from "./health.js";
import { protocolOf } from "./route-request.js";

/*
 * gt-local's one Fetch entry point: everything a client reaches on the shared endpoint that is not
 * a portal page. express mounts it on the port (server/app.ts) and msw mounts it in-process
 * (server/msw/), so both modes give the same answers from the same code.
 */

/** Where a request failed inside gt-local, for the log. */
export type FailedProtocol = "sagemaker" | "s3" | "admin" | "gt-local";

export interface GtLocalFetchOptions {
  emulator: Emulator;
  /** Region for requests that carry no SigV4 credential scope (browsers, curl, the admin API). */
  defaultRegion: string;
  /** Set when objects live in an external S3: gt-local's own S3 routes then point there. */
  externalS3Endpoint?: string;
  /** Host names whose sub-domains name S3 buckets, besides `localhost` and AWS's S3 hosts. */
  virtualHostBases?: readonly string[];
  /** Errors that are gt-local's own bugs (answered 500), for the log. */
  onInternalError?: (error: unknown, where: { requestId: string; protocol: FailedProtocol }) => void;
  /** `--verify-signatures`: SageMaker and S3 requests need a SigV4 signature by one of these keys. */
  verifySignatures?: AccessKeyring;
}

export interface RequestFacts {
  /** Returned as `x-amzn-RequestId` on every answer, and S3's `x-amz-request-id`. */
  requestId: string;
  /**
   * The request-target exactly as received (node's `req.originalUrl`), when the adapter has it:
   * a Fetch URL has `.` and `..` segments resolved, which would change S3 keys like `a/../b`.
   */
  rawTarget?: string;
  /**
   * The request carries a portal session (server/app.ts): with `--verify-signatures`, an unsigned
   * SageMaker call from the portal's own pages (the template preview's RenderUiTemplate) passes.
   */
  portalSession?: boolean;
}

export type GtLocalFetch = (request: Request, facts: RequestFacts) => Promise<Response>;

/**
 * The S3 protocol (its routes, operations and XML parser, a sixth of what a start loaded) loads
 * with the first S3 request, so that a start does not wait for it (issue 10, target 6).
 */
let s3Protocol: Promise<typeof import("../s3/handle-s3.js")> | undefined;
const loadS3Protocol = (): Promise<typeof import("../s3/handle-s3.js")> =>
  (s3Protocol ??= import("../s3/handle-s3.js"));

export function createGtLocalFetch(options: GtLocalFetchOptions): GtLocalFetch {
  const startedAt = performance.now();
  const { emulator, defaultRegion, virtualHostBases = [] } = options;
  const verifyS3 = options.verifySignatures && s3SignatureVerifier(options.verifySignatures);
  const verifySageMaker = options.verifySignatures && sageMakerSignatureVerifier(options.verifySignatures);
  const internalError =
    (requestId: string, protocol: FailedProtocol) =>
    (error: unknown): void => {
      options.onInternalError?.(error, { requestId, protocol });
    };

  const dispatch = (
    request: Request,
    { requestId, rawTarget, portalSession }: RequestFacts,
  ): Promise<Response> | Response => {
    const { pathname } = new URL(request.url);
    // 1. gt-local's own surface under /_gt/: health, job events, the testing/admin API.
    if (pathname === "/_gt/health" && (request.method === "GET" || request.method === "HEAD")) {
      return healthResponse(startedAt);
    }
    // Job state changes as server-sent events (before the admin API's routes). GET only: a HEAD
    // would open a stream nobody reads.
    if (pathname === `${ADMIN_BASE}/events` && request.method === "GET") {
      return eventStream(request, emulator.events);
    }
    if (pathname === ADMIN_BASE || pathname.startsWith(`${ADMIN_BASE}/`)) {
      return handleAdmin(request, {
        emulator,
        requestId,
        defaultRegion,
        onInternalError: internalError(requestId, "admin"),
      });
    }
    // 2. Everything else: SageMaker, S3, or a person looking for the portal.
    switch (protocolOf(request, virtualHostBases)) {
      case "sagemaker": {
        const fromPortal = portalSession === true && !request.headers.has("authorization");
        return handleSageMaker(request, {
          emulator,
          requestId,
          defaultRegion,
          onInternalError: internalError(requestId, "sagemaker"),
          ...(verifySageMaker && !fromPortal ? { verifySignature: verifySageMaker } : {}),
        });
      }
      case "portal":
        return new Response(null, { status: 302, headers: { location: "/_gt/" } });
      case "s3": {
        const engine = emulator.s3;
        return engine
          ? loadS3Protocol().then(({ handleS3 }) =>
              handleS3(request, {
                engine,
                clock: emulator.clock,
                requestId,
                defaultRegion,
                virtualHostBases,
                ...(rawTarget === undefined ? {} : { rawTarget }),
                ...(verifyS3 ? { verifySignature: verifyS3 } : {}),
                onInternalError: internalError(requestId, "s3"),
              }),
            )
          : externalS3Notice(request, requestId, options.externalS3Endpoint);
      }
    }
  };

  return async (request, facts) => {
    let response: Response;
    try {
      response = await dispatch(request, facts);
    } catch (error) {
      // Each protocol answers its own errors; reaching here is a bug in gt-local itself.
      internalError(facts.requestId, "gt-local")(error);
      response = Response.json({ error: "InternalFailure" }, { status: 500 });
    }
    return withRequestId(response, facts.requestId);
  };
}

/** The same request id header on every answer, whichever adapter carries it. */
function withRequestId(response: Response, requestId: string): Response {
  try {
    response.headers.set("x-amzn-requestid", requestId);
    return response;
  } catch {
    // Headers of some responses (Response.redirect, fetched ones) are immutable: copy them.
    const copy = new Response(response.body, response);
    copy.headers.set("x-amzn-requestid", requestId);
    return copy;
  }
}

/** With an external S3, objects are not here: say where they are, in S3's own error format. */
async function externalS3Notice(
  request: Request,
  requestId: string,
  endpoint: string | undefined,
): Promise<Response> {
  const { errorResponse: s3ErrorResponse } = await import("../s3/error-response.js");
  const error = new GtError(
    "InvalidRequest",
    `gt-local keeps objects in the external S3 at ${endpoint ?? "(unknown)"}; send S3 requests there.`,
  );
  return s3ErrorResponse(error, {
    method: request.method,
    target: undefined,
    query: new URLSearchParams(),
    requestId,
  });
}
