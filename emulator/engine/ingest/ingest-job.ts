import type { LabelingJob } from "../../jobs/labeling-job.js";
import { parseBuiltinLambdaArn } from "../../lambdas/builtin-lambdas.js";
import type { ObjectStore } from "../../objects/object-store.js";
import type { LambdaRunner } from "../pre-annotation.js";
import { taskProfileOf } from "../task-profile.js";
import type { DataObjectRepository } from "../tasks/object-repository.js";
import { IngestFailure } from "./ingest-failure.js";
import { MAX_LABEL_FILE_BYTES, parseLabelCategories } from "./label-categories.js";
import { readManifest } from "./manifest.js";
import { openInputObject, readInputText } from "./read-input-object.js";
import { readWorkerTemplate } from "./worker-template.js";

/** Objects are inserted in transactions of this many rows: few commits, bounded memory. */
const INSERT_BATCH = 5_000;

export interface IngestDependencies {
  store: ObjectStore;
  objects: DataObjectRepository;
  lambdas: LambdaRunner | undefined;
  options: { maxObjectsPerJob: number };
}

/**
 * Reads everything a job needs before it can start: the label categories, the worker template and
 * the input manifest (streamed into SQLite). Any problem is an IngestFailure naming the file and,
 * for the manifest, the line.
 */
export async function ingestJob(job: LabelingJob, deps: IngestDependencies): Promise<void> {
  const { spec } = job;
  const profile = taskProfileOf(spec);
  if (profile.unsupportedBuiltin !== undefined) {
    throw new IngestFailure(
      `gt-local does not run the built-in Lambda ${profile.unsupportedBuiltin}; it runs the classification family (video, image, text). Use your own Lambda for other task types.`,
    );
  }
  for (const arn of [spec.humanTask.preHumanTaskLambdaArn, spec.humanTask.consolidationLambdaArn]) {
    const builtin = arn === undefined ? undefined : parseBuiltinLambdaArn(arn)?.classification;
    if (arn !== undefined && builtin === undefined && !(deps.lambdas?.resolves(arn) ?? false)) {
      throw new IngestFailure(
        `Nothing runs the Lambda ${arn} locally. Map it to a handler file (--lambda ${arn}=./handler.js or gt-local.config.json) or give --lambda-endpoint.`,
      );
    }
  }

  let labels: string[] | undefined;
  if (spec.labelCategoryConfigS3Uri !== undefined) {
    const uri = spec.labelCategoryConfigS3Uri;
    const text = await readInputText(deps.store, uri, "label category file", MAX_LABEL_FILE_BYTES);
    labels = parseLabelCategories(text, uri, profile.labelRules ?? { min: 1, max: 1_000 });
  } else if (profile.classification) {
    throw new IngestFailure("LabelCategoryConfigS3Uri is required for classification labeling jobs.");
  }

  const template =
    spec.humanTask.uiTemplateS3Uri === undefined
      ? undefined
      : await readWorkerTemplate(deps.store, spec.humanTask.uiTemplateS3Uri);

  // A job still Initializing may hold rows of an ingest that a crash cut short (the manifest is
  // stored in batches before the job turns InProgress): start over rather than collide with them.
  deps.objects.transaction(() => {
    deps.objects.deleteObjects(job.arn);
  });
  const manifestUri = spec.input.manifestS3Uri;
  let count = 0;
  if (manifestUri !== undefined) {
    const body = await openInputObject(deps.store, manifestUri, "input manifest");
    let batch: string[] = [];
    const flush = (): void => {
      const first = count - batch.length;
      const lines = batch;
      deps.objects.transaction(() => {
        deps.objects.insertObjects(job.arn, first, lines);
      });
      batch = [];
    };
    for await (const line of readManifest(body, manifestUri, {
      requireSourceRef: profile.requireSourceRef,
      maxObjects: deps.options.maxObjectsPerJob,
    })) {
      batch.push(line.text);
      count++;
      if (batch.length === INSERT_BATCH) flush();
    }
    if (batch.length > 0) flush();
  }
  deps.objects.saveIngest(job.arn, labels, template, count);
}
