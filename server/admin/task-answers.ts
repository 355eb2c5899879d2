import type { Emulator } from "../../emulator/emulator.js";
import { validationError } from "../../emulator/errors.js";
import type { AdminAnswer } from "./admin-api.js";
import { optionalString, requiredString, type JsonObject } from "./request-body.js";
import { taskView } from "./views.js";

/*
 * A worker's claim and submit, from a parsed JSON body to the admin API's answer. The routes
 * (task-routes.ts) and the server's fast path for these two calls (server/http/task-fast-path.ts)
 * both run exactly this, so they cannot drift apart.
 */

/** The fields each call's body may carry; any other is refused. */
export const CLAIM_FIELDS = ["workerId", "jobName", "region"] as const;
export const SUBMIT_FIELDS = ["workerId", "answer"] as const;

export function claimAnswer(
  emulator: Emulator,
  body: JsonObject,
  origin: string,
): AdminAnswer<"POST /tasks/claim"> {
  const task = emulator.tasks.claimNext({
    workerId: requiredString(body, "workerId"),
    jobName: optionalString(body, "jobName"),
    region: optionalString(body, "region"),
  });
  // No work is an ordinary answer, not an error: a worker simply waits.
  return { task: task ? taskView(task, origin) : null };
}

export async function submitAnswer(
  emulator: Emulator,
  taskId: string,
  body: JsonObject,
  origin: string,
): Promise<AdminAnswer<"POST /tasks/:taskId/submit">> {
  const workerId = requiredString(body, "workerId");
  if (body.answer === undefined) {
    throw validationError(
      '"answer" is required: the JSON a crowd-form submits, e.g. {"crowd-classifier": {"label": "Sports"}}.',
    );
  }
  const task = await emulator.tasks.submit(taskId, workerId, body.answer);
  return { task: taskView(task, origin) };
}
