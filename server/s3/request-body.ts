import { createHash } from "node:crypto";
import type {
  ChecksumAlgorithm,
  DeclaredChecksum,
  StoredChecksum,
} from "../../emulator/objects/embedded/s3-engine.js";
import { wholeRequestBody } from "../http/whole-body.js";
import { AwsChunkedDecoder, decodeAwsChunked } from "./aws-chunked.js";
import { S3Error } from "./s3-error.js";

/**
 * An upload body as the engine takes it: decoded, with what the client declared. Streamed, or the
 * bytes themselves when the server already read a small plain body whole (the engine then keeps a
 * small object in its database).
 */
export interface UploadBody {
  body: AsyncIterable<Uint8Array> | Uint8Array;
  expectedLength?: number;
  contentMd5?: string;
  /** A signed hex payload hash for the engine to check as it writes (XAmzContentSHA256Mismatch). */
  payloadSha256?: string;
  /** The value is a function when the checksum arrives as an aws-chunked trailer (known once the body ends). */
  checksum?: DeclaredChecksum;
}

export const CHECKSUM_ALGORITHMS: Readonly<Record<string, ChecksumAlgorithm>> = {
  crc32: "CRC32",
  crc32c: "CRC32C",
  crc64nvme: "CRC64NVME",
  sha1: "SHA1",
  sha256: "SHA256",
};

export const checksumHeaderOf = (algorithm: ChecksumAlgorithm): string =>
  `x-amz-checksum-${algorithm.toLowerCase()}`;

const PAYLOAD_SHA256 = /^[0-9a-f]{64}$/iu;

/** Request bodies are aws-chunked when the encoding says so or the payload hash is a STREAMING-* mode. */
export function isAwsChunked(headers: Headers): boolean {
  const encodings = (headers.get("content-encoding") ?? "").split(",").map((token) => token.trim());
  return (
    encodings.includes("aws-chunked") ||
    (headers.get("x-amz-content-sha256") ?? "").toUpperCase().startsWith("STREAMING-")
  );
}

/** The Content-Encoding to store: the client's, minus the transfer framing `aws-chunked`. */
export function storedContentEncoding(headers: Headers): string | undefined {
  const value = headers.get("content-encoding");
  if (value === null) return undefined;
  const kept = value
    .split(",")
    .map((token) => token.trim())
    .filter((token) => token !== "" && token !== "aws-chunked");
  return kept.length === 0 ? undefined : kept.join(",");
}

/**
 * Streams an upload's body (never buffered): the aws-chunked framing removed, the declared length
 * (`x-amz-decoded-content-length` for aws-chunked, else Content-Length, which S3 requires), a
 * hex `x-amz-content-sha256` checked as the bytes pass, and the checksum from its header or trailer.
 */
export function uploadBody(request: Request): UploadBody {
  const headers = request.headers;
  const chunked = isAwsChunked(headers);
  const length = headers.get(chunked ? "x-amz-decoded-content-length" : "content-length");
  if (length === null || !/^\d+$/u.test(length.trim())) throw new S3Error("MissingContentLength");
  const expectedLength = Number(length);
  // Refused before a byte is read, as S3 does: the body would not fit in one object or part.
  if (expectedLength > MAX_UPLOAD_BYTES) {
    throw new S3Error("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", {
      ProposedSize: expectedLength,
      MaxSizeAllowed: MAX_UPLOAD_BYTES,
    });
  }
  const whole = chunked ? undefined : wholeRequestBody(request);
  if (whole !== undefined) return wholeUpload(headers, whole, expectedLength);
  const decoder = new AwsChunkedDecoder();
  let body = webStreamChunks(request.body);
  // HTTP framing holds a plain body to its Content-Length; an aws-chunked one is held to its
  // declared decoded length as it streams, so it cannot fill the disk past what it declared.
  if (chunked) body = atMost(decodeAwsChunked(body, decoder), expectedLength);
  // The engine hashes the bytes where it writes them (off the event loop), so it checks this too.
  const payloadHash = headers.get("x-amz-content-sha256");
  const payloadSha256 =
    !chunked && payloadHash !== null && PAYLOAD_SHA256.test(payloadHash)
      ? payloadHash.toLowerCase()
      : undefined;
  const declaredChecksum = headerChecksum(headers) ?? trailerChecksum(headers, chunked, decoder);
  const trailerValue = declaredChecksum?.value;
  if (typeof trailerValue === "function") body = requireTrailer(body, trailerValue);
  const contentMd5 = contentMd5Of(headers);
  return {
    body,
    expectedLength,
    ...(contentMd5 === undefined ? {} : { contentMd5 }),
    ...(payloadSha256 === undefined ? {} : { payloadSha256 }),
    ...(declaredChecksum === undefined ? {} : { checksum: declaredChecksum }),
  };
}

