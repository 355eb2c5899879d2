import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";

/*
 * A note a clean close leaves beside the database, so that the next start can skip the integrity
 * check when the file is provably the one gt-local closed, unchanged since.
 *
 * Why: `PRAGMA quick_check` reads every page, about 2.5 ms per MB, so a data dir holding two
 * 100,000-object jobs (84 MB) spent a quarter of a second of every start on it (issue 10, target 6).
 *
 * Why it is safe: the note holds the file's device, inode, size, modification and change times as
 * the close left them. Every write to the file moves its change time (ctime), which no tool can set
 * back, not even one that restores the modification time; a copy or a restored backup is another
 * inode. A write-ahead log left beside the file means it was not closed cleanly. The note is removed
 * when the database opens, before anything is written, so a crash leaves none and the next start
 * checks the whole file. Not covered: damage below the file system (a failing disk) after a clean
 * close, which quick_check might have found at start; SQLite reports it when it reads the page.
 */

const noteOf = (file: string): string => `${file}.closed-cleanly`;

/** Who the file is and when it last changed, as text that compares exactly (nanosecond times). */
function identityOf(file: string): string | undefined {
  const stats = statSync(file, { bigint: true, throwIfNoEntry: false });
  if (stats === undefined) return undefined;
  const { dev, ino, size, mtimeNs, ctimeNs } = stats;
  return JSON.stringify({
    dev: String(dev),
    ino: String(ino),
    size: String(size),
    mtimeNs: String(mtimeNs),
    ctimeNs: String(ctimeNs),
  });
}

/** A write-ahead log with content: the last connection did not close cleanly (or still runs). */
function hasWriteAheadLog(file: string): boolean {
  const wal = statSync(`${file}-wal`, { throwIfNoEntry: false });
  return wal !== undefined && wal.size > 0;
}

/** Call once the database is closed (SQLite has folded its write-ahead log into the file). */
export function recordCleanClose(file: string): void {
  if (hasWriteAheadLog(file)) return;
  const identity = identityOf(file);
  if (identity !== undefined) writeFileSync(noteOf(file), identity);
}

/**
 * Whether the file is, unchanged, the one a clean close left. Call before opening it: the note is
 * removed either way, so that a run which ends in a crash leaves none behind.
 */
export function takeCleanCloseNote(file: string): boolean {
  const note = noteOf(file);
  let recorded: string;
  try {
    recorded = readFileSync(note, "utf8");
  } catch {
    return false;
  }
  rmSync(note, { force: true });
  return !hasWriteAheadLog(file) && identityOf(file) === recorded;
}
