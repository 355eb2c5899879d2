import type { IRequestStrict, IttyRouterType } from "itty-router";
import type { Emulator } from "../../emulator/emulator.js";

/** Where the testing/admin API lives: under `/_gt/`, a prefix no S3 bucket can take. */
export const ADMIN_BASE = "/_gt/api";

export interface AdminContext {
  emulator: Emulator;
  requestId: string;
  /** The server's `--region`: the region of a worker's AWS-style id and of claims that name none. */
  defaultRegion: string;
  /** Called with errors that become a 500 (our bugs), so they reach the log. */
  onInternalError?: (error: unknown) => void;
}

/** A Fetch Request once itty-router has matched it: `params` from the path, `query` from the URL. */
export type AdminRequest = IRequestStrict;

/** One route: the matched request and the context in, a JSON Response out (errors are thrown). */
export type AdminRoute = (request: AdminRequest, context: AdminContext) => Promise<Response> | Response;

export type AdminRouter = IttyRouterType<AdminRequest, [AdminContext], Response | undefined>;
