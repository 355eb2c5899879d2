/**
 * Target 1 (API floor): DescribeLabelingJob and ListLabelingJobs requests/s over keep-alive HTTP,
 * as a ratio of a bare express JSON handler measured in the same run. Target: ≥ 0.6.
 *
 * Both servers run side by side (each in its own process, the idle one costs nothing) and are
 * measured in alternating rounds: baseline, Describe, List, baseline, ... Each round's rates are
 * compared with the mean of the baselines just before and after it, and the table gives the
 * medians, so a slow spell of the machine (this virtual machine has them, lasting seconds) weighs
 * on both sides of a ratio instead of on whichever server it fell on. Each server is warmed up
 * once first (measureWarm), so all are measured at their steady pace.
 */
import autocannon from "autocannon";
import { QUICK } from "./lib/cli.js";
import { describeMachine } from "./lib/machine.js";
import { median } from "./lib/measure.js";
import { runTarget } from "./lib/run-target.js";
import { measureWarm, WARMUP_SECONDS } from "./lib/warm-load.js";

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 3);
const ROUNDS = QUICK ? 2 : 5;
const CONNECTIONS = 32;

interface Rate {
  rps: number;
  p99: number;
}

interface Call {
  url: string;
  target: string;
  body: string;
}

function loadOptions(call: Call): autocannon.Options {
  return {
    url: `${call.url}/`,
    method: "POST",
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": call.target,
      authorization:
        "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=0",
    },
    body: call.body,
  };
}

async function measure(call: Call, warm: boolean): Promise<Rate> {
  const options = loadOptions(call);
  const result = warm ? await measureWarm(options) : await autocannon(options);
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${call.target}: ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  }
  return { rps: result.requests.average, p99: result.latency.p99 };
}

export async function apiFloor(): Promise<string> {
  const baseline = await runTarget("bare-express.ts");
  const subject = await runTarget("gt-local.ts");
  const bareCall = { url: baseline.url, target: "Bare.Json", body: "{}" };
  const describeCall = {
    url: subject.url,
    target: "SageMaker.DescribeLabelingJob",
    body: '{"LabelingJobName":"bench-job-7"}',
  };
  const listCall = { url: subject.url, target: "SageMaker.ListLabelingJobs", body: '{"MaxResults":10}' };
  const bare: Rate[] = [];
  const describe: Rate[] = [];
  const list: Rate[] = [];
  try {
    bare.push(await measure(bareCall, true));
    for (let round = 0; round < ROUNDS; round++) {
      describe.push(await measure(describeCall, round === 0));
      list.push(await measure(listCall, false));
      bare.push(await measure(bareCall, false));
    }
  } finally {
    await baseline.stop();
    await subject.stop();
  }
  // The baseline around round i: the mean of the measurements before and after it.
  const around = describe.map((_, round) => ((bare[round]?.rps ?? 0) + (bare[round + 1]?.rps ?? 0)) / 2);
  const ratios = (rates: readonly Rate[]) => rates.map((rate, round) => rate.rps / (around[round] ?? 1));
  const row = (name: string, rates: readonly Rate[], ratio: number | undefined) =>
    `| ${name} | ${Math.round(median(rates.map((rate) => rate.rps)))} | ${median(rates.map((rate) => rate.p99))} | ${ratio === undefined ? "1.00" : ratio.toFixed(2)} | ${
      ratio === undefined
        ? ""
        : ratios(rates)
            .map((value) => value.toFixed(2))
            .join(", ")
    } |`;
  return [
    `### API floor (${CONNECTIONS} keep-alive connections, ${ROUNDS} alternating rounds of ${DURATION_SECONDS} s each after ${WARMUP_SECONDS} s of warm-up; target ratio ≥ 0.6)`,
    "",
    "| Endpoint | req/s | p99 ms | ratio to bare express | each round's ratio |",
    "| --- | ---: | ---: | ---: | --- |",
    row("bare express JSON (baseline)", bare, undefined),
    row("DescribeLabelingJob", describe, median(ratios(describe))),
    row("ListLabelingJobs (10 per page)", list, median(ratios(list))),
    "",
    "Rates and p99 are medians over the rounds; a round's ratio divides its rate by the mean of the baselines measured just before and after it, and the ratio column is the median of those.",
    `Measured ${new Date().toISOString().slice(0, 10)} on ${describeMachine()}.`,
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1] ?? ""}`) {
  process.stdout.write(`${await apiFloor()}\n`);
}
