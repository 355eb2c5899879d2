import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleCli } from "../../scripts/bundle-cli.js";
import { s3ClientFor } from "../helpers/job-fixtures.js";
import { spawnCli, type CliRun } from "./cli-process.js";

/** The process's minor page faults so far (/proc/PID/stat, field 10). */
function minorFaults(pid: number): number {
  const afterName = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1] ?? "";
  return Number(afterName.split(" ")[7]);
}

const MIB = 1024 * 1024;
const UPLOAD_BYTES = 64 * MIB;
const PAGES_PER_UPLOAD = UPLOAD_BYTES / 4096;

// Inside node_modules, so the bundle finds the packages it leaves external, as dist/cli/ does.
const CACHE = fileURLToPath(new URL("../../node_modules/.cache", import.meta.url));

/*
 * Large uploads reuse the C heap Node's HTTP parser copied the previous ones into, instead of glibc
 * returning it to the kernel and every page faulting in again (server/http/malloc-thresholds.ts).
 * The command runs built, as `npm run build` makes it: under tsx, loading the sources happens to
 * free blocks that raise glibc's thresholds anyway. Page faults, not time, are counted: they do not
 * depend on how busy the machine is.
 */
describe("large uploads into the embedded store", () => {
  let built: string;
  let run: CliRun;
  let endpoint: string;

  beforeAll(async () => {
    mkdirSync(CACHE, { recursive: true });
    built = mkdtempSync(join(CACHE, "gt-local-upload-test-"));
    await bundleCli(built);
    run = spawnCli(["start", "--port", "0", "--in-memory"], { bin: join(built, "gt-local.js") });
    endpoint = (JSON.parse(await run.line(/"endpoint"/u)) as { endpoint: string }).endpoint;
  });

  afterAll(async () => {
    run.child.kill("SIGTERM");
    await run.exit();
    rmSync(built, { recursive: true, force: true });
  });

  it("fault in a small part of their pages once the first uploads freed theirs", async () => {
    const pid = run.child.pid;
    if (pid === undefined) throw new Error("gt-local did not start");
    const s3 = s3ClientFor({ url: endpoint });
    try {
      await s3.send(new CreateBucketCommand({ Bucket: "uploads" }));
      const body = randomBytes(UPLOAD_BYTES);
      const put = (Key: string) => s3.send(new PutObjectCommand({ Bucket: "uploads", Key, Body: body }));
      // The first uploads grow the heap (and the blob hasher thread's buffers) to their size.
      for (const key of ["warm-1", "warm-2", "warm-3"]) await put(key);
      const before = minorFaults(pid);
      const measured = 4;
      for (let index = 0; index < measured; index++) await put(`measured-${index}`);
      const faultsPerUpload = (minorFaults(pid) - before) / measured;
      // Measured: 50-90 per 64 MiB upload (of 16,384 pages); without the raised thresholds,
      // 3,400-8,000 in 5 runs of 6.
      expect(faultsPerUpload).toBeLessThan(PAGES_PER_UPLOAD / 8);
    } finally {
      s3.destroy();
    }
  });
});
