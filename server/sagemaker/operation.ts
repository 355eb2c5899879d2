import type { Emulator } from "../../emulator/emulator.js";
import type { Scope } from "../../emulator/scope.js";
import type { OperationShapes, SageMakerOperation } from "./generated/model.js";

/** What an operation may use: the core, the caller's account and region, and how it reached us. */
export interface OperationContext {
  emulator: Emulator;
  scope: Scope;
  /** `host:port` the client used to reach gt-local: the worker portal's "sub-domain". */
  publicHost: string;
}

export type OperationHandler<Op extends SageMakerOperation> = (
  input: OperationShapes[Op]["input"],
  context: OperationContext,
) => OperationShapes[Op]["output"] | Promise<OperationShapes[Op]["output"]>;

/** One handler per modeled operation: the compiler rejects a registry that misses one. */
export type OperationRegistry = { [Op in SageMakerOperation]: OperationHandler<Op> };
