import autocannon from "autocannon";
import { cpuMeter } from "./measure.js";
import { runTarget } from "./run-target.js";
import { WARMUP_SECONDS } from "./warm-load.js";

/** One measurement of the baseline. */
export interface BareExpressRate {
  perSecond: number;
  /** The server process's CPU time (user + system) per request, in µs; undefined without /proc. */
  cpuUsPerRequest: number | undefined;
}

/** A bare express JSON handler kept running, measured as often as a benchmark needs. */
export interface BareExpress {
  /** Requests/s over `seconds` (keep-alive, 32 connections). */
  rate(seconds: number): Promise<BareExpressRate>;
  stop(): Promise<void>;
}

/**
 * Target 1's baseline, measured again in the calling script: a bare express JSON handler in its
 * own process, warmed up once and then measured between the rounds of the figure it is the
 * baseline of, so that a slow spell of the machine weighs on both alike.
 */
export async function startBareExpress(): Promise<BareExpress> {
  const target = await runTarget("bare-express.ts");
  const rate = async (seconds: number): Promise<BareExpressRate> => {
    const cpu = cpuMeter(target.pid);
    const result = await autocannon({
      url: `${target.url}/`,
      method: "POST",
      connections: 32,
      duration: seconds,
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    if (result.non2xx > 0 || result.errors > 0) throw new Error("bare express answered with errors");
    return {
      // Over the whole run: autocannon's average is of whole-second samples, and a round is short.
      perSecond: result.requests.total / result.duration,
      cpuUsPerRequest: cpu(result.requests.total),
    };
  };
  try {
    await rate(WARMUP_SECONDS);
  } catch (error) {
    await target.stop();
    throw error;
  }
  return { rate, stop: () => target.stop() };
}
