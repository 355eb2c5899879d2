import { GtError } from "../../../emulator/errors.js";
import type { OperationHandler } from "../operation.js";

/** Registered so the operation is known; the Liquid renderer arrives with the worker portal. */
export const renderUiTemplate: OperationHandler<"RenderUiTemplate"> = () => {
  throw new GtError("NotImplemented", "RenderUiTemplate is not available in this version of gt-local yet.");
};
