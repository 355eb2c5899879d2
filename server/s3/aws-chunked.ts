import { S3Error } from "./s3-error.js";

/**
 * The `aws-chunked` content encoding that SigV4 streaming uploads and current SDKs' checksum
 * trailers use, decoded incrementally:
 *
 *     <hex size>[;chunk-signature=<sig>]\r\n<size bytes>\r\n ... 0[;chunk-signature=<sig>]\r\n
 *     <trailer name>:<value>\r\n ... \r\n
 *
 * Data comes out as views into the input (no copies); only header lines are buffered, and they are
 * capped. Signatures are read past, not checked (see authenticate.ts).
 */
const CR = 0x0d;
const LF = 0x0a;
const MAX_LINE = 4096;

type State = "size" | "data" | "data-end" | "trailer" | "done";

const malformed = (why: string): S3Error =>
  new S3Error("InvalidRequest", `The aws-chunked request body is malformed: ${why}.`);

export class AwsChunkedDecoder {
  /** Trailer headers (lower-cased names), complete once the body has ended. */
  readonly trailers = new Map<string, string>();
  private state: State = "size";
  private line: number[] = [];
  private remaining = 0;

  /** Feeds bytes; returns the payload bytes they contained, in order. */
  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      if (this.state === "data") {
        const take = Math.min(this.remaining, chunk.length - offset);
        out.push(chunk.subarray(offset, offset + take));
        offset += take;
        this.remaining -= take;
        if (this.remaining === 0) this.state = "data-end";
        continue;
      }
      const byte = chunk[offset] ?? 0;
      offset++;
      if (this.state === "done") continue;
      if (byte !== LF) {
        if (this.line.length >= MAX_LINE) throw malformed("a chunk header or trailer line is too long");
        this.line.push(byte);
        continue;
      }
      this.endLine(Buffer.from(this.line).toString("utf8").replace(/\r$/u, ""));
      this.line = [];
    }
    return out;
  }

  /** The source has ended: the framing must be complete (a missing final CRLF is forgiven). */
  end(): void {
    if (this.state === "trailer" && this.line.length > 0) {
      this.endLine(Buffer.from(this.line).toString("utf8").replace(/\r$/u, ""));
      this.line = [];
    }
    if (this.state === "trailer") this.state = "done";
    if (this.state !== "done") throw new S3Error("IncompleteBody");
  }

  private endLine(text: string): void {
    switch (this.state) {
      case "size": {
        const size = /^([0-9a-fA-F]{1,16})(;.*)?$/u.exec(text)?.[1];
        if (size === undefined) throw malformed(`"${text.slice(0, 64)}" is not a chunk size`);
        this.remaining = Number.parseInt(size, 16);
        this.state = this.remaining === 0 ? "trailer" : "data";
        return;
      }
      case "data-end":
        if (text !== "") throw malformed("a chunk is longer than its declared size");
        this.state = "size";
        return;
      case "trailer": {
        if (text === "") {
          this.state = "done";
          return;
        }
        const colon = text.indexOf(":");
        if (colon <= 0) throw new S3Error("MalformedTrailerError");
        this.trailers.set(text.slice(0, colon).trim().toLowerCase(), text.slice(colon + 1).trim());
        return;
      }
      default:
        return;
    }
  }
}

/** The inverse framing (unsigned chunks, then trailers), for tests and hand-built requests. */
export function encodeAwsChunked(
  chunks: readonly Uint8Array[],
  trailers: Record<string, string> = {},
): Buffer {
  const parts: Buffer[] = [];
  for (const chunk of chunks) {
    if (chunk.length === 0) continue;
    parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), Buffer.from(chunk), Buffer.from([CR, LF]));
  }
  parts.push(Buffer.from("0\r\n"));
  for (const [name, value] of Object.entries(trailers)) parts.push(Buffer.from(`${name}:${value}\r\n`));
  parts.push(Buffer.from("\r\n"));
  return Buffer.concat(parts);
}

/** Streams the payload of an aws-chunked body; `decoder.trailers` is filled when it ends. */
export async function* decodeAwsChunked(
  source: AsyncIterable<Uint8Array>,
  decoder: AwsChunkedDecoder = new AwsChunkedDecoder(),
): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    for (const piece of decoder.push(chunk)) if (piece.length > 0) yield piece;
  }
  decoder.end();
}
