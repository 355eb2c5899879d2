import type { Clock } from "../../emulator/clock.js";
import { GtError } from "../../emulator/errors.js";
import type { S3Engine } from "../../emulator/objects/embedded/s3-engine.js";
import { resolveTarget, splitRequestTarget, type S3Target } from "./addressing.js";
import { authenticate, type SignatureVerifier } from "./authenticate.js";
import { preflightResponse } from "./cors.js";
import { detectOperation } from "./detect-operation.js";
import { errorResponse } from "./error-response.js";
import type { DetectedOperation, S3Call } from "./operation.js";
import { S3_OPERATIONS } from "./operation-registry.js";
import { bodyFullyRead } from "./request-body.js";
import { S3Error } from "./s3-error.js";
import { withCommonHeaders } from "./s3-response.js";

/*
 * The S3 REST API as a Fetch function (Request in, Response out), on the same port as SageMaker.
 *
 * Gaps: versioning (only `versionId=null` is accepted), ACLs, policies, tagging, lifecycle, CORS
 * and website configuration, object lock, SSE, storage classes, ListMultipartUploads,
 * UploadPartCopy, POST form uploads and SelectObjectContent answer 501 NotImplemented, as does
 * reading one part (`?partNumber=`) of a multipart object. Part checksums are not kept. Conditional
 * PUTs (If-Match, If-None-Match: *) are checked just before the write, not atomically with it.
 * User metadata has no 2 KB limit. `Expect: 100-continue` is always answered 100 (node does it
 * before any handler runs), so a refused upload's body is sent and the connection then closed.
 * By design: all credentials are accepted and signatures are not verified unless the server runs
 * with `--verify-signatures` (server/auth/s3-signatures.ts), but presigned URLs always expire on
 * the emulator's clock. A bucket's region comes from
 * LocationConstraint, else the SigV4 scope, else the default region (S3 would refuse a mismatch).
 * Every bucket behaves as if its CORS rule allowed any origin. ListObjectsV2 continuation tokens
 * are keyset cursors, stable while keys are added.
 * Client quirks: current SDKs upload with `Content-Encoding: aws-chunked` and a CRC32 checksum in
 * a trailer (aws-chunked.ts decodes it; the checksum is stored and returned for
 * `x-amz-checksum-mode: ENABLED`, which the JS SDK sends on every GetObject). The JS SDK adds
 * `?x-id=<Operation>` to object URLs (ignored). Keys may contain `..` and `//`, which WHATWG URL
 * parsing folds, so the raw request-target is read when the adapter passes it (`rawTarget`).
 */
export interface S3Context {
  engine: S3Engine;
  clock: Clock;
  requestId: string;
  /** Region for buckets created without a LocationConstraint by unsigned requests. */
  defaultRegion: string;
  /**
   * The request-target exactly as received (node's `req.url`). A Fetch Request's URL has had `.`
   * and `..` segments resolved, which would change keys such as `a/../b`; adapters that can see
   * the raw target should pass it.
   */
  rawTarget?: string;
  /** Host names whose sub-domains name buckets, besides `localhost` and AWS's S3 hosts (msw mode). */
  virtualHostBases?: readonly string[];
  /** Signature verification (`--verify-signatures`, server/auth/); by default none. */
  verifySignature?: SignatureVerifier;
  /** Told about errors that are our bugs (answered 500 InternalError), e.g. to log them. */
  onInternalError?: (error: unknown) => void;
}

export async function handleS3(request: Request, context: S3Context): Promise<Response> {
  const url = new URL(request.url);
  const { path, query: search } = splitRequestTarget(context.rawTarget ?? url.pathname + url.search);
  const query = new URLSearchParams(search);
  let target: S3Target | undefined;
  try {
    // 1. CORS preflight: answered before anything else, as browsers send it without credentials.
    if (request.method === "OPTIONS") return withCommonHeaders(preflightResponse(request), context.requestId);
    // 2. Addressing: the bucket from `<bucket>.localhost` or the path, the key decoded exactly once.
    target = resolveTarget(request.headers.get("host") ?? url.host, path, context.virtualHostBases);
    // 3. Authentication: presigned URLs expire on the emulator's clock; signatures are verified only
    //    with `--verify-signatures` (a SignatureVerifier from server/auth/).
    await authenticate(request, query, context.clock.now(), context.verifySignature, {
      path,
      rawQuery: search,
    });
    // 4. Which operation: method, what is addressed, subresources, x-amz-copy-source.
    const detected = detectOperation(request.method, target, query, request.headers);
    // 5. The operation itself: one small file each, one or two calls into the engine.
    const call: S3Call = {
      request,
      headers: request.headers,
      query,
      engine: context.engine,
      clock: context.clock,
      defaultRegion: context.defaultRegion,
      origin: url.origin,
    };
    const response = await runOperation(detected, call);
    // 6. Request ids and CORS headers on every answer.
    return withCommonHeaders(response, context.requestId);
  } catch (error) {
    // 7. Errors are serialized once as S3's XML; HEAD answers carry the status and headers only.
    if (!(error instanceof S3Error || error instanceof GtError) && !request.signal.aborted) {
      context.onInternalError?.(error);
    }
    const response = errorResponse(error, {
      method: request.method,
      target,
      query,
      requestId: context.requestId,
    });
    await abandonBody(request, response);
    return withCommonHeaders(response, context.requestId);
  }
}

function runOperation(detected: DetectedOperation, call: S3Call): Response | Promise<Response> {
  switch (detected.scope) {
    case "service":
      return S3_OPERATIONS.service[detected.operation](call);
    case "bucket": {
      const { bucket, virtualHost } = detected.target;
      return S3_OPERATIONS.bucket[detected.operation]({ ...call, bucket, virtualHost });
    }
    case "object": {
      const { bucket, key, virtualHost } = detected.target;
      return S3_OPERATIONS.object[detected.operation]({ ...call, bucket, key, virtualHost });
    }
  }
}

/**
 * An upload refused before its body was read (NoSuchBucket on a PUT...) leaves bytes on the
 * connection. Like S3, close it after the error instead of reading what nobody will store.
 */
async function abandonBody(request: Request, response: Response): Promise<void> {
  if (bodyFullyRead(request)) return;
  response.headers.set("connection", "close");
  if (request.body !== null && !request.body.locked) await request.body.cancel().catch(() => undefined);
}
