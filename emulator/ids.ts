import { randomBytes, randomUUID } from "node:crypto";

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A random string over [A-Za-z0-9] without modulo bias (rejection sampling on bytes). */
export function randomAlphanumeric(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHANUMERIC.charAt(byte % 62);
    }
  }
  return out;
}

/** AWS's observed JobReferenceCode: the 12-digit account id followed by 16 alphanumerics. */
export const newJobReferenceCode = (accountId: string): string => accountId + randomAlphanumeric(16);

export const newRequestId = (): string => randomUUID();
