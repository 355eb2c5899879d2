import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bundleCli } from "../../scripts/bundle-cli.js";
import { freePort } from "../cli/cli-process.js";
import { LOADED_AT_FIRST_USE, LOADED_AT_START, startAndListPackages } from "../cli/first-use-packages.js";
import { report, run } from "../helpers/cross-client-scripts.js";

/*
 * The promise: "a user can copy the TypeScript example into their repo and it passes
 * against the npm package". So: build and pack gt-local as `npm publish` would (the `files` list,
 * the `exports` map, compiled dist/), install the tarball into a scratch project, copy the example
 * there and run it with vitest. The scratch project borrows this repository's node_modules for the
 * other dependencies (no network here), but gt-local itself comes only from the tarball.
 */
const repo = new URL("../../", import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), "gt-local-package-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/**
 * Copies what `npm pack` may include, builds dist/ there as `npm run build` does (tsc's modules,
 * then the command's bundle), packs, and returns the tarball path.
 */
async function packGtLocal(): Promise<string> {
  const stage = join(scratch, "stage");
  mkdirSync(stage);
  // What package.json's `files` names (npm pack applies its exclusions), except dist/, built below.
  const { files } = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { files: string[] };
  const entries = files.filter((entry) => !entry.startsWith("!") && entry !== "dist/");
  for (const entry of ["package.json", ...entries]) {
    cpSync(join(repo, entry), join(stage, entry), { recursive: true });
  }
  // Compiled from this checkout's sources into the stage, so the repository's own dist/ (if any)
  // plays no part.
  execFileSync(
    process.execPath,
    [
      join(repo, "node_modules/typescript/bin/tsc"),
      "-p",
      join(repo, "tsconfig.build.json"),
      "--outDir",
      join(stage, "dist"),
    ],
    { cwd: repo, stdio: "pipe" },
  );
  await bundleCli(join(stage, "dist/cli"));
  const packed = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", scratch], {
    cwd: stage,
    encoding: "utf8",
  });
  const [{ filename }] = JSON.parse(packed) as [{ filename: string }];
  return join(scratch, filename);
}

function scratchProject(tarball: string): string {
  const project = join(scratch, "project");
  const modules = join(project, "node_modules");
  mkdirSync(join(modules, "gt-local"), { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", join(modules, "gt-local"), "--strip-components=1"]);
  for (const entry of readdirSync(join(repo, "node_modules"))) {
    if (entry === "gt-local" || entry.startsWith(".")) continue;
    symlinkSync(join(repo, "node_modules", entry), join(modules, entry));
  }
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "my-pipeline", type: "module", private: true }),
  );
  cpSync(
    join(repo, "examples/typescript/video-pipeline.test.ts"),
    join(project, "test/video-pipeline.test.ts"),
  );
  cpSync(join(repo, "examples/fixtures"), join(project, "fixtures"), { recursive: true });
  return project;
}

let project: string;
let tarball: string;
beforeAll(async () => {
  tarball = await packGtLocal();
  project = scratchProject(tarball);
}, 120_000);

/**
 * Script lines that PUT a random body of `size` bytes (an expression) into a new bucket at the
 * endpoint `endpoint` (an expression), GET it back and print `stored intact` when the bytes and the
 * ETag (their MD5) match. Imports included: put them after the script's own imports.
 */
function roundTripLines(endpoint: string, size: string, bucket: string): string[] {
  return [
    'const { createHash, randomBytes } = await import("node:crypto");',
    'const { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } = await import("@aws-sdk/client-s3");',
    `const s3 = new S3Client({ endpoint: ${endpoint}, region: 'us-east-1', forcePathStyle: true,`,
    "  credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });",
    `const body = randomBytes(${size});`,
    `await s3.send(new CreateBucketCommand({ Bucket: '${bucket}' }));`,
    `const put = await s3.send(new PutObjectCommand({ Bucket: '${bucket}', Key: 'body', Body: body }));`,
    `const got = await s3.send(new GetObjectCommand({ Bucket: '${bucket}', Key: 'body' }));`,
    "const back = Buffer.from(await got.Body.transformToByteArray());",
    "const md5 = createHash('md5').update(body).digest('hex');",
    "console.log(put.ETag === `\"${md5}\"` && back.equals(body) ? 'stored intact' : `ETag ${put.ETag}, md5 ${md5}`);",
    "s3.destroy();",
  ];
}

/** Writes a script of `lines` into the scratch project and runs it with node. */
function runScript(name: string, lines: readonly string[], timeoutMs: number) {
  writeFileSync(join(project, name), lines.join("\n"));
  return run(process.execPath, [join(project, name)], timeoutMs);
}

