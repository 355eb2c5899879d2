import type { LabelingJob } from "../../emulator/jobs/labeling-job.js";
import type { SimulationState } from "../../emulator/simulation/simulation.js";
import { validationError } from "../../emulator/errors.js";
import type { AdminContext, AdminRequest, AdminRouter } from "./admin-context.js";
import type { AdminSimulation } from "./admin-api.js";
import { addRoute } from "./admin-route.js";
import { optionalString, pathParam, readJsonObject } from "./request-body.js";

const POLICY_FIELDS = ["workers", "accuracy", "truth", "seed", "scripted"] as const;

/**
 * A job's simulated workforce: `POST` starts it (or replaces its policy), `GET` shows what it has
 * done, `DELETE` stops it. The body of `POST` is the policy (README, "Simulated workers") plus an
 * optional `region`; `GET` and `DELETE` take `?region=`. The policy's checks and every job rule are
 * the core's; these routes only read JSON and write JSON.
 */
export function addSimulationRoutes(router: AdminRouter): void {
  addRoute(router, "POST /jobs/:jobName/simulate", async (request, context) => {
    const body = await readJsonObject(request, [...POLICY_FIELDS, "region"]);
    const { region: _region, ...policy } = body;
    const job = jobOf(request, context, optionalString(body, "region"));
    return { simulation: stateView(context.emulator.simulations.start(job, policy)) };
  });

  addRoute(router, "GET /jobs/:jobName/simulate", (request, context) => {
    const job = jobOf(request, context, queryRegion(request));
    return { simulation: stateView(context.emulator.simulations.state(job)) };
  });

  addRoute(router, "DELETE /jobs/:jobName/simulate", (request, context) => {
    const job = jobOf(request, context, queryRegion(request));
    return { simulation: stateView(context.emulator.simulations.stop(job)) };
  });
}

function jobOf(request: AdminRequest, context: AdminContext, region: string | undefined): LabelingJob {
  const { emulator } = context;
  const scope = emulator.scopeFor(region ?? context.defaultRegion);
  return emulator.jobs.describe(scope, pathParam(request, "jobName"));
}

function queryRegion(request: AdminRequest): string | undefined {
  const value = request.query.region;
  if (Array.isArray(value)) throw validationError('Give "region" at most once in the query string.');
  return value === undefined || value === "" ? undefined : value;
}

/** Timestamps as ISO-8601, as everywhere in the testing API. */
function stateView(state: SimulationState): AdminSimulation {
  return {
    ...state,
    answers: state.answers.map((answer) => ({ ...answer, at: answer.at.toISOString() })),
    errors: state.errors.map((error) => ({ ...error, at: error.at.toISOString() })),
  };
}
