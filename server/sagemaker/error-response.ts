import { GtError } from "../../emulator/errors.js";
import { wireJsonAnswer, type WireJsonAnswer } from "./wire-json.js";

/**
 * Serializes every error once, as AWS JSON 1.1 does: HTTP 400 (500 only for our own bugs),
 * `__type` with the bare error name, and both `message` (botocore, the JS SDK) and `Message`
 * (the modeled exception member) so every client fills every field. `x-amzn-ErrorType` is set too
 * for clients that read the header.
 */
export function errorAnswer(error: unknown, requestId: string): WireJsonAnswer {
  const known = error instanceof GtError ? error : undefined;
  const code = known?.code ?? "InternalFailure";
  const message = known?.message ?? "An internal error occurred in gt-local. See the server log for details.";
  return wireJsonAnswer({ __type: code, message, Message: message }, requestId, known?.httpStatus ?? 500, {
    "x-amzn-errortype": code,
  });
}