/** A plain body read whole: the same checks as the streamed path makes, on the bytes at once. */
function wholeUpload(headers: Headers, bytes: Uint8Array, expectedLength: number): UploadBody {
  const payloadHash = headers.get("x-amz-content-sha256");
  if (payloadHash !== null && PAYLOAD_SHA256.test(payloadHash)) {
    const computed = createHash("sha256").update(bytes).digest("hex");
    if (computed !== payloadHash.toLowerCase()) {
      throw new S3Error("XAmzContentSHA256Mismatch", undefined, {
        ClientComputedContentSHA256: payloadHash.toLowerCase(),
        S3ComputedContentSHA256: computed,
      });
    }
  }
  const declaredChecksum = headerChecksum(headers);
  const contentMd5 = contentMd5Of(headers);
  return {
    body: bytes,
    expectedLength,
    ...(contentMd5 === undefined ? {} : { contentMd5 }),
    ...(declaredChecksum === undefined ? {} : { checksum: declaredChecksum }),
  };
}

/** S3's largest single PUT and largest part: 5 GiB. */
export const MAX_UPLOAD_BYTES = 5 * 1024 ** 3;

async function* atMost(source: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new S3Error("IncompleteBody");
    yield chunk;
  }
}

/** A small request document (XML): decoded like an upload, then read whole, up to `limit` bytes. */
export async function readSmallBody(request: Request, limit = 4 * 1024 * 1024): Promise<string> {
  const chunked = isAwsChunked(request.headers);
  const source = webStreamChunks(request.body);
  let body = chunked ? decodeAwsChunked(source) : source;
  // As for uploads: a signed hex payload hash must be the body's, or the body changed on the way.
  const payloadHash = request.headers.get("x-amz-content-sha256");
  if (!chunked && payloadHash !== null && PAYLOAD_SHA256.test(payloadHash)) {
    body = verifySha256(body, payloadHash.toLowerCase());
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) throw new S3Error("MaxMessageLengthExceeded");
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString("utf8");
}

function headerChecksum(headers: Headers): StoredChecksum | undefined {
  const found = Object.entries(CHECKSUM_ALGORITHMS).flatMap(([suffix, algorithm]) => {
    const value = headers.get(`x-amz-checksum-${suffix}`);
    return value === null ? [] : [{ algorithm, value: value.trim() }];
  });
  if (found.length > 1) {
    throw new S3Error(
      "InvalidRequest",
      "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.",
    );
  }
  return found[0];
}

function trailerChecksum(
  headers: Headers,
  chunked: boolean,
  decoder: AwsChunkedDecoder,
): DeclaredChecksum | undefined {
  if (!chunked) return undefined;
  const declared = (headers.get("x-amz-trailer") ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .find((name) => name.startsWith("x-amz-checksum-"));
  const algorithm = CHECKSUM_ALGORITHMS[declared?.slice("x-amz-checksum-".length) ?? ""];
  if (declared === undefined || algorithm === undefined) return undefined;
  return { algorithm, value: () => decoder.trailers.get(declared) };
}

/** A declared trailer checksum that never came is S3's MalformedTrailerError, before anything commits. */
async function* requireTrailer(
  source: AsyncIterable<Uint8Array>,
  checksum: () => string | undefined,
): AsyncGenerator<Uint8Array> {
  yield* source;
  if (checksum() === undefined) throw new S3Error("MalformedTrailerError");
}

async function* verifySha256(
  source: AsyncIterable<Uint8Array>,
  expected: string,
): AsyncGenerator<Uint8Array> {
  const hash = createHash("sha256");
  for await (const chunk of source) {
    hash.update(chunk);
    yield chunk;
  }
  const computed = hash.digest("hex");
  if (computed !== expected) {
    throw new S3Error("XAmzContentSHA256Mismatch", undefined, {
      ClientComputedContentSHA256: expected,
      S3ComputedContentSHA256: computed,
    });
  }
}

/** Content-MD5 as given, once it is shown to be a base64 MD5 (16 bytes); else InvalidDigest. */
function contentMd5Of(headers: Headers): string | undefined {
  const value = headers.get("content-md5")?.trim();
  if (value === undefined) return undefined;
  if (!/^[A-Za-z0-9+/]{22}==$/u.test(value)) {
    throw new S3Error("InvalidDigest", "The Content-MD5 you specified is not valid.");
  }
  return value;
}

const drained = new WeakSet<ReadableStream<Uint8Array>>();

/** Whether the request's body (if it declared one) has been read to its end. */
export function bodyFullyRead(request: Request): boolean {
  // A small body the server read whole before the protocol ran left nothing on the connection.
  if (wholeRequestBody(request) !== undefined) return true;
  const declared =
    request.headers.has("transfer-encoding") || Number(request.headers.get("content-length") ?? "0") > 0;
  return !declared || request.body === null || drained.has(request.body);
}

/** A web ReadableStream as chunks; stopping early (an error downstream) cancels the stream. */
export async function* webStreamChunks(
  stream: ReadableStream<Uint8Array> | null,
): AsyncGenerator<Uint8Array> {
  if (stream === null) return;
  const reader = stream.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        drained.add(stream);
        return;
      }
      yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
