// The subject: a real gt-local server (in memory, no request log) with one job to describe.
import { CreateLabelingJobCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { readFileSync } from "node:fs";
import { startServer } from "../../server/start-server.js";

const server = await startServer({ port: 0, inMemory: true, logLevel: "silent" });
const client = new SageMakerClient({
  endpoint: server.url,
  region: "us-east-1",
  credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
});
const request = JSON.parse(
  readFileSync(
    new URL("../../test/fixtures/create-labeling-job.video-classification.json", import.meta.url),
    "utf8",
  ),
) as ConstructorParameters<typeof CreateLabelingJobCommand>[0];
for (let index = 0; index < 50; index++) {
  await client.send(new CreateLabelingJobCommand({ ...request, LabelingJobName: `bench-job-${index}` }));
}
client.destroy();
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
// Exit normally on a signal so `--cpu-prof` can write its profile.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
