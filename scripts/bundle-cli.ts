/**
 * Bundles the `gt-local` command (server/main.ts) into `dist/cli/`, which bin/gt-local.js runs.
 *
 *   npx tsx scripts/bundle-cli.ts [outdir]   (part of `npm run build`; outdir defaults to dist/cli)
 *
 * Why a bundle beside tsc's dist/ (issue 10, target 6): node resolves, reads and compiles each ES
 * module on its own, and the command's ~210 modules spent about 100 ms of a 450 ms start there.
 * One file (plus the chunks below) loads in a fraction of that. tsc's dist/ stays what the package
 * exports (the programmatic API, msw handlers, the admin client, with their types).
 *
 * - packages stay external: node_modules load as npm installed them (native better-sqlite3,
 *   pino's worker files, the AWS SDK), and the bundle holds gt-local's own code alone;
 * - splitting: a module gt-local imports with `import()` at first use (the AWS SDK clients, the
 *   portal, liquidjs: see test/cli/start-path.test.ts) becomes a chunk of its own. Without it
 *   esbuild folds the module in, and the packages it imports load at start again;
 * - one folder for entries and chunks: the blob hasher starts its worker from
 *   `./blob-hasher-thread.js` beside the module that holds it, whichever chunk that is;
 * - no minification, so stack traces name gt-local's functions; names are not kept (esbuild's
 *   keepNames wraps every function), which is safe because gt-local sets its errors' names itself.
 */
import { build } from "esbuild";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

export async function bundleCli(outdir: string = join(ROOT, "dist/cli")): Promise<void> {
  await bundleForNode({ "gt-local": "server/main.ts" }, outdir);
}

/**
 * Bundles entry points (name → path from the repository root) into `outdir` as bundleCli does;
 * the blob hasher's thread always goes along, since any bundle of the server can start it. The
 * benchmarks bundle their servers with it too, so they measure gt-local as it is built.
 */
export async function bundleForNode(entryPoints: Record<string, string>, outdir: string): Promise<void> {
  await build({
    absWorkingDir: ROOT,
    entryPoints: {
      ...entryPoints,
      "blob-hasher-thread": "emulator/objects/embedded/blob-hasher-thread.ts",
    },
    outdir,
    bundle: true,
    splitting: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: true,
    logLevel: "warning",
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await bundleCli(process.argv[2]);
}
