import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * gt-local's own folder: the nearest one above this module whose package.json is gt-local's. Works
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

export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(repositoryRoot(), "package.json"), "utf8")) as {
    version: string;
  };
  return manifest.version;
}
