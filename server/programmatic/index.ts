/** The programmatic API of gt-local: start it in a test, drive its workers, wait for jobs. */
export { startGtLocal, type GtLocal } from "./start-gt-local.js";
export {
  AdminApiError,
  GtLocalAdmin,
  type AdminTask,
  type AdminWorker,
  type AdminSimulation,
  type LabelingJobStatus,
} from "./admin-client.js";
export type {
  ConfusionMatrix,
  ScriptedAnswer,
  SimulatedWorkerSpec,
  SimulationPolicy,
  TruthSource,
} from "../../emulator/simulation/policy.js";
export type { StateSummary } from "../../emulator/state/state-format.js";
export { startServer, type RunningServer, type StartOptions } from "../start-server.js";
