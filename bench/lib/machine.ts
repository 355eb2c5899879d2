import { cpus, totalmem } from "node:os";

/** One line describing where a result was measured, for RESULTS.md. */
export function describeMachine(): string {
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  const memory = Math.round(totalmem() / 2 ** 30);
  return `${cpus().length} × ${cpu}, ${memory} GiB, Node ${process.version}, ${process.platform}`;
}
