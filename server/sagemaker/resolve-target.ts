import { GtError } from "../../emulator/errors.js";
import { SAGEMAKER_OPERATIONS, type SageMakerOperation } from "./generated/model.js";
import operationNames from "./model/sagemaker-operation-names.json" with { type: "json" };

const EMULATED = new Set<string>(SAGEMAKER_OPERATIONS);
/** Every operation the real SageMaker API has (names only, from botocore's model). */
const ALL_SAGEMAKER = new Set<string>(operationNames.operations);

const isEmulated = (name: string): name is SageMakerOperation => EMULATED.has(name);

/**
 * `X-Amz-Target: SageMaker.<Operation>` → the operation. A real SageMaker operation outside the
 * Ground Truth surface gets a 501 that names it (501 is not retried by the SDKs); anything else is
 * the `UnknownOperationException` AWS's JSON services answer.
 */
export function resolveTarget(target: string | null): SageMakerOperation {
  const [prefix, name = ""] = (target ?? "").split(".", 2);
  if (prefix === "SageMaker" && isEmulated(name)) return name;
  if (prefix === "SageMaker" && ALL_SAGEMAKER.has(name)) {
    throw new GtError(
      "NotImplemented",
      `gt-local does not emulate the SageMaker operation ${name}; it emulates the Ground Truth operations: ${SAGEMAKER_OPERATIONS.join(", ")}.`,
    );
  }
  throw new GtError(
    "UnknownOperationException",
    `Unknown operation ${target ?? "(no X-Amz-Target header)"}.`,
  );
}
