import type { Counters } from "./api.js";
import { h } from "./dom.js";
import { integer, percent } from "./format.js";

/**
 * A job's progress as one stacked bar: human-labeled, machine-labeled and failed objects, out of
 * all of them. Exposed as a progressbar (done = labeled + failed) with the counts in its label.
 */
export function progressBar(name: string, counters: Counters, objects: number): HTMLElement {
  const done = counters.totalLabeled + counters.failedNonRetryableError;
  const share = (count: number): string => `${String(objects === 0 ? 0 : (count / objects) * 100)}%`;
  return h(
    "div",
    {
      class: "progress",
      role: "progressbar",
      "aria-valuemin": 0,
      "aria-valuemax": Math.max(objects, 1),
      "aria-valuenow": done,
      "aria-label": `${name}: ${integer(counters.totalLabeled)} of ${integer(objects)} labeled`,
    },
    [
      h("span", { class: "segment human", style: `width: ${share(counters.humanLabeled)}` }),
      h("span", { class: "segment machine", style: `width: ${share(counters.machineLabeled)}` }),
      h("span", { class: "segment failed", style: `width: ${share(counters.failedNonRetryableError)}` }),
    ],
  );
}

export const progressText = (counters: Counters, objects: number): string =>
  objects === 0
    ? "No objects yet"
    : `${percent((counters.totalLabeled + counters.failedNonRetryableError) / objects)} · ${integer(counters.totalLabeled)} / ${integer(objects)} labeled`;
