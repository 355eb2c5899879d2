import { build } from "esbuild";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The repository root: the nearest folder above this module whose package.json is gt-local's. Works
 * from the TypeScript sources (tsx) and from the compiled dist/ alike.
 */
export function repositoryRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown };
      if (parsed.name === "gt-local") return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no gt-local package.json above ${from}`);
    dir = parent;
  }
}

let bundle: Promise<string> | undefined;

/** Bundles client/crowd/index.ts once per process (a failed build is retried on the next request). */
export function crowdScriptSource(): Promise<string> {
  bundle ??= (async () => {
    const result = await build({
      entryPoints: [join(repositoryRoot(), "client", "crowd", "index.ts")],
      bundle: true,
      write: false,
      format: "iife",
      target: "es2020",
      minify: true,
      legalComments: "none",
      logLevel: "silent",
    });
    const output = result.outputFiles[0];
    if (!output) throw new Error("esbuild produced no output for client/crowd/index.ts");
    return output.text;
  })().catch((error: unknown) => {
    bundle = undefined;
    throw error;
  });
  return bundle;
}

/** GET handler body for gt-local's `crowd-html-elements.js`. */
export async function crowdScriptResponse(): Promise<Response> {
  const source = await crowdScriptSource();
  return new Response(source, {
    status: 200,
    headers: { "content-type": "application/javascript; charset=utf-8", "cache-control": "no-cache" },
  });
}
