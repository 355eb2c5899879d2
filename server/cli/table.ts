import Table from "cli-table3";

/**
 * A plain table for the terminal: no colours (they would end up in files and pipes), so the same
 * text reads well everywhere.
 */
export function renderTable(head: string[], rows: string[][]): string {
  const table = new Table({ head, style: { head: [], border: [] } });
  table.push(...rows);
  return table.toString();
}
