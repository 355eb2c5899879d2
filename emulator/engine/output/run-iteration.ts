import type { Clock } from "../../clock.js";
import type { ConsolidationMethod } from "../../consolidation/index.js";
import type { LabelingJob } from "../../jobs/labeling-job.js";
import { parseBuiltinLambdaArn } from "../../lambdas/builtin-lambdas.js";
import type { ObjectStore, PutEntry } from "../../objects/object-store.js";
import {
  customMetadata,
  failureContent,
  metadataJobName,
  metadataType,
  type LabelContent,
} from "../../output/label-metadata.js";
import { creationDate, fileStamp, OutputLayout } from "../../output/output-layout.js";
import { privateWorkerId, workerResponseFile, type WorkerIdentity } from "../../output/worker-response.js";
import type { LambdaRunner } from "../pre-annotation.js";
import type { JobCounts } from "../tasks/object-repository.js";
import { taskProfileOf } from "../task-profile.js";
import { builtInContents, classAnswersOf } from "./built-in-consolidation.js";
import type { AnswerParser, SettledAnswers } from "./settled-answers.js";
import type { ConsolidationRepository, PendingObject, SubmittedRow } from "./consolidation-repository.js";
import { customContents, type ConsolidatedBatch } from "./custom-consolidation.js";

export interface IterationDependencies {
  clock: Clock;
  store: ObjectStore;
  consolidation: ConsolidationRepository;
  lambdas: LambdaRunner | undefined;
  method: ConsolidationMethod;
  /** Dawid-Skene's input kept from one iteration to the next. */
  settled: SettledAnswers;
  labels: readonly string[] | undefined;
  identity: WorkerIdentity;
}

/**
 * Worker-response files go to the store in batches (one commit each in the embedded store); a
 * batch is small enough that requests between batches are not held up for long.
 */
const FILES_PER_BATCH = 1_000;

async function putInBatches(store: ObjectStore, entries: readonly PutEntry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += FILES_PER_BATCH) {
    await store.putMany(entries.slice(start, start + FILES_PER_BATCH));
  }
}

const json = (value: unknown): string => JSON.stringify(value);

/**
 * One consolidation iteration, as Ground Truth runs them: the objects finished since the last
 * iteration get their worker-response files, one consolidation request (the payload a post-Lambda
 * reads), the consolidated result (built-in ACS or the user's Lambda) and its response file, then
 * the intermediate annotations and manifest for iteration N. The final pass also writes
 * `manifests/output/output.manifest`, whose URI it returns.
 */
export async function runIteration(
  job: LabelingJob,
  deps: IterationDependencies,
  final: boolean,
): Promise<string | undefined> {
  const layout = new OutputLayout(job.spec.output.s3OutputPath, job.name);
  const pending = deps.consolidation.pending(job.arn);
  if (pending.length > 0) await consolidate(job, deps, layout, pending);
  if (!final) return undefined;
  deps.settled.forget(job.arn);
  const output = layout.outputManifest();
  await deps.store.put(output, manifestBody(deps.consolidation, job.arn), {
    contentType: "application/octet-stream",
  });
  return layout.uri(output);
}

