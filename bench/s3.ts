/**
 * Target 5 (S3): 1 MiB and 64 MiB GET and PUT throughput and Range GET latency through
 * @aws-sdk/client-s3, gt-local's embedded store against s3rver (each server in its own process,
 * same client settings), in the same run. Target: ≥ 1.0× s3rver.
 */
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { S3RVER_CREDENTIALS, startS3rver } from "../test/helpers/s3rver.js";
import { QUICK, runAlone } from "./lib/cli.js";
import { s3For } from "./lib/job-setup.js";
import { describeMachine } from "./lib/machine.js";
import { fixed, median, measuredOn, percentile, timed } from "./lib/measure.js";
import { runTarget } from "./lib/run-target.js";
import { markdownTable, verdict } from "./lib/table.js";

const MIB = 2 ** 20;
const SMALL_COUNT = QUICK ? 30 : 200;
const LARGE_COUNT = QUICK ? 2 : 6;
const RANGE_COUNT = QUICK ? 100 : 500;

interface S3Figures {
  putSmall: number;
  getSmall: number;
  putLarge: number;
  getLarge: number;
  rangeP50: number;
  rangeP99: number;
}

async function throughput(
  count: number,
  size: number,
  run: (index: number) => Promise<void>,
): Promise<number> {
  const { ms } = await timed(async () => {
    for (let index = 0; index < count; index++) await run(index);
  });
  return (count * size) / MIB / (ms / 1000);
}

async function measure(s3: S3Client): Promise<S3Figures> {
  const Bucket = "bench";
  // Later rounds find the bucket there (s3rver says BucketAlreadyExists, gt-local ...OwnedByYou).
  await s3.send(new CreateBucketCommand({ Bucket })).catch((error: unknown) => {
    const code = (error as { name?: string }).name ?? "";
    if (!code.startsWith("BucketAlready")) throw error;
  });
  const small = randomBytes(MIB);
  const large = randomBytes(64 * MIB);
  const put = (Key: string, Body: Buffer) => async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key, Body }));
  };
  const get = async (Key: string, Range?: string): Promise<number> => {
    const answer = await s3.send(new GetObjectCommand({ Bucket, Key, ...(Range ? { Range } : {}) }));
    const bytes = await answer.Body?.transformToByteArray();
    return bytes?.byteLength ?? 0;
  };
  // One unmeasured round trip each way, so connection set-up is not in the figures.
  await put("warm", small)();
  await get("warm");
  const putSmall = await throughput(SMALL_COUNT, MIB, (index) => put(`small-${index}`, small)());
  const getSmall = await throughput(SMALL_COUNT, MIB, async (index) => {
    if ((await get(`small-${index}`)) !== MIB) throw new Error("short 1 MiB GET");
  });
  const putLarge = await throughput(LARGE_COUNT, 64 * MIB, (index) => put(`large-${index}`, large)());
  const getLarge = await throughput(LARGE_COUNT, 64 * MIB, async (index) => {
    if ((await get(`large-${index}`)) !== 64 * MIB) throw new Error("short 64 MiB GET");
  });
  const latencies: number[] = [];
  for (let index = 0; index < RANGE_COUNT; index++) {
    const offset = ((index * 7919) % 60) * MIB;
    const { ms, value } = await timed(() => get("large-0", `bytes=${offset}-${offset + 4095}`));
    if (value !== 4096) throw new Error("wrong Range GET length");
    latencies.push(ms);
  }
  return {
    putSmall,
    getSmall,
    putLarge,
    getLarge,
    rangeP50: percentile(latencies, 50),
    rangeP99: percentile(latencies, 99),
  };
}

/**
 * Rounds of both servers, so a slow spell of the disk falls on both alike; which server goes first
 * alternates, as going second was measured to cost 10-20 % (the client's garbage and the disk's
 * writeback of the first server's 600 MiB land on it).
 */
const ROUNDS = QUICK ? 2 : 4;

/** Each figure's median over the rounds. */
function medianFigures(rounds: readonly S3Figures[]): S3Figures {
  const pick = (key: keyof S3Figures): number => median(rounds.map((figures) => figures[key]));
  return {
    putSmall: pick("putSmall"),
    getSmall: pick("getSmall"),
    putLarge: pick("putLarge"),
    getLarge: pick("getLarge"),
    rangeP50: pick("rangeP50"),
    rangeP99: pick("rangeP99"),
  };
}

export async function s3(): Promise<string> {
  // Writes an earlier benchmark left for the kernel to flush would slow whichever server ran first.
  execFileSync("sync");
  const s3rver = await startS3rver();
  const target = await runTarget("gt-local-empty.ts");
  const baselineClient = s3For(s3rver.endpoint, S3RVER_CREDENTIALS);
  const subjectClient = s3For(target.url);
  const baselineRounds: S3Figures[] = [];
  const subjectRounds: S3Figures[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const turns = [
        async () => baselineRounds.push(await measure(baselineClient)),
        async () => subjectRounds.push(await measure(subjectClient)),
      ];
      if (round % 2 === 1) turns.reverse();
      for (const turn of turns) {
        // Each server starts with the other's writes on disk, not in the kernel's queue.
        execFileSync("sync");
        await turn();
      }
    }
  } finally {
    baselineClient.destroy();
    subjectClient.destroy();
    await s3rver.stop();
    await target.stop();
  }
  const baseline = medianFigures(baselineRounds);
  const subject = medianFigures(subjectRounds);
  const higherIsBetter = (name: string, pick: (figures: S3Figures) => number) => {
    const ratio = pick(subject) / pick(baseline);
    return [name, fixed(pick(baseline), 1), fixed(pick(subject), 1), fixed(ratio, 2), verdict(ratio >= 1)];
  };
  const lowerIsBetter = (name: string, pick: (figures: S3Figures) => number) => {
    const ratio = pick(baseline) / pick(subject);
    return [name, fixed(pick(baseline), 2), fixed(pick(subject), 2), fixed(ratio, 2), verdict(ratio >= 1)];
  };
  return [
    `### S3${QUICK ? " (--quick)" : ""}: gt-local's embedded store against s3rver (target ≥ 1.0×)`,
    "",
    markdownTable(
      ["measure", "s3rver (baseline)", "gt-local", "ratio (×, higher is better)", "verdict"],
      [
        higherIsBetter(`PUT 1 MiB × ${SMALL_COUNT}, MiB/s`, (f) => f.putSmall),
        higherIsBetter(`GET 1 MiB × ${SMALL_COUNT}, MiB/s`, (f) => f.getSmall),
        higherIsBetter(`PUT 64 MiB × ${LARGE_COUNT}, MiB/s`, (f) => f.putLarge),
        higherIsBetter(`GET 64 MiB × ${LARGE_COUNT}, MiB/s`, (f) => f.getLarge),
        lowerIsBetter(`Range GET 4 KiB p50 ms (× ${RANGE_COUNT})`, (f) => f.rangeP50),
        lowerIsBetter(`Range GET 4 KiB p99 ms`, (f) => f.rangeP99),
      ],
    ),
    "",
    `One client, requests one after another, no checksums (s3rver knows no aws-chunked bodies); each server in its own process, its files on the same disk; the median of ${ROUNDS} rounds, which server goes first alternating, the disk synced before each.`,
    measuredOn(describeMachine()),
  ].join("\n");
}

await runAlone(import.meta.url, s3);
