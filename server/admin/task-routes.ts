import { validationError } from "../../emulator/errors.js";
import type { AdminRequest, AdminRouter } from "./admin-context.js";
import { addRoute } from "./admin-route.js";
import { pathParam, readJsonObject, requiredString } from "./request-body.js";
import { CLAIM_FIELDS, claimAnswer, SUBMIT_FIELDS, submitAnswer } from "./task-answers.js";
import { originOf, taskView } from "./views.js";

/**
 * A worker's side of a job: claim the next task, read it, submit an answer, decline or release it.
 * Every rule (team membership, distinct workers per object, time limits, the answer's labels) is
 * the core's; these routes only read JSON and write JSON.
 */
export function addTaskRoutes(router: AdminRouter): void {
  addRoute(router, "POST /tasks/claim", async (request, { emulator }) =>
    claimAnswer(emulator, await readJsonObject(request, CLAIM_FIELDS), originOf(request)),
  );

  // With `?workerId=`, reading someone else's task is a 403, as it is for their submit.
  addRoute(router, "GET /tasks/:taskId", (request, { emulator }) => ({
    task: taskView(emulator.tasks.get(taskIdOf(request), queryWorkerId(request)), originOf(request)),
  }));

  addRoute(router, "POST /tasks/:taskId/submit", async (request, { emulator }) =>
    submitAnswer(
      emulator,
      taskIdOf(request),
      await readJsonObject(request, SUBMIT_FIELDS),
      originOf(request),
    ),
  );

  addRoute(router, "POST /tasks/:taskId/decline", async (request, { emulator }) => {
    const body = await readJsonObject(request, ["workerId"]);
    const task = await emulator.tasks.decline(taskIdOf(request), requiredString(body, "workerId"));
    return { task: taskView(task, originOf(request)) };
  });

  addRoute(router, "POST /tasks/:taskId/release", async (request, { emulator }) => {
    const body = await readJsonObject(request, ["workerId"]);
    const task = await emulator.tasks.release(taskIdOf(request), requiredString(body, "workerId"));
    return { task: taskView(task, originOf(request)) };
  });
}

const taskIdOf = (request: AdminRequest): string => pathParam(request, "taskId");

function queryWorkerId(request: AdminRequest): string | undefined {
  const value = request.query.workerId;
  if (Array.isArray(value)) throw validationError('Give "workerId" at most once in the query string.');
  return value === "" ? undefined : value;
}
