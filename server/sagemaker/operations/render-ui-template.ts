import { GtError, validationError } from "../../../emulator/errors.js";
import { renderTemplate } from "../../../emulator/templates/render-template.js";
import type { OperationHandler } from "../operation.js";

/**
 * RenderUiTemplate: a worker template rendered with `Task.Input` as `task.input`, exactly as
 * workers would see it; rendering problems come back in `Errors`, not as a failed call.
 */
export const renderUiTemplate: OperationHandler<"RenderUiTemplate"> = async (input, { emulator }) => {
  if ((input.UiTemplate === undefined) === (input.HumanTaskUiArn === undefined)) {
    throw validationError("Specify exactly one of UiTemplate and HumanTaskUiArn.");
  }
  if (input.HumanTaskUiArn !== undefined) {
    // AWS's built-in human task UIs (3D point cloud, video frames, NER) are not part of gt-local.
    throw new GtError("ResourceNotFound", `Human task UI ${input.HumanTaskUiArn} does not exist.`);
  }
  let taskInput: unknown;
  try {
    taskInput = JSON.parse(input.Task.Input);
  } catch {
    throw validationError("Task.Input must be a JSON document.");
  }
  const result = await renderTemplate(emulator.templates, input.UiTemplate?.Content ?? "", taskInput);
  return {
    RenderedContent: result.html,
    Errors: result.errors.map((error) => ({ Code: error.code, Message: error.message })),
  };
};
