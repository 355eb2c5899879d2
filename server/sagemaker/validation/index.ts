/**
 * Entry point of the SageMaker input validation: `parseOperationInput(operation, body)` turns a
 * parsed JSON request body into the operation's typed input, or throws a `GtError`
 * (`SerializationException` for a value of the wrong type, `ValidationException` with AWS's
 * wording for constraint violations).
 */
import {
  OPERATION_INPUT_SHAPE,
  SAGEMAKER_OPERATIONS,
  SHAPES,
  type OperationShapes,
  type SageMakerOperation,
} from "../generated/model.js";
import { validateInput } from "./validate-input.js";

export type { OperationShapes, SageMakerOperation } from "../generated/model.js";

const OPERATION_NAMES: ReadonlySet<string> = new Set(SAGEMAKER_OPERATIONS);

export function isSageMakerOperation(name: string): name is SageMakerOperation {
  return OPERATION_NAMES.has(name);
}

export function parseOperationInput<Op extends SageMakerOperation>(
  operation: Op,
  body: unknown,
): OperationShapes[Op]["input"] {
  const clean = validateInput(SHAPES, OPERATION_INPUT_SHAPE[operation], body);
  // Sound: `clean` has just been checked member by member against the shape
  // OPERATION_INPUT_SHAPE[operation], and scripts/gen-model.ts emits OperationShapes[Op]["input"]
  // as the TypeScript type of that same shape (required members present, types as in the model).
  return clean as OperationShapes[Op]["input"];
}
