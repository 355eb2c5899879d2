import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, type RunningServer, type StartOptions } from "../../server/start-server.js";

export const TEST_CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" };

/**
 * For tests of the control plane alone: jobs stay Initializing (a day's start delay), so their
 * status is what the API made it, not what the job engine did with missing input files.
 */
export const CONTROL_PLANE_ONLY = { startDelayMs: 86_400_000 } as const;

export interface TestServer extends RunningServer {
  sagemaker: SageMakerClient;
  /** A client signing for another region, to prove region isolation. */
  sagemakerIn(region: string): SageMakerClient;
}

/** Starts the real server on an ephemeral port with a silent log and a real SageMaker SDK client. */
export async function startTestServer(options: StartOptions = {}): Promise<TestServer> {
  const server = await startServer({ port: 0, inMemory: true, logLevel: "silent", ...options });
  const sagemakerIn = (region: string): SageMakerClient =>
    new SageMakerClient({ endpoint: server.url, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  const sagemaker = sagemakerIn("us-east-1");
  return {
    ...server,
    sagemaker,
    sagemakerIn,
    close: async () => {
      sagemaker.destroy();
      await server.close();
    },
  };
}

/** A fresh temporary data dir, removed by the returned cleanup. */
export function temporaryDataDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "gt-local-test-"));
  return {
    dir,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
