import { CreateLabelingJobCommand } from "@aws-sdk/client-sagemaker";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import { engineIdle, uploadJobInputs } from "../helpers/job-fixtures.js";
import { seedRequest } from "../helpers/requests.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const JOB_ARN =
  "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/example-video-classification-labeling-job";

/** A real HTTP endpoint standing in for the user's webhook. */
async function startWebhook(): Promise<{ url: string; received: unknown[]; server: Server }> {
  const received: unknown[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, server };
}

describe("labeling job state change events", () => {
  let server: TestServer;
  let webhook: Awaited<ReturnType<typeof startWebhook>>;

  beforeAll(async () => {
    webhook = await startWebhook();
    server = await startTestServer({
      clock: new ManualClock(new Date("2026-06-01T09:00:00.000Z")),
      startDelayMs: 0,
      eventsWebhook: webhook.url,
    });
  });
  afterAll(async () => {
    await server.close();
    webhook.server.close();
  });

  it("streams every status change over SSE and posts the terminal one to the webhook", async () => {
    const stream = await fetch(`${server.url}/_gt/api/events`);
    expect(stream.headers.get("content-type")).toBe("text/event-stream");
    const reader = stream.body!.getReader();

    await uploadJobInputs(server);
    const request = seedRequest();
    request.HumanTaskConfig!.NumberOfHumanWorkersPerDataObject = 1;
    await server.sagemaker.send(new CreateLabelingJobCommand(request));
    await engineIdle(server);
    const worker = server.emulator.workers.create({ displayName: "Events" });
    for (let n = 0; n < 3; n++) {
      const task = server.emulator.tasks.claimNext({ workerId: worker.id });
      await server.emulator.tasks.submit(task!.id, worker.id, { "crowd-classifier": { label: "News" } });
    }
    await engineIdle(server);

    let text = "";
    while (!text.includes('"LabelingJobStatus":"Completed"')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    await reader.cancel();
    const events = text
      .split("\n\n")
      .filter((block) => block.startsWith("event: labeling-job-state-change"))
      .map(
        (block) => JSON.parse(block.split("data: ")[1] ?? "{}") as { detail: { LabelingJobStatus: string } },
      );
    expect(events.map((event) => event.detail.LabelingJobStatus)).toEqual(["InProgress", "Completed"]);

    await expect.poll(() => webhook.received.length).toBe(1);
    expect(webhook.received[0]).toMatchObject({
      version: "0",
      "detail-type": "SageMaker Ground Truth Labeling Job State Change",
      source: "aws.sagemaker",
      account: "123456789012",
      region: "us-east-1",
      resources: [JOB_ARN],
      detail: { LabelingJobStatus: "Completed" },
    });
  });
});
