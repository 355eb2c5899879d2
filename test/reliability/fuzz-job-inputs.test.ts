import { CreateBucketCommand } from "@aws-sdk/client-s3";
import fc from "fast-check";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import { splitLines } from "../../emulator/engine/ingest/manifest-lines.js";
import { s3ClientFor } from "../helpers/job-fixtures.js";
import { build, labelDamage, manifestDamage, templateDamage } from "./support/fuzz-inputs.js";
import { runJobWith } from "./support/fuzz-jobs.js";
import { expectStillServing, startFuzzServer, type FuzzServer } from "./support/fuzz-server.js";

/*
 * Damaged job inputs, uploaded through S3 as a user would: a random manifest, label category file
 * or worker template. The job either runs (the damage was harmless) or fails with a ClientError
 * that names the damaged file; it never fails as gt-local's own error, and the server stays up.
 */
const SEED = 20_260_904;

describe("labeling jobs with damaged inputs", () => {
  let server: FuzzServer;
  let run = 0;

  beforeAll(async () => {
    server = await startFuzzServer({
      clock: new ManualClock(new Date("2026-06-01T00:00:00Z")),
      startDelayMs: 0,
    });
    await s3ClientFor(server).send(new CreateBucketCommand({ Bucket: "bucket" }));
  });
  afterAll(async () => {
    await server.close();
  });

  for (const [file, recipes, runs] of [
    ["manifest", manifestDamage, 100],
    ["labels", labelDamage, 60],
    ["template", templateDamage, 40],
  ] as const) {
    it(`fails a job whose ${file} is damaged with a ClientError naming it, or runs it`, async () => {
      await fc.assert(
        fc.asyncProperty(recipes, async (recipe) => {
          const { status, reason, prefix } = await runJobWith(server, `damaged-${++run}`, {
            [file]: build(recipe),
          });
          const uri = `${prefix}${file}`;
          expect(["InProgress", "Failed"], reason).toContain(status);
          if (status === "Failed") {
            expect(reason).toMatch(/^ClientError: /u);
            expect(reason).toContain(uri);
          }
        }),
        { numRuns: runs, seed: SEED },
      );
    });
  }

  it("still serves the SDK afterwards, with no internal error logged", async () => {
    await expectStillServing(server);
  });
});

/** Chunks as a stream, one event-loop turn apart as a socket would deliver them. */
async function* streamOf(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) {
    await Promise.resolve();
    yield chunk;
  }
}

describe("the manifest's line splitter", () => {
  /** What node's readline makes of the same bytes: the behaviour the streaming splitter keeps. */
  async function readlineLines(chunks: Uint8Array[]): Promise<string[]> {
    const lines: string[] = [];
    for await (const line of createInterface({
      input: Readable.from(chunks.map((chunk) => Buffer.from(chunk))),
      crlfDelay: Infinity,
    })) {
      lines.push(line);
    }
    return lines;
  }

  const byte = fc.oneof(
    { arbitrary: fc.constantFrom(0x0a, 0x0d, 0x61, 0x7b, 0x22), weight: 4 },
    { arbitrary: fc.integer({ min: 0, max: 255 }), weight: 1 },
  );

  const linesOf = async (chunks: Uint8Array[]): Promise<string[]> => {
    const split: string[] = [];
    for await (const line of splitLines(streamOf(chunks), 1_000)) split.push(line.text);
    return split;
  };

  it("splits random bytes, chunked at random, into the lines readline gives", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(byte, { maxLength: 12 }), { maxLength: 8 }), async (pieces) => {
        // A final line break: see the next test for what differs at the very end of the stream.
        const chunks = [...pieces.map((piece) => Uint8Array.from(piece)), Uint8Array.of(0x0a)];
        expect(await linesOf(chunks)).toEqual(await readlineLines(chunks));
      }),
      { numRuns: 1_000, seed: SEED + 1 },
    );
  });

  it("keeps a cut-off UTF-8 sequence at the very end as U+FFFD, where readline drops it", async () => {
    const chunks = [Buffer.from('{"source-ref":"s3://b/k"}\n{"a":"'), Uint8Array.of(0xe2, 0x80)];
    expect(await readlineLines(chunks)).toEqual(['{"source-ref":"s3://b/k"}', '{"a":"']);
    // The damage stays visible, so the line fails as not JSON instead of losing bytes silently.
    expect(await linesOf(chunks)).toEqual(['{"source-ref":"s3://b/k"}', '{"a":"\ufffd']);
  });

  it("refuses a line past its byte cap as it streams, naming the line", async () => {
    const endless = (async function* () {
      yield* streamOf([Buffer.from("{}\n")]);
      for (;;) yield* streamOf([Buffer.alloc(64 * 1024, 0x61)]);
    })();
    const lines = splitLines(endless, 400_000);
    expect((await lines.next()).value).toEqual({ lineNumber: 1, text: "{}" });
    await expect(lines.next()).rejects.toMatchObject({ lineNumber: 2 });
  });
});
