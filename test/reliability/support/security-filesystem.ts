import { request } from "node:http";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * For the S3 traversal tests: every path under a folder (to compare before and after), and HTTP
 * requests whose request-target goes out exactly as written (fetch would resolve `..` first).
 */

/** Every file and folder under `root`, relative to it, sorted; `skip` names subtrees to leave out. */
export function treeOf(root: string, skip: readonly string[] = []): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const rel = relative(root, path);
      if (skip.includes(rel)) continue;
      found.push(rel);
      if (statSync(path).isDirectory()) walk(path);
    }
  };
  walk(root);
  return found.sort();
}

export interface RawReply {
  status: number;
  body: string;
}

/** One request with the path sent byte for byte (percent-escapes, `..`, `\` and all). */
export function rawRequest(
  endpoint: string,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<RawReply> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: { ...headers, ...(body === undefined ? {} : { "content-length": Buffer.byteLength(body) }) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") });
        });
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}
