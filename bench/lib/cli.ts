import { pathToFileURL } from "node:url";

// The SDK's notice about future Node versions would clutter every table (server/main.ts does the same).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** `--quick` (or BENCH_QUICK=1): smaller sizes, so every script together runs in about two minutes. */
export const QUICK = process.argv.includes("--quick") || process.env.BENCH_QUICK === "1";

/** True when the module at `moduleUrl` is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && moduleUrl === pathToFileURL(entry).href;
}

/** Prints a benchmark's table when its script runs alone (`npm run bench:<name>`). */
export async function runAlone(moduleUrl: string, run: () => Promise<string>): Promise<void> {
  if (!isMain(moduleUrl)) return;
  process.stdout.write(`${await run()}\n`);
}
