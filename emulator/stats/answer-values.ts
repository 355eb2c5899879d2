/**
 * What an answer or a consolidated result says, as one nominal value the statistics can compare:
 * `key` decides equality, `labels` are what the label distribution counts.
 *
 * - A classifier answer (`{"<name>": {"label": "Sports"}}`) is its label; a multi-label answer
 *   (`{"<name>": {"labels": [...]}}`) is its set of labels, compared as a whole set.
 * - Whichever other answer (a custom template) is its JSON with keys sorted, so two workers who
 *   submitted the same form compare equal.
 */
export interface NominalValue {
  key: string;
  labels: string[];
}

export interface ConsolidatedValue extends NominalValue {
  /** The single label's confidence; for a set, the mean of its labels' confidences. */
  confidence: number | undefined;
}

type JsonRecord = Record<string, unknown>;

const isRecord = (value: unknown): value is JsonRecord =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** JSON with object keys sorted at every level: equal data, equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isRecord(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${entries.join(",")}}`;
  }
  // Answers come from JSON.parse, so only JSON values reach here; undefined would print nothing.
  return value === undefined ? "null" : JSON.stringify(value);
}

/** A label set's key: its labels sorted, so the order a worker clicked them in does not matter. */
const setKey = (labels: readonly string[]): string => JSON.stringify([...labels].sort());

export function answerValue(answer: unknown, multiLabel: boolean): NominalValue {
  if (isRecord(answer)) {
    for (const entry of Object.values(answer)) {
      if (!isRecord(entry)) continue;
      if (!multiLabel && typeof entry.label === "string") return { key: entry.label, labels: [entry.label] };
      if (multiLabel && Array.isArray(entry.labels)) {
        const labels = entry.labels.filter((label): label is string => typeof label === "string");
        return { key: setKey(labels), labels };
      }
    }
  }
  const key = canonicalJson(answer);
  return { key, labels: [key] };
}

/**
 * The label a consolidation produced, read from `<attr>-metadata` (`class-name` and `confidence`,
 * or `class-map` and `confidence-map`); undefined when the object has none (failed, skipped, or a
 * custom consolidation that writes no class).
 */
export function consolidatedValue(content: unknown, attribute: string): ConsolidatedValue | undefined {
  if (!isRecord(content)) return undefined;
  const metadata = content[`${attribute}-metadata`];
  if (!isRecord(metadata)) return undefined;
  const className = metadata["class-name"];
  if (typeof className === "string") {
    const confidence = metadata.confidence;
    return {
      key: className,
      labels: [className],
      confidence: typeof confidence === "number" ? confidence : undefined,
    };
  }
  const classMap = metadata["class-map"];
  if (!isRecord(classMap)) return undefined;
  const indices = Object.keys(classMap).sort((a, b) => Number(a) - Number(b));
  const labels = indices.flatMap((index) => {
    const name = classMap[index];
    return typeof name === "string" ? [name] : [];
  });
  const confidenceMap = isRecord(metadata["confidence-map"]) ? metadata["confidence-map"] : {};
  const confidences = indices.flatMap((index) => {
    const value = confidenceMap[index];
    return typeof value === "number" ? [value] : [];
  });
  return {
    key: setKey(labels),
    labels,
    confidence:
      confidences.length === 0
        ? undefined
        : confidences.reduce((sum, value) => sum + value, 0) / confidences.length,
  };
}

/** The reason a consolidated result records for an object that got no label. */
export function failureReasonOf(content: unknown, attribute: string): string | undefined {
  if (!isRecord(content)) return undefined;
  const metadata = content[`${attribute}-metadata`];
  const reason = isRecord(metadata) ? metadata["failure-reason"] : undefined;
  return typeof reason === "string" ? reason : undefined;
}
