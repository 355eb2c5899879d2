import { readFileSync } from "node:fs";
import { GtError } from "../emulator/errors.js";
import { checkSimulationPolicy } from "../emulator/simulation/check-policy.js";
import type { SimulationPolicy } from "../emulator/simulation/policy.js";

/**
 * `--simulate` / `GT_LOCAL_SIMULATE`: a simulation policy as JSON, or `@<file>` holding it (a shell
 * quotes a file more easily than JSON). Throws an Error whose message says what is wrong, for the
 * CLI's one-line "could not start" report.
 */
export function readSimulationOption(value: string): SimulationPolicy {
  let text = value;
  if (value.startsWith("@")) {
    try {
      text = readFileSync(value.slice(1), "utf8");
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`cannot read the policy file ${value.slice(1)}: ${reason}`, { cause: error });
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`is not a JSON simulation policy (or @file): ${reason}`, { cause: error });
  }
  try {
    return checkSimulationPolicy(parsed);
  } catch (error) {
    if (error instanceof GtError) throw new Error(error.message, { cause: error });
    throw error;
  }
}
