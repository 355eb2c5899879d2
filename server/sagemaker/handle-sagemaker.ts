import type { Emulator } from "../../emulator/emulator.js";
import type { SageMakerVerifier } from "../auth/sagemaker-signatures.js";
import { GtError, validationError } from "../../emulator/errors.js";
import { closeIfAbandoned, readBodyText, type BodyLimit } from "../http/bounded-body.js";
import { credentialScopeOf } from "../http/credential-scope.js";
import { errorAnswer } from "./error-response.js";
import { OPERATIONS } from "./operation-registry.js";
import type { OperationHandler } from "./operation.js";
import { resolveTarget } from "./resolve-target.js";
import { parseOperationInput } from "./validation/index.js";
import { answerResponse, wireJsonAnswer, type WireJsonAnswer } from "./wire-json.js";
import type { SageMakerOperation } from "./generated/model.js";

/*
 * The SageMaker AWS JSON 1.1 protocol as a Fetch function (Request in, Response out), so express
 * and msw mount the very same code.
 *
 * Gaps: SigV4 signatures are verified only with `--verify-signatures` (otherwise every credential
 * is accepted, like dynalite); the account id is configuration, not derived from the access key.
 * By design: unknown members are ignored (Coral does the same); validation is all server-side
 * because the JS SDK validates nothing and botocore only required/min.
 * Client quirks: the JS SDK posts to `/` with a trailing slash; botocore sends `{}` for empty input.
 */
export interface SageMakerContext {
  emulator: Emulator;
  requestId: string;
  /** Region for requests that carry no SigV4 credential scope. */
  defaultRegion: string;
  /** Called with errors that become a 500 (our bugs), so they reach the log. */
  onInternalError?: (error: unknown) => void;
  /** `--verify-signatures`: answers the refusal of a request that is not signed right (server/auth/). */
  verifySignature?: SageMakerVerifier;
}

/**
 * What the protocol reads of a SageMaker request, whichever transport carried it: the Fetch
 * Request here, or node's request on the server's fast path (server/http/sagemaker-fast-path.ts).
 */
export interface SageMakerCall {
  /** `X-Amz-Target`, e.g. `SageMaker.DescribeLabelingJob`. */
  target: string | null;
  /** The region of the SigV4 credential scope, when the request carries one. */
  signedRegion: string | undefined;
  /** `host:port` the client used to reach gt-local: the worker portal's "sub-domain". */
  publicHost: string;
  /** The body as text, read only once the operation is known to exist. */
  readBody: () => Promise<string>;
}

export async function handleSageMaker(request: Request, context: SageMakerContext): Promise<Response> {
  try {
    // 0. Authentication, as AWS checks it first: only with --verify-signatures.
    const refused = await context.verifySignature?.(request, {
      requestId: context.requestId,
      now: context.emulator.clock.now(),
    });
    if (refused) return refused;
  } catch (error) {
    if (!(error instanceof GtError)) context.onInternalError?.(error);
    return answerResponse(errorAnswer(error, context.requestId));
  }
  const answer = await answerSageMaker(
    {
      target: request.headers.get("x-amz-target"),
      signedRegion: credentialScopeOf(request)?.region,
      publicHost: request.headers.get("host") ?? new URL(request.url).host,
      // An over-size body is refused as it streams in.
      readBody: () => readBodyText(request, BODY_LIMIT),
    },
    context,
  );
  return closeIfAbandoned(request, answerResponse(answer));
}

/** Steps 1-7 of every SageMaker call, the one place that answers them for every transport. */
export async function answerSageMaker(
  call: SageMakerCall,
  context: SageMakerContext,
): Promise<WireJsonAnswer> {
  try {
    // 1. Which operation: X-Amz-Target, checked against the vendored model.
    const operation = resolveTarget(call.target);
    // 2. Which account and region: the SigV4 credential scope, else the configured default.
    const scope = context.emulator.scopeFor(call.signedRegion ?? context.defaultRegion);
    // 3. The body: JSON text to a plain value.
    const body = parseJsonBody(await call.readBody());
    // 4. Validation from the model: constraints → ValidationException, types → SerializationException.
    const input = parseOperationInput(operation, body);
    // 5. The operation itself: one call into the core.
    const output = await runOperation(operation, input, {
      emulator: context.emulator,
      scope,
      publicHost: call.publicHost,
    });
    // 6. Serialize: epoch-second timestamps, AWS JSON 1.1 headers.
    return wireJsonAnswer(output, context.requestId);
  } catch (error) {
    // 7. Errors are serialized once; anything that is not a GtError is our bug (500 InternalFailure).
    if (!(error instanceof GtError)) context.onInternalError?.(error);
    return errorAnswer(error, context.requestId);
  }
}

function runOperation<Op extends SageMakerOperation>(
  operation: Op,
  input: Parameters<OperationHandler<Op>>[0],
  context: Parameters<OperationHandler<Op>>[1],
): ReturnType<OperationHandler<Op>> {
  const handler: OperationHandler<Op> = OPERATIONS[operation];
  return handler(input, context);
}

/**
 * The largest request body gt-local reads. AWS documents no figure for SageMaker; the largest
 * real request, a RenderUiTemplate with 128,000-character Content and Task.Input, is about 3 MB
 * even with every character escaped, so 8 MiB refuses only what no SDK would send.
 */
export const MAX_SAGEMAKER_BODY_BYTES = 8 * 1024 * 1024;

const BODY_LIMIT: BodyLimit = {
  maxBytes: MAX_SAGEMAKER_BODY_BYTES,
  tooLarge: () =>
    validationError(
      `The request body is larger than ${MAX_SAGEMAKER_BODY_BYTES} bytes (8 MiB), the most gt-local reads in one SageMaker request.`,
    ),
};

function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GtError("SerializationException", "The request body is not valid JSON.");
  }
}
