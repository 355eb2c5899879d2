import type { JobDetail } from "./api.js";
import { agreementHistogram } from "./charts.js";
import { h } from "./dom.js";
import { percent, plural } from "./format.js";

type Stats = JobDetail["stats"];

/**
 * Krippendorff's rule of thumb (Content Analysis, 2004): α ≥ .800 to rely on the data, .667 to
 * .800 for tentative conclusions only, below that the coding is not reliable.
 */
function interpretation(alpha: number): { text: string; tone: string } {
  if (alpha >= 0.8) return { text: "Reliable (α ≥ 0.800)", tone: "good" };
  if (alpha >= 0.667) return { text: "Tentative (0.667 ≤ α < 0.800)", tone: "fair" };
  return { text: "Unreliable (α < 0.667)", tone: "poor" };
}

function alphaBlock(alpha: Stats["alpha"]): HTMLElement {
  const caption = h("span", { class: "metric-label" }, ["Krippendorff's α (nominal)"]);
  if (alpha.alpha === undefined) {
    const why =
      alpha.undefinedBecause === "no-variation"
        ? "Every answer so far has the same value, so no disagreement was possible: α is undefined (0/0)."
        : "No object has two answers yet, so there is nothing to compare: α is undefined.";
    return h("div", { class: "metric", id: "alpha" }, [
      caption,
      h("span", { class: "metric-value", "data-alpha": "undefined" }, ["n/a"]),
      h("p", { class: "muted small" }, [why]),
    ]);
  }
  const { text, tone } = interpretation(alpha.alpha);
  return h("div", { class: "metric", id: "alpha" }, [
    caption,
    h("span", { class: "metric-value", "data-alpha": alpha.alpha.toFixed(3) }, [alpha.alpha.toFixed(3)]),
    h("span", { class: `chip ${tone}` }, [text]),
    h("p", { class: "muted small" }, [
      `Over ${plural(alpha.pairableUnits, "object")} with two answers or more (${plural(alpha.pairableValues, "answer")}).`,
    ]),
  ]);
}

export function agreementCard(stats: Stats): HTMLElement {
  const { agreement } = stats;
  const mean = h("div", { class: "metric" }, [
    h("span", { class: "metric-label" }, ["Mean per-object agreement"]),
    h("span", { class: "metric-value" }, [agreement.mean === undefined ? "n/a" : percent(agreement.mean)]),
    h("p", { class: "muted small" }, [
      `${plural(agreement.objects, "object")} with several answers` +
        (agreement.singleAnswerObjects > 0
          ? `; ${plural(agreement.singleAnswerObjects, "object")} with one answer left out.`
          : "."),
    ]),
  ]);
  return h("section", { class: "card", id: "agreement", "aria-labelledby": "agreement-heading" }, [
    h("h2", { id: "agreement-heading" }, ["Inter-annotator agreement"]),
    h("div", { class: "metrics" }, [alphaBlock(stats.alpha), mean]),
    agreementHistogram(agreement.histogram),
  ]);
}
