/**
 * Why an invocation of a configured (non built-in) Lambda failed:
 * - `unresolved`: configuration maps the ARN to neither a module nor an endpoint;
 * - `failed`: the handler threw or reported an error, the module could not be loaded, or the
 *   endpoint could not be reached or refused the call;
 * - `timeout`: no answer within the invocation timeout;
 * - `malformed`: the answer is not JSON.
 */
export type LambdaInvocationErrorKind = "unresolved" | "failed" | "timeout" | "malformed";

export class LambdaInvocationError extends Error {
  constructor(
    message: string,
    readonly functionArn: string,
    readonly kind: LambdaInvocationErrorKind,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "LambdaInvocationError";
  }
}

/** The message of anything a handler threw or reported, on one line. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === "string") return thrown;
  try {
    return jsonText(thrown) ?? String(thrown);
  } catch {
    return String(thrown);
  }
}

/** `JSON.stringify`, typed as it behaves: `undefined` for `undefined`, functions and symbols. */
export const jsonText = (value: unknown): string | undefined => JSON.stringify(value);