it("ships the compiled entry points and the portal's client sources, not the tests", () => {
  const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" });
  expect(files).toContain("package/dist/server/programmatic/index.js");
  expect(files).toContain("package/dist/server/programmatic/index.d.ts");
  expect(files).toContain("package/dist/server/msw/index.js");
  expect(files).toContain("package/dist/cli/gt-local.js");
  expect(files).toContain("package/dist/cli/blob-hasher-thread.js");
  expect(files).toContain("package/client/portal/index.ts");
  expect(files).toContain("package/samples/videos/test-pattern.mp4");
  expect(files).not.toMatch(/\.test\.(ts|js)\n/u);
});

it("resolves every entry point, and the admin client alone loads no server code", async () => {
  const loaded = await runScript(
    "entries.mjs",
    [
      'import { GtLocalAdmin } from "gt-local/admin";',
      'import { gtLocalHandlers } from "gt-local/msw";',
      'import { startServer, startGtLocal } from "gt-local";',
      "console.log([GtLocalAdmin, gtLocalHandlers, startServer, startGtLocal].map((f) => typeof f).join());",
    ],
    30_000,
  );
  expect(loaded.stdout.trim(), report("entries.mjs", loaded)).toBe("function,function,function,function");

  // A test that drives a gt-local in Docker needs only fetch: no native SQLite, no express.
  const adminOnly = await runScript(
    "admin-only.mjs",
    [
      'import { createRequire } from "node:module";',
      'await import("gt-local/admin");',
      "const cache = Object.keys(createRequire(import.meta.url).cache);",
      'console.log(cache.some((path) => /better-sqlite3|express/u.test(path)) ? "server code loaded" : "client only");',
    ],
    30_000,
  );
  expect(adminOnly.stdout.trim(), report("admin-only.mjs", adminOnly)).toBe("client only");
});

it("runs the CLI from the package's dist/", async () => {
  const cli = join(project, "node_modules/gt-local/bin/gt-local.js");
  const version = await run(process.execPath, [cli, "--version"], 30_000);
  expect(version.stdout.trim(), report("gt-local --version", version)).toMatch(/^\d+\.\d+\.\d+$/u);
});

it("serves from the command's bundle alone, its hasher thread included", async () => {
  // tsc's main.js is what bin/gt-local.js falls back to: without it, only the bundle can serve.
  const gtLocal = join(project, "node_modules/gt-local");
  rmSync(join(gtLocal, "dist/server/main.js"));
  const port = await freePort();
  const server = spawn(
    process.execPath,
    [join(gtLocal, "bin/gt-local.js"), "start", "--port", String(port), "--in-memory", "--log-level", "warn"],
    { cwd: project, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  server.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(server, "exit");
  try {
    // A body over 64 KiB is hashed in the worker thread, started from dist/cli/ beside the bundle.
    const upload = await runScript(
      "cli-upload.mjs",
      [
        `const endpoint = "http://127.0.0.1:${port}";`,
        "for (let tries = 0; !(await fetch(`${endpoint}/_gt/health`).then((r) => r.ok, () => false)); tries++) {",
        "  if (tries > 300) throw new Error('never healthy');",
        "  await new Promise((resolve) => setTimeout(resolve, 50));",
        "}",
        ...roundTripLines("endpoint", "2 * 1024 * 1024 + 3", "from-the-cli"),
      ],
      60_000,
    );
    expect(upload.stdout.trim(), `${report("cli-upload.mjs", upload)}\nserver: ${stderr}`).toBe(
      "stored intact",
    );
  } finally {
    server.kill("SIGTERM");
    await exited;
  }
}, 90_000);

it("keeps the bundle's first-use packages out of its start", async () => {
  // esbuild folds a module imported with import() into the bundle unless it splits it off; then
  // the packages that module imports would load at start again (scripts/bundle-cli.ts).
  const { health, packages } = await startAndListPackages(
    join(project, "node_modules/gt-local/dist/cli/gt-local.js"),
  );
  expect(health).toBe(200);
  expect(packages).toEqual(expect.arrayContaining([...LOADED_AT_START]));
  for (const name of LOADED_AT_FIRST_USE) expect(packages, name).not.toContain(name);
});

it("streams a large upload through the compiled blob hasher thread", async () => {
  // Bodies over 64 KiB are hashed in a worker thread, which the package starts from its dist/.
  const upload = await runScript(
    "large-upload.mjs",
    [
      'import { startServer } from "gt-local";',
      'const server = await startServer({ port: 0, inMemory: true, logLevel: "silent" });',
      ...roundTripLines("server.url", "3 * 1024 * 1024 + 7", "large"),
      "await server.close();",
    ],
    60_000,
  );
  expect(upload.stdout.trim(), report("large-upload.mjs", upload)).toBe("stored intact");
});

it("passes the TypeScript example against the packed npm package", async () => {
  const vitest = join(repo, "node_modules/vitest/vitest.mjs");
  const result = await run(process.execPath, [vitest, "run", "--root", project], 120_000);
  expect(result.exitCode, report("vitest in the scratch project", result)).toBe(0);
  expect(result.stdout).toMatch(/1 passed/u);
}, 180_000);
