import autocannon from "autocannon";
import { runTarget } from "./run-target.js";

/**
 * Target 1's baseline, measured again in the calling script: requests/s of a bare express JSON
 * handler (its own process, keep-alive, 32 connections), so ratios compare like with like.
 */
export async function bareExpressRate(durationSeconds: number): Promise<number> {
  const target = await runTarget("bare-express.ts");
  try {
    const result = await autocannon({
      url: `${target.url}/`,
      method: "POST",
      connections: 32,
      duration: durationSeconds,
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    if (result.non2xx > 0 || result.errors > 0) throw new Error("bare express answered with errors");
    return result.requests.average;
  } finally {
    await target.stop();
  }
}
