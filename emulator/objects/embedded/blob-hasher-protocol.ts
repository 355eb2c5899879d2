import type { ComputedChecksum } from "./running-checksum.js";

/*
 * The messages between BlobStore (event loop) and the blob hasher thread. Every request carries a
 * sequence number and gets exactly one reply with it, in order.
 */

/** What to compute over a body's bytes besides its MD5 (always: it is the ETag). */
export interface DigestRequest {
  /** The extra checksum a client declared, base64. */
  checksum?: ComputedChecksum;
  /** The SHA-256 in hex (a SigV4 payload hash to check). */
  payloadSha256?: boolean;
}

/** `body` names one body being hashed; several may be under way at once. */
export type HasherRequest = { seq: number; body: number } & (
  | { kind: "start"; digests: DigestRequest }
  /** `bytes` are transferred, and come back (transferred) in the reply. */
  | { kind: "update"; bytes: Uint8Array }
  /** Answers with the digests and forgets the body. */
  | { kind: "finish" }
  /** Forgets the body (its upload failed). */
  | { kind: "abort" }
);

/** A request as the caller sends it; the sequence number is added on the way. */
export type HasherCommand = HasherRequest extends infer R
  ? R extends unknown
    ? Omit<R, "seq">
    : never
  : never;

/** What a body hashed to. */
export interface BodyDigests {
  md5: Uint8Array;
  payloadSha256Hex?: string;
  checksum?: string;
}

export type HasherReply =
  | { seq: number; ok: true; digests?: BodyDigests; bytes?: Uint8Array }
  | { seq: number; ok: false; message: string };
