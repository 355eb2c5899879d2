import { GtError } from "../../emulator/errors.js";
import type { ObjectRecord } from "../../emulator/objects/embedded/s3-engine.js";
import type { ObjectCall } from "./operation.js";
import { etagListMatches } from "./preconditions.js";
import { S3Error } from "./s3-error.js";

/**
 * S3's conditional writes on PutObject: `If-None-Match: *` (only if the key is free) and
 * `If-Match: <etag>` (only over that version). Checked just before the write, not atomically with
 * it: two racing conditional PUTs can both pass here (S3 would fail one with 409).
 */
export function assertWritePreconditions(call: ObjectCall): void {
  const ifMatch = call.headers.get("if-match");
  const ifNoneMatch = call.headers.get("if-none-match");
  if (ifMatch === null && ifNoneMatch === null) return;
  const existing = currentObject(call);
  if (ifNoneMatch !== null && existing !== undefined && etagListMatches(ifNoneMatch, existing.etag)) {
    throw new S3Error("PreconditionFailed", undefined, { Condition: "If-None-Match" });
  }
  if (ifMatch !== null) {
    if (existing === undefined) throw new S3Error("NoSuchKey");
    if (!etagListMatches(ifMatch, existing.etag)) {
      throw new S3Error("PreconditionFailed", undefined, { Condition: "If-Match" });
    }
  }
}

function currentObject(call: ObjectCall): ObjectRecord | undefined {
  try {
    return call.engine.headObject(call.bucket, call.key);
  } catch (error) {
    if (error instanceof GtError && error.code === "NoSuchKey") return undefined;
    throw error;
  }
}
