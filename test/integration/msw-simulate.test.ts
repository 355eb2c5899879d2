import { GetObjectCommand } from "@aws-sdk/client-s3";
import {
  CreateLabelingJobCommand,
  DescribeLabelingJobCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { gtLocalHandlers, type GtLocalHandlers } from "../../server/msw/index.js";
import { s3ClientFor, uploadJobInputs } from "../helpers/job-fixtures.js";
import { seedRequest } from "../helpers/requests.js";
import type { TestServer } from "../helpers/test-server.js";

// In-process mode takes the server's auto-label option: a test that drives only the SDK, no port.
let handlers: GtLocalHandlers;
let server: ReturnType<typeof setupServer>;
beforeAll(() => {
  handlers = gtLocalHandlers({
    startDelayMs: 0,
    simulate: { truth: { attribute: "true-label" }, seed: 3 },
  });
  server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: "error" });
});
afterAll(async () => {
  server.close();
  await handlers.close();
});

it("labels every new job with simulated workers when given a policy", async () => {
  const truth = ["Music", "Sports", "News"];
  await uploadJobInputs({ url: handlers.endpoint } as TestServer, {
    manifest: truth.map((label, n) => ({
      "source-ref": `s3://bucket/videos/clip-${String(n)}.mp4`,
      "true-label": label,
    })),
  });
  const sagemaker = new SageMakerClient({ region: handlers.region, credentials: handlers.credentials });
  const request = seedRequest();
  await sagemaker.send(new CreateLabelingJobCommand(request));
  await handlers.admin.waitFor(request.LabelingJobName!, "Completed");
  const job = await sagemaker.send(
    new DescribeLabelingJobCommand({ LabelingJobName: request.LabelingJobName }),
  );
  sagemaker.destroy();
  const key = job.LabelingJobOutput!.OutputDatasetS3Uri!.replace("s3://bucket/", "");
  const s3 = s3ClientFor({ url: handlers.endpoint });
  const output = await s3.send(new GetObjectCommand({ Bucket: "bucket", Key: key }));
  const lines = (await output.Body!.transformToString()).trim().split("\n");
  s3.destroy();
  expect(
    lines.map(
      (line) =>
        (JSON.parse(line) as { "label-metadata": { "class-name": string } })["label-metadata"]["class-name"],
    ),
  ).toEqual(truth);
});
