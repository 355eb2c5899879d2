import type * as Esbuild from "esbuild";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type {
  BodyDigests,
  DigestRequest,
  HasherCommand,
  HasherReply,
  HasherRequest,
} from "./blob-hasher-protocol.js";

/**
 * The event loop's side of the blob hasher thread (blob-hasher-thread.ts): one thread, started
 * with the first body, serves every BlobStore in the process. Each body is started, fed batches
 * of bytes (each buffer transferred to the thread and back), then finished (its digests) or
 * aborted.
 */
class HasherThread {
  private nextSeq = 0;
  private nextBody = 0;
  private readonly waiting = new Map<number, (reply: HasherReply) => void>();
  private stopped: string | undefined;

  constructor(private readonly worker: Worker) {
    worker.on("message", (reply: HasherReply) => {
      this.waiting.get(reply.seq)?.(reply);
      this.waiting.delete(reply.seq);
      if (this.waiting.size === 0) worker.unref();
    });
    worker.on("error", (error) => {
      this.stop(`the blob hasher thread failed: ${error.message}`);
    });
    worker.on("exit", (code) => {
      this.stop(`the blob hasher thread exited (${code})`);
    });
    // Only a thread with work under way keeps the process alive (see `send`); unref'd after the
    // listeners, as adding a "message" listener refs the worker's port again.
    worker.unref();
  }

  get alive(): boolean {
    return this.stopped === undefined;
  }

  /** A new body to hash; returns its number for `update`, `finish` and `abort`. */
  start(digests: DigestRequest): { body: number; started: Promise<void> } {
    const body = this.nextBody++;
    return { body, started: this.send({ kind: "start", body, digests }).then(() => undefined) };
  }

  /** Hands `bytes` (their buffer) to the thread; resolves with them once hashed. */
  async update(body: number, bytes: Uint8Array): Promise<Uint8Array> {
    const reply = await this.send({ kind: "update", body, bytes }, [bytes.buffer as ArrayBuffer]);
    if (reply.bytes === undefined) throw new Error("the blob hasher kept the bytes");
    return reply.bytes;
  }

  async finish(body: number): Promise<BodyDigests> {
    const reply = await this.send({ kind: "finish", body });
    if (reply.digests === undefined) throw new Error("the blob hasher answered without digests");
    return reply.digests;
  }

  /** Forgets the body; never fails (a stopped thread has forgotten it already). */
  async abort(body: number): Promise<void> {
    await this.send({ kind: "abort", body }).catch(() => undefined);
  }

  /** The thread's successful reply; a failure (or a stopped thread) rejects. */
  private send(command: HasherCommand, transfer: ArrayBuffer[] = []): Promise<HasherReply & { ok: true }> {
    const seq = this.nextSeq++;
    if (this.stopped !== undefined) return Promise.reject(new Error(this.stopped));
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(seq, (reply) => {
        if (reply.ok) resolve(reply);
        else reject(new Error(reply.message));
      });
      const request: HasherRequest = { ...command, seq };
      this.worker.postMessage(request, transfer);
    });
  }

  private stop(reason: string): void {
    this.stopped ??= reason;
    for (const [seq, answer] of this.waiting) answer({ seq, ok: false, message: reason });
    this.waiting.clear();
  }
}

/**
 * The compiled thread beside this module when it runs from `dist/`. From the sources (tsx, vitest,
 * a vitest globalSetup), which node cannot load in a worker by itself, esbuild bundles the thread's
 * TypeScript once (as it bundles the portal's client) and the worker runs the result.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith(".ts"))
    return new Worker(new URL("./blob-hasher-thread.js", import.meta.url));
  const esbuild = createRequire(import.meta.url)("esbuild") as typeof Esbuild;
  const { outputFiles } = esbuild.buildSync({
    entryPoints: [fileURLToPath(new URL("./blob-hasher-thread.ts", import.meta.url))],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    write: false,
  });
  const [bundled] = outputFiles;
  if (bundled === undefined) throw new Error("esbuild produced no blob hasher thread");
  return new Worker(bundled.text, { eval: true });
}

let thread: HasherThread | undefined;

/** The process's hasher thread, started (again, if it stopped) on first use. */
export function blobHasher(): HasherThread {
  if (thread?.alive !== true) thread = new HasherThread(startWorker());
  return thread;
}
