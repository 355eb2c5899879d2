import { readdirSync } from "node:fs";
import { join } from "node:path";

/** Tests of the embedded engine: a stored body read back as text. */
export async function readStream(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const chunk of stream) parts.push(chunk);
  return Buffer.concat(parts).toString("utf8");
}

/** Every blob file in the store (tmp/ excluded). */
export function blobFiles(root: string): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== "tmp")
    .flatMap((entry) => readdirSync(join(root, entry.name)));
}
