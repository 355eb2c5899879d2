import { ADMIN_BASE, type AdminRouter } from "./admin-context.js";
import { json } from "./admin-json.js";
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
  router.get(`${ADMIN_BASE}/workers`, (_request, { emulator, defaultRegion }) =>
    json({ workers: emulator.workers.list().map((worker) => workerView(worker, defaultRegion)) }),
  );

  router.get(`${ADMIN_BASE}/workers/:workerId`, (request, { emulator, defaultRegion }) =>
    json({ worker: workerView(emulator.workers.get(pathParam(request, "workerId")), defaultRegion) }),
  );

  router.post(`${ADMIN_BASE}/workers`, async (request, { emulator, defaultRegion }) => {
    const body = await readJsonObject(request, ["displayName", "email", "groups", "id"]);
    const worker = emulator.workers.create({
      displayName: requiredString(body, "displayName"),
      email: optionalString(body, "email"),
      groups: optionalStringList(body, "groups"),
      id: optionalString(body, "id"),
    });
    return json({ worker: workerView(worker, defaultRegion) }, 201);
  });
}
