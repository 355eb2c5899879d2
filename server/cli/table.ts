/**
 * A plain table for the terminal: no colours (they would end up in files and pipes), so the same
 * text reads well everywhere. cli-table3 loads with the first table, not with every command.
 */
export async function renderTable(head: string[], rows: string[][]): Promise<string> {
  const { default: Table } = await import("cli-table3");
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
