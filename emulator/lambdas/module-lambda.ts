import { randomUUID } from "node:crypto";
import { extname } from "node:path";
import { pathToFileURL } from "node:url";
import { LambdaInvocationError, describeThrown } from "./lambda-invocation-error.js";

/** The part of Lambda's Node.js context object handlers commonly read. */
export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

type LambdaCallback = (error?: unknown, result?: unknown) => void;
type LambdaHandler = (event: unknown, context: LambdaContext, callback: LambdaCallback) => unknown;

const TYPESCRIPT_EXTENSIONS = new Set([".ts", ".mts", ".cts"]);

/**
 * `.ts` goes through tsx's `tsImport`, which works whether or not tsx is registered (plain node
 * running the built server cannot import TypeScript natively on Node 20). Everything else is
 * Node's own `import()`, which also loads CommonJS (`exports.handler` arrives as `default.handler`).
 */
async function importModule(path: string): Promise<unknown> {
  const url = pathToFileURL(path).href;
  if (TYPESCRIPT_EXTENSIONS.has(extname(path))) {
    // tsx loads only for a TypeScript handler, not with every start of the built server.
    const { tsImport } = await import("tsx/esm/api");
    return (await tsImport(url, import.meta.url)) as unknown;
  }
  return (await import(url)) as unknown;
}

const member = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;

/**
 * `export function handler`, `export default`, `exports.handler` or `module.exports = fn`. A `.ts`
 * file outside a `"type": "module"` package is compiled to CommonJS by tsx, so its default export
 * arrives as `default.default`.
 */
function findHandler(module: unknown): LambdaHandler | undefined {
  const defaultExport = member(module, "default");
  const candidates = [
    member(module, "handler"),
    defaultExport,
    member(defaultExport, "handler"),
    member(defaultExport, "default"),
  ];
  return candidates.find((candidate): candidate is LambdaHandler => typeof candidate === "function");
}

/** Loads each module once (per invoker) and hands out its handler. */
export class ModuleHandlers {
  private readonly loaded = new Map<string, Promise<LambdaHandler>>();

  handler(path: string, functionArn: string): Promise<LambdaHandler> {
    let handler = this.loaded.get(path);
    if (!handler) {
      handler = this.load(path, functionArn);
      // A failed load is not cached, so fixing the file and retrying works (for a missing file).
      handler.catch(() => this.loaded.delete(path));
      this.loaded.set(path, handler);
    }
    return handler;
  }

  private async load(path: string, functionArn: string): Promise<LambdaHandler> {
    let module: unknown;
    try {
      module = await importModule(path);
    } catch (error) {
      throw new LambdaInvocationError(
        `Lambda module ${path} for ${functionArn} could not be loaded: ${describeThrown(error)}`,
        functionArn,
        "failed",
      );
    }
    const handler = findHandler(module);
    if (!handler) {
      throw new LambdaInvocationError(
        `Lambda module ${path} for ${functionArn} exports no handler: export a function named ` +
          "handler, a default function, or set exports.handler",
        functionArn,
        "failed",
      );
    }
    return handler;
  }
}

export function lambdaContext(functionArn: string, functionName: string, deadline: number): LambdaContext {
  return {
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: functionArn,
    memoryLimitInMB: "128",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "gt-local",
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof member(value, "then") === "function";

/**
 * Runs a handler the way Lambda's Node.js runtime does: a returned promise settles the call; else
 * the callback does. By design, a synchronous handler declaring fewer than three parameters answers
 * with its return value (Lambda would wait for a callback that never comes and answer `null`).
 */
export async function runHandler(
  handler: LambdaHandler,
  event: unknown,
  context: LambdaContext,
): Promise<unknown> {
  try {
    return await new Promise<unknown>((resolve, reject) => {
      const callback: LambdaCallback = (error, result) => {
        if (error !== null && error !== undefined) reject(new Error(describeThrown(error)));
        else resolve(result);
      };
      const returned = handler(event, context, callback);
      if (isThenable(returned)) returned.then(resolve, reject);
      else if (handler.length < 3) resolve(returned);
    });
  } catch (error) {
    throw new LambdaInvocationError(
      `Lambda ${context.invokedFunctionArn} failed: ${describeThrown(error)}`,
      context.invokedFunctionArn,
      "failed",
    );
  }
}
