import { listJobs, type JobOverview } from "./api.js";
import { h } from "./dom.js";
import { dateTime, integer, statusClass, statusText } from "./format.js";
import { connectionBadge, isRunning, refreshWhileRunning, subscribeToJobEvents } from "./live-updates.js";
import { progressBar, progressText } from "./progress.js";

/** The dashboard's home: every job of every region, with status, progress and counters. */
export async function showJobsPage(app: HTMLElement, say: (message: string) => void): Promise<void> {
  const badge = connectionBadge();
  const tiles = h("div", { class: "tiles" });
  const table = h("div", { class: "table-wrap" });
  app.replaceChildren(
    h("div", { class: "page-head" }, [
      h("div", {}, [
        h("h1", {}, ["Labeling jobs"]),
        h("p", { class: "muted" }, [
          "Every job in every region. Open one for its statistics, gallery and output.",
        ]),
      ]),
      badge.element,
    ]),
    tiles,
    h("section", { class: "card wide", "aria-labelledby": "jobs-heading" }, [
      h("h2", { id: "jobs-heading", class: "visually-hidden" }, ["Jobs"]),
      table,
    ]),
  );
  let jobs: JobOverview[] = [];
  const render = async (changed?: string): Promise<void> => {
    jobs = await listJobs();
    tiles.replaceChildren(...summaryTiles(jobs));
    table.replaceChildren(jobsTable(jobs, changed));
  };
  await render();
  subscribeToJobEvents((event) => {
    const arn = event.resources[0];
    void render(arn).then(() => {
      const job = jobs.find((entry) => entry.arn === arn);
      if (job) say(`${job.name} is now ${statusText(event.detail.LabelingJobStatus)}.`);
    });
  }, badge.set);
  refreshWhileRunning(() => jobs.some((job) => isRunning(job.status)), render);
}

function tile(label: string, value: string, note?: string): HTMLElement {
  return h("div", { class: "tile" }, [
    h("span", { class: "tile-label" }, [label]),
    h("span", { class: "tile-value" }, [value]),
    ...(note ? [h("span", { class: "tile-note" }, [note])] : []),
  ]);
}

function summaryTiles(jobs: readonly JobOverview[]): HTMLElement[] {
  const count = (status: string): number => jobs.filter((job) => job.status === status).length;
  const objects = jobs.reduce((sum, job) => sum + job.objects, 0);
  const labeled = jobs.reduce((sum, job) => sum + job.counters.totalLabeled, 0);
  return [
    tile("Jobs", integer(jobs.length)),
    tile("In progress", integer(count("InProgress") + count("Initializing") + count("Stopping"))),
    tile(
      "Completed",
      integer(count("Completed")),
      count("Failed") + count("Stopped") > 0
        ? `${integer(count("Failed"))} failed · ${integer(count("Stopped"))} stopped`
        : undefined,
    ),
    tile("Objects labeled", integer(labeled), `of ${integer(objects)}`),
  ];
}

export function statusBadge(status: string): HTMLElement {
  return h("span", { class: `badge ${statusClass(status)}` }, [statusText(status)]);
}

export const jobPageUrl = (job: { name: string; region: string }): string =>
  `/_gt/dashboard/jobs/${encodeURIComponent(job.name)}?region=${encodeURIComponent(job.region)}`;

function jobsTable(jobs: readonly JobOverview[], changed: string | undefined): HTMLElement {
  if (jobs.length === 0) {
    return h("p", { class: "empty" }, [
      "No labeling jobs yet. Create one with CreateLabelingJob and it appears here at once.",
    ]);
  }
  const header = ["Job", "Status", "Progress", "Human", "Machine", "Failed", "Unlabeled", "Created"];
  return h("table", { class: "jobs" }, [
    h("thead", {}, [
      h(
        "tr",
        {},
        header.map((title, index) =>
          h("th", { scope: "col", class: index >= 3 && index <= 6 ? "num" : undefined }, [title]),
        ),
      ),
    ]),
    h(
      "tbody",
      {},
      jobs.map((job) => {
        const { humanLabeled, machineLabeled, failedNonRetryableError, unlabeled } = job.counters;
        return h("tr", { class: job.arn === changed ? "flash" : undefined, "data-job": job.name }, [
          h("th", { scope: "row" }, [
            h("a", { href: jobPageUrl(job) }, [job.name]),
            h("span", { class: "sub" }, [`${job.title} · ${job.region} · ${job.taskType}`]),
            ...(job.failureReason
              ? [h("span", { class: "sub failure-line", title: job.failureReason }, [job.failureReason])]
              : []),
          ]),
          h("td", {}, [statusBadge(job.status)]),
          h("td", { class: "progress-cell" }, [
            progressBar(job.name, job.counters, job.objects),
            h("span", { class: "sub" }, [progressText(job.counters, job.objects)]),
          ]),
          h("td", { class: "num" }, [integer(humanLabeled)]),
          h("td", { class: "num" }, [integer(machineLabeled)]),
          h("td", { class: failedNonRetryableError > 0 ? "num bad" : "num" }, [
            integer(failedNonRetryableError),
          ]),
          h("td", { class: "num" }, [integer(unlabeled)]),
          h("td", { class: "date" }, [dateTime(job.createdAt)]),
        ]);
      }),
    ),
  ]);
}
