import type { ObjectCall, S3Handler } from "../operation.js";
import { readObject } from "../read-object.js";

/** HEAD /<bucket>/<key> — GetObject's headers (ranges and conditions included), no body. */
export const headObject: S3Handler<ObjectCall> = (call) => readObject(call, false);
