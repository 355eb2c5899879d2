import type { ObjectCall, S3Handler } from "../operation.js";
import { readObject } from "../read-object.js";

/** GET /<bucket>/<key> — see read-object.ts for ranges and conditions. */
export const getObject: S3Handler<ObjectCall> = (call) => readObject(call, true);
