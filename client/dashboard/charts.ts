import type { AgreementBin, LabelCount } from "./api.js";
import { svg } from "./dom.js";
import { percent } from "./format.js";

/*
 * Plain SVG charts: two kinds, a few dozen elements each, so a charting library would add more
 * than it saves. Colours come from CSS classes (styles.ts); each chart is one image for screen
 * readers, with a text summary of every bar.
 */

const WIDTH = 640;

/** A round share axis: steps of 10 points up to 50%, of 20 points beyond. */
function shareAxis(maxShare: number): { max: number; ticks: number[] } {
  const step = maxShare <= 0.5 ? 0.1 : 0.2;
  const steps = Math.max(1, Math.ceil(maxShare / step - 1e-9));
  return { max: steps * step, ticks: Array.from({ length: steps + 1 }, (_, index) => index * step) };
}

/** Up to five round ticks from 0 to a count's upper bound. */
function countTicks(max: number): number[] {
  const step = Math.max(1, Math.ceil(max / 4));
  const top = Math.max(step, Math.ceil(max / step) * step);
  return Array.from({ length: top / step + 1 }, (_, index) => index * step);
}

const truncate = (text: string, length: number): string =>
  text.length > length ? `${text.slice(0, length - 1)}…` : text;

/**
 * Label distribution: per label, the share of consolidated objects and the share of answers that
 * chose it, as two bars on one share axis (objects and answers are counted on different bases).
 */
export function labelDistributionChart(
  labels: readonly LabelCount[],
  totals: { consolidatedObjects: number; answers: number },
): SVGSVGElement {
  // Room for the longest label (up to the truncation), at about 7.5 px a character of 13 px type.
  const longest = Math.max(4, ...labels.map((label) => Math.min(label.label.length, 22)));
  const left = Math.min(180, 24 + longest * 7.5);
  const right = 80;
  const top = 38;
  const barHeight = 15;
  const groupHeight = barHeight * 2 + 4 + 18;
  const height = top + labels.length * groupHeight + 26;
  const plotWidth = WIDTH - left - right;
  const shareOf = (count: number, total: number): number => (total === 0 ? 0 : count / total);
  const series = [
    { key: "consolidated", name: "Consolidated labels (objects)", total: totals.consolidatedObjects },
    { key: "answers", name: "Worker answers", total: totals.answers },
  ] as const;
  const maxShare = Math.max(
    0,
    ...labels.flatMap((label) => series.map((entry) => shareOf(label[entry.key], entry.total))),
  );
  const axis = shareAxis(maxShare);
  const x = (share: number): number => left + (share / axis.max) * plotWidth;
  const summary = labels
    .map(
      (label) =>
        `${label.label}: ${String(label.consolidated)} consolidated, ${String(label.answers)} answers`,
    )
    .join("; ");
  const chart = svg("svg", {
    viewBox: `0 0 ${String(WIDTH)} ${String(height)}`,
    class: "chart",
    role: "img",
    "aria-label": `Label distribution. ${summary || "No labels yet"}.`,
  });

  // Legend.
  series.forEach((entry, index) => {
    const lx = left + index * 220;
    chart.append(
      svg("rect", { x: lx, y: 8, width: 12, height: 12, rx: 2, class: `bar-${entry.key}` }),
      svg("text", { x: lx + 18, y: 18, class: "legend" }, [entry.name]),
    );
  });

  // Grid lines and share ticks.
  const bottom = height - 22;
  for (const share of axis.ticks) {
    chart.append(
      svg("line", {
        x1: x(share),
        x2: x(share),
        y1: top - 6,
        y2: bottom,
        class: share === 0 ? "axis" : "grid",
      }),
      svg("text", { x: x(share), y: bottom + 16, "text-anchor": "middle", class: "tick" }, [percent(share)]),
    );
  }

  labels.forEach((label, index) => {
    const y = top + index * groupHeight;
    chart.append(
      svg("text", { x: left - 12, y: y + barHeight + 6, "text-anchor": "end", class: "category" }, [
        svg("title", {}, [label.label]),
        truncate(label.label, 22),
      ]),
    );
    series.forEach((entry, position) => {
      const count = label[entry.key];
      const share = shareOf(count, entry.total);
      const by = y + position * (barHeight + 4);
      const width = Math.max(count > 0 ? 2 : 0, x(share) - left);
      chart.append(
        svg("rect", { x: left, y: by, width, height: barHeight, rx: 2, class: `bar-${entry.key}` }),
        svg("text", { x: left + width + 6, y: by + barHeight - 3, class: "value" }, [
          `${String(count)} · ${percent(share)}`,
        ]),
      );
    });
  });
  return chart;
}

/** Per-object agreement: how many objects fall in each 20-point band of agreement. */
export function agreementHistogram(bins: readonly AgreementBin[]): SVGSVGElement {
  const height = 220;
  const left = 40;
  const right = 12;
  const top = 20;
  const bottom = height - 40;
  const ticks = countTicks(Math.max(0, ...bins.map((bin) => bin.objects)));
  const yMax = ticks.at(-1) ?? 1;
  const y = (count: number): number => bottom - (count / yMax) * (bottom - top);
  const slot = (WIDTH - left - right) / Math.max(1, bins.length);
  const binLabel = (bin: AgreementBin): string =>
    `${String(Math.round(bin.from * 100))}–${String(Math.round(bin.to * 100))}%`;
  const chart = svg("svg", {
    viewBox: `0 0 ${String(WIDTH)} ${String(height)}`,
    class: "chart",
    role: "img",
    "aria-label": `Per-object agreement. ${bins.map((bin) => `${binLabel(bin)}: ${String(bin.objects)} objects`).join("; ")}.`,
  });
  for (const tick of ticks) {
    chart.append(
      svg("line", {
        x1: left,
        x2: WIDTH - right,
        y1: y(tick),
        y2: y(tick),
        class: tick === 0 ? "axis" : "grid",
      }),
      svg("text", { x: left - 8, y: y(tick) + 4, "text-anchor": "end", class: "tick" }, [String(tick)]),
    );
  }
  bins.forEach((bin, index) => {
    const x = left + index * slot + slot * 0.14;
    const width = slot * 0.72;
    const barTop = y(bin.objects);
    // Higher agreement reads darker: the same hue, five steps.
    chart.append(
      svg("rect", {
        x,
        y: barTop,
        width,
        height: bottom - barTop,
        rx: 3,
        class: `bar-hist step-${String(index)}`,
      }),
      svg("text", { x: x + width / 2, y: barTop - 6, "text-anchor": "middle", class: "value" }, [
        bin.objects > 0 ? String(bin.objects) : "",
      ]),
      svg("text", { x: x + width / 2, y: bottom + 18, "text-anchor": "middle", class: "tick" }, [
        binLabel(bin),
      ]),
    );
  });
  chart.append(
    svg(
      "text",
      { x: left + (WIDTH - left - right) / 2, y: height - 4, "text-anchor": "middle", class: "axis-title" },
      ["Share of an object's answers that agree with its label"],
    ),
  );
  return chart;
}
