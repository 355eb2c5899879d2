import { STATUS_CODES } from "node:http";
import { GtError, type ErrorCode } from "../../emulator/errors.js";
import { wholeResponse } from "../http/whole-body.js";

/**
 * HTTP statuses of the admin API, which (unlike AWS JSON 1.1, always 400) uses them as REST APIs
 * do. Codes not listed keep the status of the core's error table.
 */
const ADMIN_STATUS: Partial<Record<ErrorCode, number>> = {
  ValidationException: 400,
  SerializationException: 400,
  AccessDenied: 403,
  ResourceNotFound: 404,
  ResourceInUse: 409,
  // Raised here only for a request the server's configuration rules out (a system clock cannot move).
  InvalidRequest: 409,
};

/**
 * A JSON answer; `Date`s become ISO-8601 strings through `Date#toJSON`. Made whole, so the server
 * writes its text in one call instead of reading the Response's stream back (server/http/whole-body.ts).
 */
export function json(body: object, status = 200): Response {
  return wholeResponse(JSON.stringify(body), {
    status,
    statusText: STATUS_CODES[status] ?? "",
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

/** `{"error": {"code", "message"}}`; anything that is not a GtError is our bug (500 InternalFailure). */
export function errorJson(error: unknown): Response {
  const { status, body } = errorStatusAndBody(error);
  return wholeResponse(body, {
    status,
    statusText: STATUS_CODES[status] ?? "",
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

/** `errorJson`'s status and text, for the task fast path (server/http/task-fast-path.ts). */
export function errorStatusAndBody(error: unknown): { status: number; body: string } {
  if (!(error instanceof GtError)) {
    const body = {
      error: {
        code: "InternalFailure",
        message: "An internal error occurred in gt-local. See the server log for details.",
      },
    };
    return { status: 500, body: JSON.stringify(body) };
  }
  return {
    status: ADMIN_STATUS[error.code] ?? error.httpStatus,
    body: JSON.stringify({ error: { code: error.code, message: error.message } }),
  };
}
