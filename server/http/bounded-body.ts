/**
 * Request bodies read whole (JSON documents), with a size cap checked as the bytes arrive: a
 * client that declares or streams more than the cap is refused after at most `maxBytes` have been
 * held, never after the whole body has been buffered.
 */
import { wholeRequestBody } from "./whole-body.js";

/** A protocol's cap on a body it reads whole, and the error it answers when a body is over it. */
export interface BodyLimit {
  maxBytes: number;
  /** The protocol's own error (SageMaker JSON, the admin API's JSON...). */
  tooLarge: () => Error;
}

const abandoned = new WeakSet<Request>();
const utf8 = new TextDecoder();

/**
 * The body as UTF-8 text (invalid sequences become U+FFFD and a BOM is dropped, as `Request#text`
 * does). A declared Content-Length over the cap is refused before reading a byte, and the answer
 * closes the connection (see `closeIfAbandoned`). A streamed (chunked) body is refused at the
 * first chunk that crosses the cap; the rest is read and thrown away as it comes, the "lingering
 * close" of web servers: closing with bytes still arriving would reset the connection, and the
 * client would see that instead of the error. Node's request timeout bounds how long that lasts.
 */
export async function readBodyText(request: Request, limit: BodyLimit): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit.maxBytes) {
    abandoned.add(request);
    throw limit.tooLarge();
  }
  // Read whole off the socket by the node adapter (small bodies with a declared length).
  const whole = wholeRequestBody(request);
  if (whole !== undefined) {
    if (whole.byteLength > limit.maxBytes) throw limit.tooLarge();
    return decodeBodyText(whole);
  }
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read().catch((error: unknown) => {
      reader.releaseLock();
      throw error;
    });
    if (done) break;
    size += value.byteLength;
    if (size > limit.maxBytes) {
      void discardRest(reader);
      throw limit.tooLarge();
    }
    chunks.push(value);
  }
  reader.releaseLock();
  return decodeBodyText(Buffer.concat(chunks));
}

/** UTF-8 as `Request#text` decodes it: invalid sequences become U+FFFD, a BOM is dropped. */
export const decodeBodyText = (bytes: Uint8Array): string => utf8.decode(bytes);

async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      // Nothing is kept: the bytes are only taken off the connection.
    }
  } catch {
    // The client went away: nothing left to discard.
  } finally {
    reader.releaseLock();
  }
}

/**
 * Whether a body declared over the cap was left on the connection. Its answer then closes the
 * connection, as S3 does, instead of reading a body nobody will use.
 */
export const bodyAbandoned = (request: Request): boolean => abandoned.has(request);

/** Marks an answer to close its connection when the request's body was left unread. */
export function closeIfAbandoned(request: Request, response: Response): Response {
  if (bodyAbandoned(request)) response.headers.set("connection", "close");
  return response;
}
