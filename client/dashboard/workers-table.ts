import type { WorkerRow } from "./api.js";
import { h } from "./dom.js";
import { dateTime, duration, integer, percent } from "./format.js";

/** Per worker: what they submitted, how fast, and how often they agree with the consolidated label. */
export function workersTable(workers: readonly WorkerRow[]): HTMLElement {
  if (workers.length === 0) return h("p", { class: "empty" }, ["No answers submitted yet."]);
  const columns = [
    "Worker",
    "Submitted",
    "Median time / task",
    "Throughput",
    "Agreement with label",
    "Last answer",
  ];
  return h("div", { class: "table-wrap" }, [
    h("table", { class: "workers" }, [
      h("thead", {}, [
        h(
          "tr",
          {},
          columns.map((title, index) =>
            h("th", { scope: "col", class: index >= 1 && index <= 3 ? "num" : undefined }, [title]),
          ),
        ),
      ]),
      h(
        "tbody",
        {},
        workers.map((worker) =>
          h("tr", { "data-worker": worker.workerId }, [
            h("th", { scope: "row" }, [
              worker.displayName ?? worker.workerId,
              h("span", { class: "sub" }, [worker.workerId]),
            ]),
            h("td", { class: "num" }, [integer(worker.submitted)]),
            h("td", { class: "num" }, [duration(worker.medianSecondsPerTask)]),
            h("td", { class: "num", title: `${duration(worker.activeSeconds)} active` }, [
              worker.tasksPerHour === undefined ? "n/a" : `${worker.tasksPerHour.toFixed(1)} / h`,
            ]),
            h("td", { class: "agreement-cell" }, agreementOf(worker)),
            h("td", { class: "date" }, [dateTime(worker.lastSubmittedAt)]),
          ]),
        ),
      ),
    ]),
  ]);
}

function agreementOf(worker: WorkerRow): (Node | string)[] {
  if (worker.agreement === undefined) return [h("span", { class: "muted" }, ["not consolidated yet"])];
  return [
    h("span", { class: "meter", "aria-hidden": "true" }, [
      h("span", { style: `width: ${String(worker.agreement * 100)}%` }),
    ]),
    h("span", { class: "num" }, [percent(worker.agreement)]),
    h("span", { class: "sub" }, [`${integer(worker.agreeing)} of ${integer(worker.compared)}`]),
  ];
}