async function consolidate(
  job: LabelingJob,
  deps: IterationDependencies,
  layout: OutputLayout,
  pending: readonly PendingObject[],
): Promise<void> {
  const iteration = deps.consolidation.nextIteration(job.arn);
  const at = deps.clock.now();
  const stamp = fileStamp(at);
  const attribute = job.spec.labelAttributeName;
  const iterationAnswers = deps.consolidation.pendingAnswers(job.arn);
  const answersOf = groupByObject(iterationAnswers);
  const human = pending.filter((object) => object.state === "labeled" && object.labeled_by === "human");

  // Worker responses: one file per object, all of its workers' answers.
  await putInBatches(
    deps.store,
    human.map((object) => {
      const answers = (answersOf.get(object.object_id) ?? []).map((row) => ({
        workerId: row.worker_id,
        claimedAt: new Date(row.claimed_ms),
        submittedAt: new Date(row.finished_ms),
        answer: JSON.parse(row.answer_json) as unknown,
      }));
      return {
        location: layout.workerResponse(iteration, String(object.object_id), stamp),
        body: json(workerResponseFile(answers, deps.identity)),
        options: { contentType: "application/json" },
      };
    }),
  );

  // The consolidation request: the payload a post-annotation Lambda reads from S3.
  const request = human.map((object) => ({
    datasetObjectId: String(object.object_id),
    dataObject: dataObjectOf(object.line_json),
    annotations: (answersOf.get(object.object_id) ?? []).map((row) => ({
      workerId: privateWorkerId(deps.identity.region, row.worker_id),
      annotationData: { content: row.answer_json },
    })),
  }));
  const requestLocation = layout.consolidationRequest(iteration, stamp);
  await deps.store.put(requestLocation, json(request), { contentType: "application/json" });

  const { contents, problem } = await consolidatedContents(job, deps, layout, {
    human,
    iterationAnswers,
    requestUri: layout.uri(requestLocation),
    at,
    iteration,
    stamp,
  });
  const response = human.flatMap((object) => {
    const content = contents.get(object.object_id);
    return content
      ? [{ datasetObjectId: String(object.object_id), consolidatedAnnotation: { content } }]
      : [];
  });
  await deps.store.put(layout.consolidationResponse(iteration, stamp), json(response), {
    contentType: "application/json",
  });

  // A human-labeled object the consolidation gave no result for fails, with the reason.
  for (const object of human) {
    if (contents.has(object.object_id)) continue;
    const reason =
      problem ??
      `The annotation consolidation Lambda ${job.spec.humanTask.consolidationLambdaArn ?? ""} returned no result for this object.`;
    deps.consolidation.markFailed(job.arn, object.object_id, reason);
    object.state = "failed";
    object.labeled_by = null;
    object.failure_reason = reason;
  }

  // Objects that did not come out labeled carry the reason instead (failed, skipped, dropped).
  const type = outputType(job);
  const results = new Map<number, string>();
  for (const object of pending) {
    const content =
      contents.get(object.object_id) ??
      (object.labeled_by === "machine"
        ? {
            [`${attribute}-metadata`]: {
              type,
              "job-name": metadataJobName(job.name),
              "human-annotated": "no",
              "creation-date": creationDate(at),
            },
          }
        : failureContent(attribute, failureReasonOf(object), { type, jobName: job.name, at }));
    results.set(object.object_id, json(content));
  }
  deps.consolidation.saveResults(job.arn, iteration, results);
  if (deps.method === "dawid-skene") {
    deps.settled.settled(
      job.arn,
      iteration,
      iterationAnswers,
      answerParser(deps, taskProfileOf(job.spec).multiLabel),
    );
  }

  // Each content is already JSON text (from `json`): spliced in as is, not parsed and re-written.
  const annotations = [...results].map(
    ([objectId, content]) =>
      `{"datasetObjectId":${json(String(objectId))},"consolidatedAnnotation":{"content":${content}}}\n`,
  );
  await deps.store.put(layout.intermediateAnnotations(iteration), annotations.join(""), {
    contentType: "application/json",
  });
  await deps.store.put(layout.intermediateManifest(iteration), manifestBody(deps.consolidation, job.arn), {
    contentType: "application/octet-stream",
  });
}

