import type { SimulationPolicy } from "../../../emulator/simulation/policy.js";
import { readSimulationOption } from "../../simulation-option.js";
import { CliError } from "../cli-error.js";

/**
 * `gt-local label --simulate <json|@file>`: the simulated workforce's policy (README, "Simulated
 * workers"). On top of what the server takes, a truth map or a scripted answer may name a video by
 * its path in the folder (`"clip.mp4"`), as a person knows it, instead of its S3 URI.
 */
export function readLabelSimulation(value: string): SimulationPolicy {
  try {
    return readSimulationOption(value);
  } catch (error) {
    throw new CliError(`--simulate ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

/** The policy with local video paths replaced by their `source-ref`s (`sourceRefs`: path → URI). */
export function withSourceRefs(
  policy: SimulationPolicy,
  sourceRefs: ReadonlyMap<string, string>,
): SimulationPolicy {
  const ref = (key: string): string => sourceRefs.get(key) ?? key;
  const { truth, scripted } = policy;
  return {
    ...policy,
    ...(typeof truth === "object" && "map" in truth
      ? {
          truth: {
            map: Object.fromEntries(Object.entries(truth.map).map(([key, label]) => [ref(key), label])),
          },
        }
      : {}),
    ...(scripted === undefined
      ? {}
      : {
          scripted: scripted.map((answer) =>
            typeof answer.object === "string" ? { ...answer, object: ref(answer.object) } : answer,
          ),
        }),
  };
}
