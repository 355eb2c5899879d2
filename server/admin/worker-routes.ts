import type { AdminRouter } from "./admin-context.js";
import { addRoute } from "./admin-route.js";
import {
  optionalString,
  optionalStringList,
  pathParam,
  readJsonObject,
  requiredString,
} from "./request-body.js";
import { workerView } from "./views.js";

/** Local workers: list, read, create (groups decide which private work teams they belong to). */
export function addWorkerRoutes(router: AdminRouter): void {
  addRoute(router, "GET /workers", (_request, { emulator, defaultRegion }) => ({
    workers: emulator.workers.list().map((worker) => workerView(worker, defaultRegion)),
  }));

  addRoute(router, "GET /workers/:workerId", (request, { emulator, defaultRegion }) => ({
    worker: workerView(emulator.workers.get(pathParam(request, "workerId")), defaultRegion),
  }));

  addRoute(router, "POST /workers", async (request, { emulator, defaultRegion }) => {
    const body = await readJsonObject(request, ["displayName", "email", "groups", "id"]);
    const worker = emulator.workers.create({
      displayName: requiredString(body, "displayName"),
      email: optionalString(body, "email"),
      groups: optionalStringList(body, "groups"),
      id: optionalString(body, "id"),
    });
    return { worker: workerView(worker, defaultRegion) };
  });
}
