import type { ShapeTable } from "./shape-spec.js";

/** What a sensitive value is shown as inside a larger value (a list or structure). */
export const REDACTED = "***";

/**
 * A validated (clean) value as Coral echoes it in a violation, Java `toString` style and
 * deterministic: strings raw, numbers as digits, lists `[a, b]`, structures and maps `{Key=a, Value=b}`
 * (present members in model order), timestamps in ISO-8601. Sensitive shapes show as `***`.
 */
export function formatValue<N extends string>(shapes: ShapeTable<N>, shapeName: N, value: unknown): string {
  const spec = shapes[shapeName];
  if (spec.sensitive === true) return REDACTED;
  if (value === null || value === undefined) return "null";
  switch (spec.type) {
    case "list":
      return Array.isArray(value)
        ? `[${value.map((item) => formatValue(shapes, spec.member, item)).join(", ")}]`
        : "";
    case "structure":
    case "map": {
      if (typeof value !== "object" || Array.isArray(value)) return "";
      const entries = Object.entries(value);
      const shapeOf = (key: string): N | undefined =>
        spec.type === "map" ? spec.value : spec.members.find((member) => member.name === key)?.shape;
      const parts = entries.map(([key, item]) => {
        const itemShape = shapeOf(key);
        return `${key}=${itemShape === undefined ? "" : formatValue(shapes, itemShape, item)}`;
      });
      return `{${parts.join(", ")}}`;
    }
    case "timestamp":
      return value instanceof Date ? value.toISOString() : "";
    case "string":
      return typeof value === "string" ? value : "";
    case "integer":
      return typeof value === "number" ? String(value) : "";
    case "boolean":
      return typeof value === "boolean" ? String(value) : "";
  }
}
