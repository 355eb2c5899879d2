/**
 * Target 1 (API floor): DescribeLabelingJob and ListLabelingJobs requests/s over keep-alive HTTP,
 * as a ratio of a bare express JSON handler measured in the same run. Target: ≥ 0.6. Each server
 * is warmed up first (measureWarm), so all three are measured at their steady pace.
 */
import { describeMachine } from "./lib/machine.js";
import { runTarget } from "./lib/run-target.js";
import { measureWarm, WARMUP_SECONDS } from "./lib/warm-load.js";

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = 32;

async function measure(url: string, target: string, body: string): Promise<{ rps: number; p99: number }> {
  const result = await measureWarm({
    url: `${url}/`,
    method: "POST",
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": target,
      authorization:
        "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=0",
    },
    body,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${target}: ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  }
  return { rps: result.requests.average, p99: result.latency.p99 };
}

export async function apiFloor(): Promise<string> {
  const baseline = await runTarget("bare-express.ts");
  const bare = await measure(baseline.url, "Bare.Json", "{}");
  await baseline.stop();

  const subject = await runTarget("gt-local.ts");
  const describe = await measure(
    subject.url,
    "SageMaker.DescribeLabelingJob",
    '{"LabelingJobName":"bench-job-7"}',
  );
  const list = await measure(subject.url, "SageMaker.ListLabelingJobs", '{"MaxResults":10}');
  await subject.stop();

  const row = (name: string, value: { rps: number; p99: number }) =>
    `| ${name} | ${Math.round(value.rps)} | ${value.p99} | ${(value.rps / bare.rps).toFixed(2)} |`;
  return [
    `### API floor (${CONNECTIONS} keep-alive connections, ${DURATION_SECONDS} s each after ${WARMUP_SECONDS} s of warm-up; target ratio ≥ 0.6)`,
    "",
    "| Endpoint | req/s | p99 ms | ratio to bare express |",
    "| --- | ---: | ---: | ---: |",
    row("bare express JSON (baseline)", bare),
    row("DescribeLabelingJob", describe),
    row("ListLabelingJobs (10 per page)", list),
    "",
    `Measured ${new Date().toISOString().slice(0, 10)} on ${describeMachine()}.`,
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1] ?? ""}`) {
  process.stdout.write(`${await apiFloor()}\n`);
}
