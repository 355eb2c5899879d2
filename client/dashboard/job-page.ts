import { agreementCard } from "./agreement-card.js";
import { jobDetail, type JobDetail } from "./api.js";
import { labelDistributionChart } from "./charts.js";
import { card, h } from "./dom.js";
import { dateTime, integer, plural, statusText } from "./format.js";
import { Gallery } from "./gallery.js";
import { statusBadge } from "./jobs-page.js";
import { connectionBadge, isRunning, refreshWhileRunning, subscribeToJobEvents } from "./live-updates.js";
import { manifestViewer } from "./manifest-viewer.js";
import { progressBar, progressText } from "./progress.js";
import { workersTable } from "./workers-table.js";

/** Objects per page of the gallery and the manifest viewer; "Show more" adds another page. */
const PAGE = 48;
/** The most one request may ask for (the route's own limit). */
const MAX_LIMIT = 480;

/** One job: progress, label distribution, agreement, workers, gallery and output manifest. */
export async function showJobPage(
  app: HTMLElement,
  say: (message: string) => void,
  name: string,
  region: string,
): Promise<void> {
  document.title = `${name} · gt-local dashboard`;
  const badge = connectionBadge();
  const head = h("div", { class: "page-head" });
  const tiles = h("div", { class: "tiles" });
  const distribution = h("div", { class: "chart-box" });
  const agreement = h("div", { class: "card-slot" });
  const workers = h("div");
  const gallery = new Gallery();
  const galleryNote = h("p", { class: "muted small" });
  const more = h("button", { type: "button", class: "ghost" }, ["Show more"]);
  const manifest = h("div");
  app.replaceChildren(
    h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, [
      h("a", { href: "/_gt/dashboard" }, ["All jobs"]),
      h("span", { "aria-hidden": "true" }, [" / "]),
      h("span", { "aria-current": "page" }, [name]),
    ]),
    head,
    tiles,
    h("div", { class: "grid" }, [
      card("Label distribution", [distribution], { id: "distribution" }),
      agreement,
    ]),
    card("Workers", [workers], { id: "workers", wide: true }),
    card("Gallery", [galleryNote, gallery.element, more], { id: "gallery", wide: true }),
    card("Output manifest", [manifest], { id: "manifest", wide: true }),
  );

  let limit = PAGE;
  let detail: JobDetail | undefined;
  let manifestKey = "";
  const render = (next: JobDetail): void => {
    detail = next;
    const { job, stats } = next;
    head.replaceChildren(
      h("div", {}, [
        h("h1", {}, [job.name, " ", statusBadge(job.status)]),
        h("p", { class: "muted" }, [
          [
            job.title,
            job.region,
            job.taskType,
            `${plural(job.workersPerObject, "worker")} per object`,
            job.consolidation ?? "custom consolidation",
            `created ${dateTime(job.createdAt)}`,
          ].join(" · "),
        ]),
        ...(job.failureReason ? [h("p", { class: "failure", role: "note" }, [job.failureReason])] : []),
      ]),
      badge.element,
    );
    const { humanLabeled, machineLabeled, failedNonRetryableError, unlabeled } = job.counters;
    tiles.replaceChildren(
      h("div", { class: "tile progress-tile" }, [
        h("span", { class: "tile-label" }, ["Progress"]),
        progressBar(job.name, job.counters, job.objects),
        h("span", { class: "tile-note" }, [progressText(job.counters, job.objects)]),
      ]),
      countTile("Human-labeled", humanLabeled),
      countTile("Machine-labeled", machineLabeled),
      countTile("Failed", failedNonRetryableError),
      countTile("Unlabeled", unlabeled),
      countTile("Answers", stats.distribution.answers),
    );
    distribution.replaceChildren(
      stats.distribution.labels.length === 0
        ? h("p", { class: "empty" }, ["No labels yet: the job has not read its label categories."])
        : labelDistributionChart(stats.distribution.labels, stats.distribution),
      h("p", { class: "muted small" }, [
        `Dark bars: share of the ${plural(stats.distribution.consolidatedObjects, "consolidated object")}. ` +
          `Light bars: share of the ${plural(stats.distribution.answers, "worker answer")}.`,
      ]),
    );
    agreement.replaceChildren(agreementCard(stats));
    workers.replaceChildren(workersTable(stats.workers));
    gallery.update(next.gallery.items);
    galleryNote.textContent =
      next.gallery.total === 0
        ? "No objects yet: they appear once the job has read its input manifest."
        : `${integer(next.gallery.items.length)} of ${plural(next.gallery.total, "object")}, in manifest order.`;
    more.hidden = next.gallery.items.length >= next.gallery.total || limit >= MAX_LIMIT;
    // Redraw the manifest only when it changed, so lines a reader opened stay open.
    const key = next.manifest
      ? `${next.manifest.uri}:${String(next.manifest.lineCount)}:${String(next.manifest.lines.length)}`
      : "";
    if (key !== manifestKey || manifest.childElementCount === 0) {
      manifestKey = key;
      manifest.replaceChildren(...manifestViewer(next.manifest, job.labelAttributeName));
    }
  };
  const refresh = async (): Promise<void> => {
    render(await jobDetail(name, region, limit));
  };
  more.addEventListener("click", () => {
    limit = Math.min(limit + PAGE, MAX_LIMIT);
    void refresh();
  });

  await refresh();
  subscribeToJobEvents((event) => {
    if (event.resources[0] !== detail?.job.arn) return;
    void refresh().then(() => {
      say(`${name} is now ${statusText(event.detail.LabelingJobStatus)}.`);
    });
  }, badge.set);
  refreshWhileRunning(() => detail !== undefined && isRunning(detail.job.status), refresh);
}

function countTile(label: string, value: number): HTMLElement {
  return h("div", { class: "tile" }, [
    h("span", { class: "tile-label" }, [label]),
    h("span", { class: "tile-value" }, [integer(value)]),
  ]);
}
