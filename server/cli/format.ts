import type { LabelCounters } from "@aws-sdk/client-sagemaker";

/** How the commands print times, sizes and a job's progress. */

/** `2026-06-01 09:00:05` in the local time zone: what a person compares with their clock. */
export function localTime(date: Date | undefined): string {
  if (date === undefined) return "";
  const pad = (value: number): string => String(value).padStart(2, "0");
  return (
    `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `labeled/total`, and the objects that failed when there are any. */
export function progressText(counters: LabelCounters | undefined): string {
  const labeled = counters?.TotalLabeled ?? 0;
  const failed = counters?.FailedNonRetryableError ?? 0;
  const total = labeled + failed + (counters?.Unlabeled ?? 0);
  return failed > 0 ? `${labeled}/${total} (${failed} failed)` : `${labeled}/${total}`;
}

/** A word as a POSIX shell reads it back: bare when safe, else in single quotes. */
export const shellQuote = (word: string): string =>
  /^[\w@%+=:,./-]+$/u.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
