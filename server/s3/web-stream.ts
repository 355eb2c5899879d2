import type { Readable } from "node:stream";

/**
 * A node Readable (an object's bytes from the engine) as the web stream a Fetch Response takes,
 * pulled chunk by chunk so a slow client applies backpressure all the way to the file. Cancelling
 * (the client went away) destroys the Readable, which closes the file.
 */
export function readableToWeb(readable: Readable): ReadableStream<Uint8Array> {
  const chunks = readable[Symbol.asyncIterator]() as AsyncIterator<Buffer, undefined>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await chunks.next();
        if (done === true) controller.close();
        else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      },
      cancel() {
        readable.destroy();
      },
    },
    // Nothing is read ahead: until someone reads, the Readable is untouched (the node adapter may
    // pipe it to the socket itself, server/http/node-body.ts).
    { highWaterMark: 0 },
  );
}
