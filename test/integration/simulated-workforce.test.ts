import { CreateLabelingJobCommand } from "@aws-sdk/client-sagemaker";
import { afterAll, describe, expect, it } from "vitest";
import { GtLocalAdmin, type SimulationPolicy } from "../../server/programmatic/index.js";
import { uploadJobInputs } from "../helpers/job-fixtures.js";
import { videoJobRequest } from "../helpers/requests.js";
import { labelOf, outputLines, truthManifest, workerResponses } from "../helpers/simulated-jobs.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const LABELS = ["Sports", "News", "Music"];
const servers: TestServer[] = [];

// Closed together at the end: a server that served waitFor's event stream takes a while to close.
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

/** A server with the seed request's job (3 workers per object) over `manifest`, being simulated. */
async function simulatedJob(
  name: string,
  manifest: Record<string, unknown>[],
  policy: SimulationPolicy,
  request = videoJobRequest(name),
) {
  const server = await startTestServer({ startDelayMs: 0 });
  servers.push(server);
  await uploadJobInputs(server, { manifest });
  await server.sagemaker.send(new CreateLabelingJobCommand(request));
  const admin = new GtLocalAdmin(server.url);
  const started = await admin.simulate(name, policy);
  await admin.waitFor(name, "Completed");
  const output = await outputLines(server.url, server.sagemaker, name);
  return { server, admin, started, output, responses: await workerResponses(server.url, name) };
}

const metadataOf = (line: Record<string, unknown>) =>
  line["label-metadata"] as { "class-name": string; confidence: number };

