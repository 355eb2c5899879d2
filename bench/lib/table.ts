/** A Markdown table: a header row, alignment (numbers right-aligned) and the rows. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const align = header.map((_, index) => (index === 0 ? "---" : "---:"));
  return [header, align, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/** "met" or "missed", from a measured value and its limit. */
export function verdict(met: boolean): string {
  return met ? "met" : "**missed**";
}
