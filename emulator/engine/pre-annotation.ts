import type { LabelingJob } from "../jobs/labeling-job.js";
import { parseBuiltinLambdaArn } from "../lambdas/builtin-lambdas.js";

/** The slice of the Lambda invoker the engine uses (emulator/lambdas resolves ARNs to code). */
export interface LambdaRunner {
  invoke(functionArn: string, event: unknown): Promise<unknown>;
  resolves(functionArn: string): boolean;
}

export type PreAnnotationOutcome =
  | { kind: "human"; taskInput: unknown }
  | { kind: "machine"; taskInput: unknown }
  | { kind: "failed"; reason: string };

/**
 * The pre-annotation step for one data object: the built-in PRE- functions of the classification
 * family run here (`{taskObject, labels}`, what AWS's templates read); no PRE Lambda means the
 * manifest line itself is `task.input`; any other ARN is invoked with the documented request.
 * A failing or malformed answer fails this object, never the job.
 */
export async function preAnnotate(
  job: LabelingJob,
  dataObject: Record<string, unknown>,
  labels: readonly string[] | undefined,
  lambdas: LambdaRunner | undefined,
): Promise<PreAnnotationOutcome> {
  const arn = job.spec.humanTask.preHumanTaskLambdaArn;
  if (arn === undefined) return { kind: "human", taskInput: dataObject };
  if (parseBuiltinLambdaArn(arn)?.classification) {
    return {
      kind: "human",
      taskInput: { taskObject: dataObject["source-ref"] ?? dataObject.source, labels: labels ?? [] },
    };
  }
  if (!lambdas) return { kind: "failed", reason: `No Lambda runner is configured for ${arn}.` };
  let response: unknown;
  try {
    response = await lambdas.invoke(arn, { version: "2018-10-16", labelingJobArn: job.arn, dataObject });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { kind: "failed", reason: `The pre-annotation Lambda ${arn} failed: ${reason}` };
  }
  if (typeof response !== "object" || response === null || !("taskInput" in response)) {
    return { kind: "failed", reason: `The pre-annotation Lambda ${arn} returned no taskInput.` };
  }
  const { taskInput, isHumanAnnotationRequired } = response as {
    taskInput: unknown;
    isHumanAnnotationRequired?: unknown;
  };
  if (isHumanAnnotationRequired !== undefined && typeof isHumanAnnotationRequired !== "boolean") {
    return {
      kind: "failed",
      reason: `The pre-annotation Lambda ${arn} returned a non-boolean isHumanAnnotationRequired.`,
    };
  }
  return { kind: isHumanAnnotationRequired === false ? "machine" : "human", taskInput };
}
