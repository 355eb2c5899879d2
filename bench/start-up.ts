/**
 * Target 6 (start-up): process start to a healthy `GET /_gt/health` ≤ 500 ms; idle RSS reported.
 * Measured for the built command as the npm package runs it (bin/gt-local.js, which runs the
 * bundle `npm run build` writes into dist/cli/), built into a temporary folder removed afterwards;
 * for comparison, tsc's compiled modules started directly (what the bundle replaced) and the
 * sources through tsx (what `npm start` and bin/gt-local.js without dist/ run).
 * Baseline: spawning `node -e ""` until it exits.
 */
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleCli } from "../scripts/bundle-cli.js";
import { QUICK, runAlone } from "./lib/cli.js";
import { describeMachine } from "./lib/machine.js";
import { fixed, measuredOn, median, processMemoryMiB } from "./lib/measure.js";
import { markdownTable, verdict } from "./lib/table.js";

const RUNS = QUICK ? 3 : 7;
const REPO = fileURLToPath(new URL("../", import.meta.url));

interface StartUp {
  name: string;
  /** The one the target is about: what a user of the npm package starts. */
  target: boolean;
  ms: number[];
  idleMiB: number[];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function emptyNodeMs(): Promise<number> {
  const start = performance.now();
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return performance.now() - start;
}

async function healthy(url: string): Promise<boolean> {
  try {
    const answer = await fetch(url);
    await answer.arrayBuffer();
    return answer.ok;
  } catch {
    return false;
  }
}

/** Spawns the server, polls its health every 5 ms, then reads its resident memory once idle. */
async function startOnce(args: readonly string[]): Promise<{ ms: number; idleMiB: number | undefined }> {
  const port = await freePort();
  const start = performance.now();
  const child = spawn(
    process.execPath,
    [...args, "start", "--port", String(port), "--in-memory", "--log-level", "silent"],
    {
      cwd: REPO,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const exit = new Promise((resolve) => child.once("exit", resolve));
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  try {
    while (!(await healthy(`http://127.0.0.1:${port}/_gt/health`))) {
      if (exited()) throw new Error(`${args.join(" ")} exited before it was healthy`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const ms = performance.now() - start;
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { ms, idleMiB: child.pid === undefined ? undefined : processMemoryMiB(child.pid)?.current };
  } finally {
    child.kill("SIGTERM");
    await exit;
  }
}

async function series(name: string, args: readonly string[], target = false): Promise<StartUp> {
  const result: StartUp = { name, target, ms: [], idleMiB: [] };
  await startOnce(args); // warms the file cache; not counted
  for (let run = 0; run < RUNS; run++) {
    const { ms, idleMiB } = await startOnce(args);
    result.ms.push(ms);
    if (idleMiB !== undefined) result.idleMiB.push(idleMiB);
  }
  return result;
}

/**
 * The package as npm would install it: dist/ (as `npm run build` makes it) next to package.json,
 * bin/ (copied: node would follow a link back to the repository, which has no dist/), client/,
 * samples/ and node_modules (linked), in a temporary folder, so the repository never holds a dist/.
 */
async function buildIntoTemporaryPackage(): Promise<{ bin: string; main: string; remove(): void }> {
  const root = mkdtempSync(join(tmpdir(), "gt-local-bench-build-"));
  for (const entry of ["package.json", "node_modules", "client", "samples"]) {
    symlinkSync(join(REPO, entry), join(root, entry));
  }
  cpSync(join(REPO, "bin"), join(root, "bin"), { recursive: true });
  execFileSync(
    process.execPath,
    [
      join(REPO, "node_modules/typescript/bin/tsc"),
      "-p",
      join(REPO, "tsconfig.build.json"),
      "--outDir",
      join(root, "dist"),
    ],
    { cwd: REPO, stdio: "inherit" },
  );
  await bundleCli(join(root, "dist/cli"));
  return {
    bin: join(root, "bin/gt-local.js"),
    main: join(root, "dist/server/main.js"),
    remove: () => {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export async function startUp(): Promise<string> {
  const empty: number[] = [];
  await emptyNodeMs();
  for (let run = 0; run < RUNS; run++) empty.push(await emptyNodeMs());
  const build = await buildIntoTemporaryPackage();
  const results: StartUp[] = [];
  try {
    results.push(
      await series("built command (node bin/gt-local.js start: the dist/cli/ bundle)", [build.bin], true),
    );
    results.push(await series("tsc's modules alone (node dist/server/main.js start)", [build.main]));
  } finally {
    build.remove();
  }
  results.push(
    await series("sources through tsx (node bin/gt-local.js start, no dist/)", [
      join(REPO, "bin/gt-local.js"),
    ]),
  );
  const baseline = median(empty);
  const rows = [
    ['`node -e ""` to exit (baseline)', fixed(baseline), fixed(Math.min(...empty)), "", "1.0", "", ""],
    ...results.map((result) => {
      const typical = median(result.ms);
      return [
        result.name,
        fixed(typical),
        fixed(Math.min(...result.ms)),
        result.idleMiB.length === 0 ? "n/a" : fixed(median(result.idleMiB)),
        fixed(typical / baseline, 1),
        result.target ? "≤ 500" : "",
        result.target ? verdict(typical <= 500) : "(for comparison)",
      ];
    }),
  ];
  return [
    `### Start-up${QUICK ? " (--quick)" : ""}: process start to healthy, median of ${RUNS}`,
    "",
    markdownTable(
      ["process", "median ms", "fastest ms", "idle RSS (MiB)", "ratio to baseline", "target ms", "verdict"],
      rows,
    ),
    "",
    "`--in-memory`, silent log; health polled every 5 ms; idle RSS read 0.5 s after healthy.",
    measuredOn(describeMachine()),
  ].join("\n");
}

await runAlone(import.meta.url, startUp);
