import { join } from "node:path";
import { repositoryRoot } from "../http/package-root.js";

const bundles = new Map<string, Promise<string>>();

/**
 * Bundles one browser entry under client/ with esbuild, once per process (a failed build is tried
 * again on the next request), so the TypeScript sources are what the browser runs, with no build
 * step before `npm start`. esbuild itself loads with the first bundle, not with the server.
 */
export function bundleClient(entry: string): Promise<string> {
  let bundle = bundles.get(entry);
  if (!bundle) {
    bundle = import("esbuild")
      .then(({ build }) =>
        build({
          entryPoints: [join(repositoryRoot(), "client", entry)],
          bundle: true,
          write: false,
          format: "iife",
          target: "es2020",
          minify: true,
          legalComments: "none",
          logLevel: "silent",
        }),
      )
      .then((result) => {
        const output = result.outputFiles[0];
        if (!output) throw new Error(`esbuild produced no output for client/${entry}`);
        return output.text;
      })
      .catch((error: unknown) => {
        bundles.delete(entry);
        throw error;
      });
    bundles.set(entry, bundle);
  }
  return bundle;
}

export async function scriptResponse(entry: string): Promise<Response> {
  return new Response(await bundleClient(entry), {
    headers: { "content-type": "application/javascript; charset=utf-8", "cache-control": "no-cache" },
  });
}
