import type { ManifestPage } from "./api.js";
import { h } from "./dom.js";
import { plural } from "./format.js";

/*
 * The output manifest, one collapsible entry per line (per object, in input order): the summary
 * names the object and its label, the body is the line's JSON, indented and coloured.
 */

/** JSON tokens worth a colour: keys, strings, numbers, literals. */
const TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/gu;

export function highlightJson(text: string): HTMLElement {
  const pre = h("pre", { class: "json" });
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const index = match.index;
    pre.append(text.slice(last, index));
    const [whole, string, colon, number, literal] = match;
    if (string !== undefined) {
      pre.append(h("span", { class: colon === undefined ? "j-string" : "j-key" }, [string]));
      if (colon !== undefined) pre.append(colon);
    } else if (number !== undefined) pre.append(h("span", { class: "j-number" }, [number]));
    else if (literal !== undefined) pre.append(h("span", { class: "j-literal" }, [literal]));
    last = index + whole.length;
  }
  pre.append(text.slice(last));
  return pre;
}

/** What a line's summary says: its source and, when it has one, its label. */
function summaryOf(line: string, attribute: string): string {
  try {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    const source = parsed["source-ref"] ?? parsed.source;
    const metadata = parsed[`${attribute}-metadata`] as Record<string, unknown> | undefined;
    const className = metadata?.["class-name"];
    const classMap = metadata?.["class-map"];
    const label =
      typeof className === "string"
        ? className
        : classMap && typeof classMap === "object"
          ? Object.values(classMap).join(", ")
          : typeof metadata?.["failure-reason"] === "string"
            ? "failed"
            : "no label";
    return `${typeof source === "string" ? source : "(no source)"} → ${label}`;
  } catch {
    return line.slice(0, 80);
  }
}

function pretty(line: string): string {
  try {
    return JSON.stringify(JSON.parse(line), null, 2);
  } catch {
    return line;
  }
}

export function manifestViewer(manifest: ManifestPage | undefined, attribute: string): HTMLElement[] {
  if (!manifest) {
    return [
      h("p", { class: "empty" }, [
        "The output manifest appears here once the job has written it (when it ends).",
      ]),
    ];
  }
  if (manifest.error !== undefined) {
    return [h("p", { class: "failure" }, [`Could not read ${manifest.uri}: ${manifest.error}`])];
  }
  const entries = manifest.lines.map((line, index) =>
    h("details", { class: "manifest-line" }, [
      h("summary", {}, [
        h("span", { class: "line-no" }, [String(manifest.offset + index + 1)]),
        h("span", { class: "line-summary" }, [summaryOf(line, attribute)]),
      ]),
      highlightJson(pretty(line)),
    ]),
  );
  const setAll = (open: boolean) => (): void => {
    for (const entry of entries) entry.open = open;
  };
  const button = (label: string, onClick: () => void): HTMLButtonElement => {
    const element = h("button", { type: "button", class: "ghost" }, [label]);
    element.addEventListener("click", onClick);
    return element;
  };
  const shown =
    manifest.lines.length < manifest.lineCount ? ` (first ${String(manifest.lines.length)} shown)` : "";
  return [
    h("div", { class: "manifest-head" }, [
      h("code", { class: "uri" }, [manifest.uri]),
      h("span", { class: "muted small line-count" }, [`${plural(manifest.lineCount, "line")}${shown}`]),
      h("span", { class: "spacer" }),
      button("Expand all", setAll(true)),
      button("Collapse all", setAll(false)),
      ...(manifest.url
        ? [h("a", { href: manifest.url, class: "ghost-link", download: "output.manifest" }, ["Download"])]
        : []),
    ]),
    h("div", { class: "manifest", role: "group", "aria-label": "Output manifest lines" }, entries),
  ];
}
