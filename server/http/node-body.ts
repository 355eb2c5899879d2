import type { Readable } from "node:stream";

/*
 * Responses whose body is a node Readable (an S3 object's bytes), remembered beside the Fetch
 * Response that carries them as a web stream. The node adapter pipes the Readable straight to the
 * socket; the web stream, which is only pulled when someone reads it (msw mode, `clone()`), stays
 * untouched. On Node 20 the web stream's per-chunk promises cost a large GET a tenth of its speed.
 */

const nodeBodies = new WeakMap<Response, Readable>();

/** `new Response(web, init)` whose bytes the node adapter may take from `readable` instead. */
export function nodeStreamResponse(
  readable: Readable,
  web: ReadableStream<Uint8Array>,
  init: ResponseInit,
): Response {
  const response = new Response(web, init);
  nodeBodies.set(response, readable);
  return response;
}

/** The Readable behind a response made by `nodeStreamResponse`, unless its web stream was used. */
export const nodeBodyOf = (response: Response): Readable | undefined =>
  response.bodyUsed || response.body?.locked === true ? undefined : nodeBodies.get(response);