async function consolidatedContents(
  job: LabelingJob,
  deps: IterationDependencies,
  layout: OutputLayout,
  batch: {
    human: readonly PendingObject[];
    iterationAnswers: readonly SubmittedRow[];
    requestUri: string;
    at: Date;
    iteration: number;
    stamp: string;
  },
): Promise<ConsolidatedBatch> {
  const attribute = job.spec.labelAttributeName;
  const arn = job.spec.humanTask.consolidationLambdaArn;
  const profile = taskProfileOf(job.spec);
  const builtin = arn === undefined ? undefined : parseBuiltinLambdaArn(arn);
  if (builtin?.classification) {
    const parse = answerParser(deps, profile.multiLabel);
    const contents = builtInContents({
      method: deps.method,
      taskType: builtin.classification,
      multiLabel: profile.multiLabel,
      attribute,
      labels: deps.labels ?? [],
      jobName: job.name,
      at: batch.at,
      // Dawid-Skene learns each worker's reliability from every answer of the job so far;
      // majority vote decides each object from its own answers alone.
      answers:
        deps.method === "dawid-skene"
          ? deps.settled.allAnswers(
              job.arn,
              batch.iteration,
              batch.iterationAnswers,
              deps.consolidation,
              parse,
            )
          : parse(batch.iterationAnswers),
      objectIds: new Set(batch.human.map((object) => object.object_id)),
    });
    return { contents };
  }
  if (arn !== undefined && deps.lambdas) {
    return customContents(job, deps.lambdas, {
      arn,
      objectIds: batch.human.map((object) => object.object_id),
      requestUri: batch.requestUri,
      annotationsUri: layout.annotationsUri(),
      labels: deps.labels,
      at: batch.at,
    });
  }
  // No post-annotation Lambda: the label points at the worker responses (Developer Guide).
  const contents = new Map<number, LabelContent>();
  for (const object of batch.human) {
    contents.set(object.object_id, {
      [attribute]: {},
      [`${attribute}-metadata`]: {
        ...customMetadata(job.name, batch.at),
        "worker-response-ref": layout.uri(
          layout.workerResponse(batch.iteration, String(object.object_id), batch.stamp),
        ),
      },
    });
  }
  return { contents };
}

function groupByObject(rows: readonly SubmittedRow[]): Map<number, SubmittedRow[]> {
  const groups = new Map<number, SubmittedRow[]>();
  for (const row of rows) {
    const group = groups.get(row.object_id);
    if (group) group.push(row);
    else groups.set(row.object_id, [row]);
  }
  return groups;
}

/** `{"s3Uri": <source-ref>}` or `{"content": <source>}`, as the request payload names the object. */
function dataObjectOf(lineJson: string): Record<string, unknown> {
  const line = JSON.parse(lineJson) as Record<string, unknown>;
  return line["source-ref"] !== undefined ? { s3Uri: line["source-ref"] } : { content: line.source };
}

/** The `type` of a job's output: the built-in ACS's task type, else `groundTruth/custom`. */
function outputType(job: LabelingJob): string {
  const arn = job.spec.humanTask.consolidationLambdaArn;
  const taskType = arn === undefined ? undefined : parseBuiltinLambdaArn(arn)?.classification;
  return taskType ? metadataType(taskType) : "groundTruth/custom";
}

function failureReasonOf(object: PendingObject): string {
  return object.failure_reason ?? "The object could not be labeled.";
}

/**
 * The manifest, streamed from SQLite a page at a time (no query stays open across an await, so
 * workers' requests keep flowing): every input line, labeled where it is.
 */
async function* manifestBody(
  repository: ConsolidationRepository,
  jobArn: string,
): AsyncGenerator<Uint8Array> {
  let after = -1;
  for (;;) {
    const page = repository.manifestPageAfter(jobArn, after, 2_000);
    if (page === undefined) return;
    yield page.bytes;
    after = page.lastObjectId;
    await Promise.resolve();
  }
}

const answerParser =
  (deps: IterationDependencies, multiLabel: boolean): AnswerParser =>
  (rows) =>
    classAnswersOf(rows, deps.labels ?? [], multiLabel);

/**
 * How many finished objects make an iteration: a batch of MaxConcurrentTaskCount, but at least a
 * tenth of the job, so a large job writes about ten intermediate manifests, not thousands.
 */
export function iterationSize(job: LabelingJob, total: number): number {
  return Math.max(job.spec.humanTask.maxConcurrentTaskCount, Math.ceil(total / 10), 1);
}

/** Whether a whole iteration's worth of the job's finished objects awaits consolidation. */
export function batchWaiting(job: LabelingJob, counts: Pick<JobCounts, "total" | "unconsolidated">): boolean {
  return counts.unconsolidated >= iterationSize(job, counts.total);
}
