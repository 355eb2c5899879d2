import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";

/** The checksums gt-local computes itself while a body streams in. */
export type ComputedChecksum = "CRC32" | "SHA1" | "SHA256";

/** An incremental checksum: feed chunks, then read the base64 digest. */
export interface RunningChecksum {
  update(chunk: Uint8Array): void;
  digest(): string;
}

export function runningChecksum(algorithm: ComputedChecksum): RunningChecksum {
  if (algorithm === "CRC32") {
    let value = 0;
    return {
      update: (chunk) => {
        value = crc32(chunk, value);
      },
      digest: () => {
        const bytes = Buffer.alloc(4);
        bytes.writeUInt32BE(value >>> 0);
        return bytes.toString("base64");
      },
    };
  }
  const hash = createHash(algorithm.toLowerCase());
  return { update: (chunk) => hash.update(chunk), digest: () => hash.digest("base64") };
}
