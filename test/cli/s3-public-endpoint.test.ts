import { RenderUiTemplateCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3RVER_CREDENTIALS, startS3rver } from "../helpers/s3rver.js";
import { startTestServer } from "../helpers/test-server.js";
import { expectOneLineError, runCli, spawnCli, type CliRun } from "./cli-process.js";

/*
 * --s3-public-endpoint: gt-local reaches its S3 at one address (docker-compose: http://minio:9000)
 * while workers' browsers reach it at another (http://localhost:9000). The URLs grant_read_access
 * signs must carry the browsers' address.
 */
describe("--s3-public-endpoint", () => {
  let s3rver: Awaited<ReturnType<typeof startS3rver>>;
  beforeAll(async () => {
    s3rver = await startS3rver();
  });
  afterAll(async () => {
    await s3rver.stop();
  });

  it("signs browser URLs for the public address of the external S3, and they work there", async () => {
    const port = new URL(s3rver.endpoint).port;
    // Another name for the same S3, as the browser's "localhost:9000" is for compose's "minio:9000".
    const publicEndpoint = `http://localhost:${port}`;
    const server = await startTestServer({
      s3Endpoint: s3rver.endpoint,
      s3ForcePathStyle: true,
      s3Credentials: S3RVER_CREDENTIALS,
      s3PublicEndpoint: publicEndpoint,
    });
    try {
      const { objects } = server.emulator;
      await objects.ensureBucket("clips");
      await objects.put({ bucket: "clips", key: "a.mp4" }, "video bytes");
      const url = await server.emulator.urlSigner.presignGet({ bucket: "clips", key: "a.mp4" }, 60);
      expect(url.startsWith(`${publicEndpoint}/clips/a.mp4?`)).toBe(true);
      expect(url).toContain("X-Amz-Signature=");
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("video bytes");
    } finally {
      await server.close();
    }
  });

  it("also names gt-local's own S3 as browsers reach it (e.g. behind a proxy)", async () => {
    const server = await startTestServer({ s3PublicEndpoint: "https://gt-local.example.com" });
    try {
      const url = await server.emulator.urlSigner.presignGet({ bucket: "clips", key: "a.mp4" }, 60);
      expect(url.startsWith("https://gt-local.example.com/clips/a.mp4?")).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("is a flag and a GT_LOCAL_S3_PUBLIC_ENDPOINT variable of the binary", async () => {
    const runs: CliRun[] = [];
    try {
      for (const [args, env] of [
        [["--s3-public-endpoint", "http://localhost:9000"], {}],
        [[], { GT_LOCAL_S3_PUBLIC_ENDPOINT: "http://localhost:9000" }],
      ] as const) {
        const run = spawnCli(
          [
            "start",
            "--port",
            "0",
            "--in-memory",
            "--s3-endpoint",
            s3rver.endpoint,
            "--s3-force-path-style",
            ...args,
          ],
          { env: { ...env, AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER" } },
        );
        runs.push(run);
        const endpoint = (JSON.parse(await run.line(/"endpoint"/u)) as { endpoint: string }).endpoint;
        const sagemaker = new SageMakerClient({
          endpoint,
          region: "us-east-1",
          credentials: { accessKeyId: "test", secretAccessKey: "test" },
        });
        const rendered = await sagemaker.send(
          new RenderUiTemplateCommand({
            UiTemplate: { Content: '<video src="{{ task.input.taskObject | grant_read_access }}"></video>' },
            Task: { Input: JSON.stringify({ taskObject: "s3://clips/a.mp4" }) },
            RoleArn: "arn:aws:iam::123456789012:role/GroundTruth",
          }),
        );
        sagemaker.destroy();
        expect(rendered.RenderedContent).toContain('src="http://localhost:9000/clips/a.mp4?X-Amz-');
      }
    } finally {
      for (const run of runs) {
        run.child.kill("SIGTERM");
        await run.exit();
      }
    }
  });

  it("refuses a value that is not an http(s) URL in one line", async () => {
    const result = await runCli([
      "start",
      "--port",
      "0",
      "--in-memory",
      "--s3-public-endpoint",
      "localhost:9000",
    ]);
    expect(result.code).toBe(2);
    expect(expectOneLineError(result.stderr)).toBe(
      "gt-local: option '--s3-public-endpoint <url>' argument 'localhost:9000' is invalid. must be an http:// or https:// URL",
    );
  });
});
