import { validationError } from "../../emulator/errors.js";
import type { AdminRequest, AdminRouter } from "./admin-context.js";
import { addRoute } from "./admin-route.js";
import { optionalString, pathParam, readJsonObject, requiredString } from "./request-body.js";
import { taskView } from "./views.js";

/**
 * A worker's side of a job: claim the next task, read it, submit an answer, decline or release it.
 * Every rule (team membership, distinct workers per object, time limits, the answer's labels) is
 * the core's; these routes only read JSON and write JSON.
 */
export function addTaskRoutes(router: AdminRouter): void {
  addRoute(router, "POST /tasks/claim", async (request, { emulator }) => {
    const body = await readJsonObject(request, ["workerId", "jobName", "region"]);
    const task = emulator.tasks.claimNext({
      workerId: requiredString(body, "workerId"),
      jobName: optionalString(body, "jobName"),
      region: optionalString(body, "region"),
    });
    // No work is an ordinary answer, not an error: a worker simply waits.
    return { task: task ? taskView(task, request) : null };
  });

  // With `?workerId=`, reading someone else's task is a 403, as it is for their submit.
  addRoute(router, "GET /tasks/:taskId", (request, { emulator }) => ({
    task: taskView(emulator.tasks.get(taskIdOf(request), queryWorkerId(request)), request),
  }));

  addRoute(router, "POST /tasks/:taskId/submit", async (request, { emulator }) => {
    const body = await readJsonObject(request, ["workerId", "answer"]);
    const workerId = requiredString(body, "workerId");
    if (body.answer === undefined) {
      throw validationError(
        '"answer" is required: the JSON a crowd-form submits, e.g. {"crowd-classifier": {"label": "Sports"}}.',
      );
    }
    const task = await emulator.tasks.submit(taskIdOf(request), workerId, body.answer);
    return { task: taskView(task, request) };
  });

  addRoute(router, "POST /tasks/:taskId/decline", async (request, { emulator }) => {
    const body = await readJsonObject(request, ["workerId"]);
    const task = await emulator.tasks.decline(taskIdOf(request), requiredString(body, "workerId"));
    return { task: taskView(task, request) };
  });

  addRoute(router, "POST /tasks/:taskId/release", async (request, { emulator }) => {
    const body = await readJsonObject(request, ["workerId"]);
    const task = await emulator.tasks.release(taskIdOf(request), requiredString(body, "workerId"));
    return { task: taskView(task, request) };
  });
}

const taskIdOf = (request: AdminRequest): string => pathParam(request, "taskId");

function queryWorkerId(request: AdminRequest): string | undefined {
  const value = request.query.workerId;
  if (Array.isArray(value)) throw validationError('Give "workerId" at most once in the query string.');
  return value === "" ? undefined : value;
}
