import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

/**
 * ExternalObjectStore against s3rver, a real, independent S3 server, on port 0 with a temporary
 * directory. It runs in a child process for two reasons: its ListObjectsV2 continuation tokens are
 * DES-encrypted, a cipher OpenSSL 3 only offers with `--openssl-legacy-provider` (without it, any
 * listing past 1,000 keys is a 500); and some of its failures are uncaught exceptions (ENAMETOOLONG
 * on long keys) that must not take the test worker down.
 */
const S3RVER_MAIN = createRequire(import.meta.url).resolve("s3rver");
const S3RVER_CHILD = `
const S3rver = require(${JSON.stringify(S3RVER_MAIN)});
const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: process.argv[1] });
server.run().then(({ port }) => console.log(JSON.stringify({ port })));
`;

/** s3rver knows only this access key (and checks no more than that the key exists). */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export async function startS3rver(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const directory = await mkdtemp(join(tmpdir(), "gt-local-s3rver-"));
  const child = spawn(process.execPath, ["--openssl-legacy-provider", "-e", S3RVER_CHILD, directory], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, "exit");
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    await rm(directory, { recursive: true, force: true });
  };
  const firstLine = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    void exited.then(() => {
      reject(new Error(`s3rver exited before listening: ${stderr}`));
    });
  });
  try {
    const { port } = JSON.parse(await firstLine) as { port: number };
    return { endpoint: `http://127.0.0.1:${String(port)}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
