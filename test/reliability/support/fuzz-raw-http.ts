import { connect, type Socket } from "node:net";

/*
 * HTTP/1.1 by hand, for requests no client library sends: request-targets with `..` kept as
 * written, control characters, a Content-Length that lies, a body that never ends. Requests ask
 * for `Connection: close`, so an answer ends with the connection. The client never half-closes:
 * node's server drops a request whose client has ended its side before the answer went out.
 */

export interface RawAnswer {
  /** 0 when the server closed the connection without an answer. */
  status: number;
  head: string;
  body: Buffer;
}

function parseAnswer(received: Buffer): RawAnswer {
  const split = received.indexOf("\r\n\r\n");
  const head = (split < 0 ? received : received.subarray(0, split)).toString("latin1");
  const status = /^HTTP\/1\.[01] (\d{3})/u.exec(head)?.[1];
  return {
    status: status === undefined ? 0 : Number(status),
    head,
    body: split < 0 ? Buffer.alloc(0) : received.subarray(split + 4),
  };
}

/** A header's value in a raw answer's head, or undefined. */
export function headerOf(answer: RawAnswer, name: string): string | undefined {
  const line = answer.head
    .split("\r\n")
    .find((candidate) => candidate.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => {
      resolve(socket);
    });
    socket.once("error", reject);
  });
}

/**
 * Sends the bytes as they are and reads until the server closes; whatever arrived within
 * `timeoutMs` is the answer (none, for a declared body that never comes).
 */
export async function rawExchange(
  port: number,
  request: string | Buffer,
  { timeoutMs = 5_000 }: { timeoutMs?: number } = {},
): Promise<RawAnswer> {
  const socket = await open(port);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseAnswer(Buffer.concat(chunks)));
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", finish);
    socket.on("error", finish);
    socket.on("close", finish);
    socket.write(request);
  });
}

/** Whether the bytes hold a whole answer: its head, and its body by Content-Length or chunked framing. */
function answerComplete(received: Buffer): boolean {
  const answer = parseAnswer(received);
  if (answer.status === 0) return false;
  const length = headerOf(answer, "content-length");
  if (length !== undefined) return answer.body.length >= Number(length);
  return (
    headerOf(answer, "transfer-encoding") === "chunked" &&
    answer.body.toString("latin1").endsWith("0\r\n\r\n")
  );
}

/**
 * Sends `head`, then body chunks for as long as no answer has arrived, up to `maxBodyBytes`, then
 * `last` (a chunked body's terminator), so the request ends either way and the connection can stay
 * open (closing it with bytes in flight could reset it and lose the answer). A server that checks
 * a size cap as the body streams answers early; one that buffers the body answers only once it
 * has all of it. Returns the answer and how much body had gone out by then.
 */
export async function streamUntilAnswered(
  port: number,
  head: string,
  chunk: (index: number) => Buffer,
  maxBodyBytes: number,
  { last = Buffer.alloc(0), timeoutMs = 30_000 }: { last?: Buffer; timeoutMs?: number } = {},
): Promise<{ answer: RawAnswer; bodyBytesSent: number }> {
  const socket = await open(port);
  const chunks: Buffer[] = [];
  // Set by socket events while the loop below writes (an object, so the compiler does not narrow it).
  const state = { answered: false, closed: false };
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    const finish = (): void => {
      state.closed = true;
      clearTimeout(timer);
      resolve();
    };
    socket.on("data", (data: Buffer) => {
      state.answered = true;
      chunks.push(data);
      if (answerComplete(Buffer.concat(chunks))) finish();
    });
    socket.on("end", finish);
    socket.on("close", finish);
    // Writing into a connection the server has already closed fails; the answer is what counts.
    socket.on("error", finish);
  });
  socket.write(head);
  let sent = 0;
  for (let index = 0; !state.answered && !state.closed && sent < maxBodyBytes; index++) {
    const piece = chunk(index);
    sent += piece.length;
    if (!socket.write(piece)) {
      await new Promise<void>((resolve) => {
        const resume = (): void => {
          clearInterval(poll);
          resolve();
        };
        socket.once("drain", resume);
        // The server may stop reading and answer instead: check now and then.
        const poll = setInterval(() => {
          if (state.answered || state.closed) {
            socket.off("drain", resume);
            resume();
          }
        }, 5);
      });
    }
  }
  if (!state.closed) socket.write(last);
  await done;
  socket.destroy();
  return { answer: parseAnswer(Buffer.concat(chunks)), bodyBytesSent: sent };
}
