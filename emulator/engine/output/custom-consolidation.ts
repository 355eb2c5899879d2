import type { LabelingJob } from "../../jobs/labeling-job.js";
import { customMetadata, type LabelContent } from "../../output/label-metadata.js";
import type { LambdaRunner } from "../pre-annotation.js";

export interface ConsolidatedBatch {
  contents: Map<number, LabelContent>;
  /** Why nothing came back at all (the Lambda failed or answered nonsense), for the objects' reason. */
  problem?: string;
}

/**
 * A custom post-annotation (consolidation) Lambda: gt-local sends the superset of the documented
 * and observed request fields; the response is an array of `{datasetObjectId,
 * consolidatedAnnotation: {content}}`. Objects missing from it, or malformed, get no content here
 * and fail with the reason recorded by the caller.
 */
export async function customContents(
  job: LabelingJob,
  lambdas: LambdaRunner,
  batch: {
    arn: string;
    objectIds: readonly number[];
    requestUri: string;
    annotationsUri: string;
    labels: readonly string[] | undefined;
    at: Date;
  },
): Promise<ConsolidatedBatch> {
  const contents = new Map<number, LabelContent>();
  if (batch.objectIds.length === 0) return { contents };
  const attribute = job.spec.labelAttributeName;
  const event = {
    version: "2018-10-16",
    labelingJobArn: job.arn,
    labelCategories: batch.labels ?? [],
    labelAttributeName: attribute,
    roleArn: job.spec.roleArn,
    outputConfig: batch.annotationsUri,
    maxHumanWorkersPerDataObject: job.spec.humanTask.workersPerDataObject,
    payload: { s3Uri: batch.requestUri },
  };
  let response: unknown;
  try {
    response = await lambdas.invoke(batch.arn, event);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { contents, problem: `The annotation consolidation Lambda ${batch.arn} failed: ${message}` };
  }
  if (!Array.isArray(response)) {
    return {
      contents,
      problem: `The annotation consolidation Lambda ${batch.arn} answered with something other than a list of results.`,
    };
  }
  const wanted = new Set(batch.objectIds);
  for (const entry of response as unknown[]) {
    if (typeof entry !== "object" || entry === null) continue;
    const { datasetObjectId, consolidatedAnnotation } = entry as {
      datasetObjectId?: unknown;
      consolidatedAnnotation?: { content?: unknown };
    };
    const objectId = Number(datasetObjectId);
    const content = consolidatedAnnotation?.content;
    if (!wanted.has(objectId) || typeof content !== "object" || content === null || !(attribute in content))
      continue;
    const result: LabelContent = { ...(content as LabelContent) };
    // Ground Truth adds the metadata when a custom Lambda leaves it out.
    if (!(`${attribute}-metadata` in result))
      result[`${attribute}-metadata`] = customMetadata(job.name, batch.at);
    contents.set(objectId, result);
  }
  return { contents };
}