describe("the simulated workforce", () => {
  it("labels a job with the manifest's truth when every worker is accurate", async () => {
    const truths = ["News", "Music", "Sports", "News"];
    const { admin, started, output, responses } = await simulatedJob("accurate", truthManifest(truths), {
      truth: { attribute: "true-label" },
    });
    // Workers default to the job's NumberOfHumanWorkersPerDataObject, named sim-1, sim-2, ...
    expect(started.workers.map((worker) => worker.id)).toEqual(["sim-1", "sim-2", "sim-3"]);
    expect(output.map((line) => metadataOf(line)["class-name"])).toEqual(truths);
    expect(output.map((line) => metadataOf(line).confidence)).toEqual([1, 1, 1, 1]);
    // Their answers are real worker responses, filed under the template's crowd element name.
    expect(responses).toEqual(
      truths.flatMap((truth, object) =>
        [1, 2, 3].map((n) => ({
          datasetObjectId: String(object),
          workerId: `private.us-east-1.sim-${String(n)}`,
          answerContent: { "crowd-classifier": { label: truth } },
        })),
      ),
    );
    const state = await admin.simulation("accurate");
    expect(state.status).toBe("finished");
    expect(state.workers).toEqual([1, 2, 3].map((n) => ({ id: `sim-${String(n)}`, answered: 4 })));
    expect(state.errors).toEqual([]);
  });

  it("gives the disagreements a confusion matrix describes, and majority vote outvotes them", async () => {
    const truths = ["Sports", "News", "Music"];
    const rotate = { Sports: { News: 1 }, News: { Music: 1 }, Music: { Sports: 1 } };
    const { output, responses } = await simulatedJob("confused", truthManifest(truths), {
      workers: [{ name: "ann" }, { name: "bob" }, { name: "cyd", confusion: rotate }],
      truth: { attribute: "true-label" },
    });
    const cyd = responses.filter((answer) => answer.workerId.endsWith(".cyd"));
    expect(cyd.map((answer) => labelOf(answer.answerContent))).toEqual(["News", "Music", "Sports"]);
    expect(output.map((line) => metadataOf(line)["class-name"])).toEqual(truths);
    expect(output.map((line) => metadataOf(line).confidence)).toEqual([0.67, 0.67, 0.67]);
  });

  it("makes mistakes at a low accuracy, and the output is the majority of each object's answers", async () => {
    const truths = Array.from({ length: 20 }, (_, index) => LABELS[index % 3]!);
    const { output, responses } = await simulatedJob("sloppy", truthManifest(truths), {
      accuracy: 0.5,
      truth: { attribute: "true-label" },
      seed: 7,
    });
    const wrong = responses.filter(
      (answer) => labelOf(answer.answerContent) !== truths[Number(answer.datasetObjectId)],
    );
    expect(wrong.length).toBeGreaterThan(responses.length * 0.25);
    expect(wrong.length).toBeLessThan(responses.length * 0.75);
    output.forEach((line, object) => {
      const votes = responses
        .filter((answer) => answer.datasetObjectId === String(object))
        .map((answer) => labelOf(answer.answerContent) as string);
      const count = (label: string) => votes.filter((vote) => vote === label).length;
      // Majority vote as documented: the most frequent label, ties to the lowest label index.
      const winner = [...LABELS].sort(
        (a, b) => count(b) - count(a) || LABELS.indexOf(a) - LABELS.indexOf(b),
      )[0]!;
      expect(metadataOf(line)["class-name"]).toBe(winner);
      expect(metadataOf(line).confidence).toBe(Math.round((count(winner) / 3) * 100) / 100);
    });
  });

  it("answers the same for the same seed, whatever the claim order, and otherwise for another seed", async () => {
    const manifest = truthManifest(Array.from({ length: 12 }, () => "Sports"));
    const workers = [{ name: "ann" }, { name: "bob" }, { name: "cyd" }];
    const policy = { workers, accuracy: 0.5, truth: "uniform-random", seed: "nightly" } as const;
    const first = await simulatedJob("seeded", manifest, policy);
    // The same policy with the workers listed the other way round: they claim in another order.
    const second = await simulatedJob("seeded", manifest, { ...policy, workers: [...workers].reverse() });
    const reseeded = await simulatedJob("seeded", manifest, { ...policy, seed: "weekly" });
    expect(second.responses).toEqual(first.responses);
    const labels = (output: Record<string, unknown>[]) =>
      output.map((line) => metadataOf(line)["class-name"]);
    expect(labels(second.output)).toEqual(labels(first.output));
    expect(reseeded.responses).not.toEqual(first.responses);
    // Uniformly random truth: the labels vary from object to object.
    expect(new Set(first.output.map((line) => metadataOf(line)["class-name"])).size).toBeGreaterThan(1);
  });

  it("lets scripted answers win for their worker and object", async () => {
    const { admin, responses, output } = await simulatedJob(
      "scripted",
      truthManifest(["Sports", "Sports", "Sports"]),
      {
        truth: { attribute: "true-label" },
        scripted: [
          { worker: "sim-2", object: "s3://bucket/videos/clip-1.mp4", answer: "Music" },
          { worker: "sim-1", object: 0, answer: { "crowd-classifier": { label: "News" } } },
        ],
      },
    );
    const given = (object: string, worker: string) =>
      labelOf(
        responses.find((answer) => answer.datasetObjectId === object && answer.workerId.endsWith(worker))!
          .answerContent,
      );
    expect(given("0", "sim-1")).toBe("News");
    expect(given("1", "sim-2")).toBe("Music");
    expect(responses.filter((answer) => labelOf(answer.answerContent) === "Sports")).toHaveLength(7);
    expect(output.map((line) => metadataOf(line)["class-name"])).toEqual(["Sports", "Sports", "Sports"]);
    const scripted = (await admin.simulation("scripted")).answers.filter((answer) => answer.scripted);
    expect(scripted.map(({ workerId, datasetObjectId }) => [workerId, datasetObjectId])).toEqual([
      ["sim-1", "0"],
      ["sim-2", "1"],
    ]);
  });

  it("answers multi-label jobs with label sets under the template's element name", async () => {
    const template =
      '<crowd-form><crowd-classifier-multi-select name="topics" categories="{{ task.input.labels | to_json | escape }}">' +
      "<classification-target>{{ task.input.taskObject }}</classification-target></crowd-classifier-multi-select></crowd-form>";
    const truths = [["Sports", "News"], ["Music"]];
    const request = videoJobRequest("topics");
    const arn = (kind: string) =>
      `arn:aws:lambda:us-east-1:432418664414:function:${kind}-TextMultiClassMultiLabel`;
    request.HumanTaskConfig = {
      ...request.HumanTaskConfig!,
      PreHumanTaskLambdaArn: arn("PRE"),
      AnnotationConsolidationConfig: { AnnotationConsolidationLambdaArn: arn("ACS") },
    };
    const server = await startTestServer({ startDelayMs: 0 });
    servers.push(server);
    await uploadJobInputs(server, {
      template,
      manifest: truths.map((truth, index) => ({ source: `text ${String(index)}`, "true-label": truth })),
    });
    await server.sagemaker.send(new CreateLabelingJobCommand(request));
    const admin = new GtLocalAdmin(server.url);
    await admin.simulate("topics", { truth: { attribute: "true-label" } });
    await admin.waitFor("topics", "Completed");
    const responses = await workerResponses(server.url, "topics");
    expect(responses.map((answer) => answer.answerContent)).toEqual([
      ...Array.from({ length: 3 }, () => ({ topics: { labels: ["Sports", "News"] } })),
      ...Array.from({ length: 3 }, () => ({ topics: { labels: ["Music"] } })),
    ]);
    const output = await outputLines(server.url, server.sagemaker, "topics");
    expect(output.map((line) => (line["label-metadata"] as { "class-map": unknown })["class-map"])).toEqual([
      { "0": "Sports", "1": "News" },
      { "2": "Music" },
    ]);
  });
});
