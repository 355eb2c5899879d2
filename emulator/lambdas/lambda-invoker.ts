/**
 * Runs the Lambda functions of a labeling job that are not Ground Truth built-ins, as
 * configuration says: a local JS/TS module exporting a handler, or the Lambda Invoke API of an
 * endpoint such as `sam local start-lambda`. Built-ins are `builtin-lambdas.ts`' business.
 *
 * Gaps: no sandbox. A module handler runs in gt-local's process, so an error it throws outside the
 * invocation (from a timer, say) takes gt-local down, and a handler that times out keeps running.
 * By design: the event and the answer go through JSON, as over Lambda's wire; the invocation
 * timeout is wall-clock time (not the injected Clock), because it guards real code.
 */
import { isAbsolute, resolve } from "node:path";
import { EndpointLambda } from "./endpoint-lambda.js";
import { lambdaFunctionName, lambdaRegion } from "./lambda-arn.js";
import { LambdaInvocationError, jsonText } from "./lambda-invocation-error.js";
import { ModuleHandlers, lambdaContext, runHandler } from "./module-lambda.js";

export { LambdaInvocationError, type LambdaInvocationErrorKind } from "./lambda-invocation-error.js";
export { loadLambdaConfig } from "./lambda-config.js";

export interface LambdaInvoker {
  /** Invokes the function and returns its parsed JSON response. Throws LambdaInvocationError. */
  invoke(functionArn: string, event: unknown): Promise<unknown>;
  /** Whether configuration resolves this ARN (for an early, clear job failure). */
  resolves(functionArn: string): boolean;
  close(): Promise<void>;
}

export interface LambdaConfig {
  /** ARN (exact) or function name → module path (absolute, or relative to `baseDir`). */
  modules: Record<string, string>;
  /** Lambda Invoke API endpoint for every ARN not mapped to a module. */
  endpoint?: string;
  /** Optional ARN (or function name) → function name overrides for the endpoint. */
  endpointFunctionNames?: Record<string, string>;
  baseDir: string;
  /** Per-invocation timeout; default 60 s (a module that never settles → kind "timeout"). */
  timeoutMs?: number;
}

export const DEFAULT_LAMBDA_TIMEOUT_MS = 60_000;

type Target = { kind: "module"; path: string } | { kind: "endpoint"; endpoint: EndpointLambda; name: string };

const lookup = (table: Record<string, string> | undefined, arn: string): string | undefined => {
  if (!table) return undefined;
  if (Object.hasOwn(table, arn)) return table[arn];
  const name = lambdaFunctionName(arn);
  return Object.hasOwn(table, name) ? table[name] : undefined;
};

export function unresolvedMessage(functionArn: string): string {
  return (
    `No Lambda is configured for ${functionArn}: gt-local runs only Ground Truth's built-in ` +
    `PRE-/ACS- functions itself. Map it to a local handler module with ` +
    `--lambda ${functionArn}=./handler.js (or "lambdas": {"${lambdaFunctionName(functionArn)}": ` +
    `"./handler.js"} in gt-local.config.json), or invoke it through a Lambda endpoint such as ` +
    `sam local start-lambda with --lambda-endpoint http://127.0.0.1:3001`
  );
}

export function createLambdaInvoker(config: LambdaConfig): LambdaInvoker {
  const timeoutMs = config.timeoutMs ?? DEFAULT_LAMBDA_TIMEOUT_MS;
  const modules = new ModuleHandlers();
  const endpoint = config.endpoint === undefined ? undefined : new EndpointLambda(config.endpoint, timeoutMs);

  const targetOf = (functionArn: string): Target | undefined => {
    const path = lookup(config.modules, functionArn);
    if (path !== undefined) {
      return { kind: "module", path: isAbsolute(path) ? path : resolve(config.baseDir, path) };
    }
    if (!endpoint) return undefined;
    const name = lookup(config.endpointFunctionNames, functionArn) ?? lambdaFunctionName(functionArn);
    return { kind: "endpoint", endpoint, name };
  };

  const run = async (target: Target, functionArn: string, event: string, signal: AbortSignal) => {
    if (target.kind === "endpoint") {
      const region = lambdaRegion(functionArn) ?? "us-east-1";
      return target.endpoint.invoke(functionArn, target.name, region, event, signal);
    }
    const deadline = Date.now() + timeoutMs;
    const handler = await modules.handler(target.path, functionArn);
    const context = lambdaContext(functionArn, lambdaFunctionName(functionArn), deadline);
    return toJson(await runHandler(handler, JSON.parse(event), context), functionArn);
  };

  return {
    resolves: (functionArn) => targetOf(functionArn) !== undefined,
    async invoke(functionArn, event) {
      const target = targetOf(functionArn);
      if (!target) throw new LambdaInvocationError(unresolvedMessage(functionArn), functionArn, "unresolved");
      const payload = serializeEvent(event, functionArn);
      try {
        return await withTimeout(timeoutMs, functionArn, (signal) =>
          run(target, functionArn, payload, signal),
        );
      } catch (error) {
        if (error instanceof LambdaInvocationError) throw error;
        // The contract is one error type; anything else is a bug worth seeing in the job's failure.
        const reason = error instanceof Error ? error.message : String(error);
        throw new LambdaInvocationError(`Lambda ${functionArn} failed: ${reason}`, functionArn, "failed", {
          cause: error,
        });
      }
    },
    close: () => {
      endpoint?.close();
      return Promise.resolve();
    },
  };
}

function serializeEvent(event: unknown, functionArn: string): string {
  try {
    return jsonText(event) ?? "null";
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new LambdaInvocationError(
      `The event for ${functionArn} is not JSON: ${reason}`,
      functionArn,
      "malformed",
    );
  }
}

/** Lambda answers with the JSON of the handler's result (`undefined` → `null`). */
function toJson(result: unknown, functionArn: string): unknown {
  let text: string | undefined;
  try {
    text = jsonText(result);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new LambdaInvocationError(
      `Lambda ${functionArn} returned a response that is not JSON-serializable: ${reason}`,
      functionArn,
      "malformed",
    );
  }
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

async function withTimeout<T>(
  timeoutMs: number,
  functionArn: string,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(
        new LambdaInvocationError(
          `Lambda ${functionArn} did not answer within ${timeoutMs} ms`,
          functionArn,
          "timeout",
        ),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([run(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
