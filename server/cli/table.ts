import Table from "cli-table3";

/**
 * A plain table for the terminal: no colours (they would end up in files and pipes), so the same
 * text reads well everywhere.
 */
export function renderTable(head: string[], rows: string[][]): string {
  const table = new Table({ head: head.map(printable), style: { head: [], border: [] } });
  table.push(...rows.map((row) => row.map(printable)));
  return table.toString();
}

/**
 * Cells hold what users typed (worker names, say): control characters are shown as `\x1b`, never
 * sent, so a name cannot move the cursor, retitle the window or clear the terminal.
 */
const printable = (cell: string): string =>
  cell.replace(/\p{Cc}/gu, (character) => `\\x${character.charCodeAt(0).toString(16).padStart(2, "0")}`);
