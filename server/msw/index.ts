/**
 * gt-local in-process, for tests that use msw: `setupServer(...gtLocalHandlers())` answers
 * SageMaker and S3 SDK calls (AWS's host names or a custom endpoint) with no port opened.
 * msw is an optional peer dependency: only this entry point needs it.
 */
export {
  DEFAULT_IN_PROCESS_ENDPOINT,
  gtLocalHandlers,
  type GtLocalHandlers,
  type GtLocalHandlersOptions,
  type GtLocalInProcess,
} from "./gt-local-handlers.js";
export type { InProcessOptions } from "./in-process-emulator.js";
export {
  AdminApiError,
  GtLocalAdmin,
  type AdminTask,
  type AdminWorker,
  type LabelingJobStatus,
} from "../programmatic/admin-client.js";
