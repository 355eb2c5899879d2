import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
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

/** Copies what `npm pack` may include, builds dist/ there, packs, and returns the tarball path. */
function packGtLocal(): string {
  const stage = join(scratch, "stage");
  mkdirSync(stage);
  for (const entry of ["package.json", "bin", "client", "README.md", "CHANGELOG.md", "LICENSE", "NOTICE"]) {
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

it("the TypeScript example passes against the packed npm package", async () => {
  const project = scratchProject(packGtLocal());
  const files = execFileSync(
    "tar",
    [
      "-tzf",
      join(
        scratch,
        readdirSync(scratch).find((f) => f.endsWith(".tgz"))!,
      ),
    ],
    {
      encoding: "utf8",
    },
  );
  // The package ships the compiled entry points and the portal's client sources, not the tests.
  expect(files).toContain("package/dist/server/programmatic/index.js");
  expect(files).toContain("package/dist/server/programmatic/index.d.ts");
  expect(files).toContain("package/client/portal/index.ts");
  expect(files).not.toMatch(/\.test\.(ts|js)\n/u);

  const vitest = join(repo, "node_modules/vitest/vitest.mjs");
  const result = await run(process.execPath, [vitest, "run", "--root", project], 120_000);
  expect(result.exitCode, report("vitest in the scratch project", result)).toBe(0);
  expect(result.stdout).toMatch(/1 passed/u);
}, 240_000);
