/** The programmatic API of gt-local: start it in a test, drive its workers, wait for jobs. */
export { startGtLocal, type GtLocal } from "./start-gt-local.js";
export {
  AdminApiError,
  GtLocalAdmin,
  type AdminTask,
  type AdminWorker,
  type LabelingJobStatus,
} from "./admin-client.js";
