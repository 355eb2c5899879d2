import { CreateLabelingJobCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { GtLocalAdmin } from "../../server/programmatic/index.js";
import { uploadJobInputs } from "../helpers/job-fixtures.js";
import { videoJobRequest } from "../helpers/requests.js";
import { outputLines, truthManifest } from "../helpers/simulated-jobs.js";
import { temporaryDataDir, TEST_CREDENTIALS, type TestServer } from "../helpers/test-server.js";

const BIN = fileURLToPath(new URL("../../bin/gt-local.js", import.meta.url));

describe("the gt-local binary with simulated workers", () => {
  it("labels jobs under the policy in GT_LOCAL_SIMULATE=@file", async () => {
    const folder = temporaryDataDir();
    const policyFile = join(folder.dir, "policy.json");
    writeFileSync(policyFile, JSON.stringify({ truth: { attribute: "true-label" }, seed: 9 }));
    const child = spawn(process.execPath, [BIN, "--port", "0", "--in-memory", "--start-delay-ms", "0"], {
      env: { ...process.env, GT_LOCAL_SIMULATE: `@${policyFile}` },
    });
    try {
      let endpoint = "";
      for await (const line of createInterface({ input: child.stdout })) {
        endpoint = (JSON.parse(line) as { endpoint?: string }).endpoint ?? "";
        if (endpoint !== "") break;
      }
      const truths = ["News", "Sports"];
      await uploadJobInputs({ url: endpoint } as TestServer, { manifest: truthManifest(truths) });
      const sagemaker = new SageMakerClient({ endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS });
      await sagemaker.send(new CreateLabelingJobCommand(videoJobRequest("from-the-cli")));
      await new GtLocalAdmin(endpoint).waitFor("from-the-cli", "Completed");
      const lines = await outputLines(endpoint, sagemaker, "from-the-cli");
      sagemaker.destroy();
      expect(lines.map((line) => (line["label-metadata"] as { "class-name": string })["class-name"])).toEqual(
        truths,
      );
    } finally {
      // In memory, nothing is lost; the binary's clean shutdown has its own test (process.test.ts).
      child.kill("SIGKILL");
      if (child.exitCode === null && child.signalCode === null) await once(child, "exit");
      folder.remove();
    }
  });

  it("refuses a bad --simulate policy in one clear line", async () => {
    const child = spawn(process.execPath, [
      BIN,
      "--port",
      "0",
      "--in-memory",
      "--simulate",
      '{"accuracy": 2}',
    ]);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).not.toBe(0);
    expect(stderr).toContain("--simulate");
    expect(stderr).toContain('"accuracy" must be a number from 0 to 1, not the number 2.');
    expect(stderr).not.toContain("    at ");
  });
});
