/*
 * Bodies gt-local already holds whole in memory, remembered beside the Fetch object that carries
 * them, so the node adapter (server/http/node-fetch-adapter.ts) and the body readers can skip the
 * object's ReadableStream. On Node 20 a web stream costs tens of microseconds to create (it is
 * made transferable) and as much again to read, more than a whole DescribeLabelingJob (issue 10).
 *
 * The Fetch objects stay complete and honest: their own `body` streams give the same bytes, which
 * is what msw mode, `clone()` and every other reader use. Only the identity of the object is the
 * key, so a copy (`new Response(response.body, response)`) is simply not in the map.
 */

const responseBodies = new WeakMap<Response, string>();
const requestBodies = new WeakMap<Request, Uint8Array>();

/**
 * `new Response(body, init)` with its Content-Length, the body remembered for the node adapter to
 * write directly.
 */
export function wholeResponse(body: string, init: ResponseInit): Response {
  const response = new Response(body, init);
  // Declared, so every adapter (node's server, msw) frames it by length, as AWS does, not in chunks.
  if (!response.headers.has("content-length")) {
    response.headers.set("content-length", String(Buffer.byteLength(body)));
  }
  responseBodies.set(response, body);
  return response;
}

/** The text of a response made by `wholeResponse`, else `undefined` (read its stream). */
export const wholeResponseBody = (response: Response): string | undefined => responseBodies.get(response);

/** Remembers the bytes a request was built from (the adapter read them whole off the socket). */
export function withWholeBody(request: Request, body: Uint8Array): Request {
  requestBodies.set(request, body);
  return request;
}

/**
 * The bytes of a request built by `withWholeBody`, else `undefined` (read its stream). A request
 * whose stream was already read gives `undefined` too, as its body is then used up.
 */
export const wholeRequestBody = (request: Request): Uint8Array | undefined =>
  request.bodyUsed ? undefined : requestBodies.get(request);
