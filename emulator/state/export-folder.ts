import { mkdir, mkdtemp, readFile, readdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { GtError, validationError } from "../errors.js";
import {
  BLOB_NAME,
  BLOBS_DIR,
  HEADER_FILE,
  STATE_FORMAT,
  TABLE_FILE_SUFFIX,
  TABLES_DIR,
} from "./state-format.js";

/** Where an export is assembled, inside the target so the final renames stay on one file system. */
const STAGING_PREFIX = ".gt-local-export-";

/**
 * An export goes into a folder that does not exist yet, an empty one, or a previous export, which
 * it replaces. Anything else is refused: gt-local never deletes files it did not write. Files of
 * the user's own next to a previous export (a README) are left where they are.
 */
export async function checkExportTarget(dir: string): Promise<void> {
  const kind = await kindOf(dir);
  if (kind === "missing") return;
  if (kind === "file") throw validationError(`${dir} exists and is not a folder.`);
  const entries = (await readdir(dir)).filter((name) => !name.startsWith(STAGING_PREFIX));
  if (entries.length === 0) return;
  if (!entries.includes(HEADER_FILE) || !(await isStateHeader(join(dir, HEADER_FILE)))) {
    throw validationError(
      `${dir} is not empty and holds no previous gt-local export (${HEADER_FILE}); gt-local never deletes files it did not write. Export into a new folder, an empty one or a previous export.`,
    );
  }
  await expectOnly(join(dir, TABLES_DIR), (name) => name.endsWith(TABLE_FILE_SUFFIX), TABLES_DIR);
  await expectOnly(join(dir, BLOBS_DIR), (name) => BLOB_NAME.test(name), BLOBS_DIR);
}

/** A fresh folder inside `dir` (created if need be) to write the new export into. */
export async function createStaging(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return mkdtemp(join(dir, STAGING_PREFIX));
}

/**
 * Swaps the staged export in. The header is renamed over the old one last, so the folder is
 * recognisably an export at every instant; an import checks row counts against the header.
 */
export async function moveIntoPlace(staging: string, dir: string): Promise<void> {
  for (const name of [TABLES_DIR, BLOBS_DIR]) {
    await rm(join(dir, name), { recursive: true, force: true });
    await rename(join(staging, name), join(dir, name));
  }
  await rename(join(staging, HEADER_FILE), join(dir, HEADER_FILE));
  await rm(staging, { recursive: true, force: true });
  // Staging folders an interrupted export left behind carry our prefix: ours to remove.
  for (const name of await readdir(dir)) {
    if (name.startsWith(STAGING_PREFIX)) await rm(join(dir, name), { recursive: true, force: true });
  }
}

/** File-system failures (permissions, a file where a folder should be) are the caller's to fix. */
export function asFolderError(error: unknown, action: string): unknown {
  if (error instanceof GtError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code.startsWith("E") && error instanceof Error) {
    return validationError(`Could not ${action}: ${error.message}`);
  }
  return error;
}

export async function kindOf(path: string): Promise<"missing" | "file" | "folder"> {
  try {
    return (await stat(path)).isDirectory() ? "folder" : "file";
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return "missing";
    throw error;
  }
}

async function isStateHeader(path: string): Promise<boolean> {
  try {
    const parsed = JSON.parse(await readFile(path, "utf8")) as { format?: unknown } | null;
    return parsed?.format === STATE_FORMAT;
  } catch {
    return false;
  }
}

async function expectOnly(folder: string, isOurs: (name: string) => boolean, label: string): Promise<void> {
  const kind = await kindOf(folder);
  if (kind === "missing") return;
  const foreign = kind === "file" ? [""] : (await readdir(folder)).filter((name) => !isOurs(name));
  if (foreign.length > 0) {
    const what = kind === "file" ? `${label} is a file` : `${label}/ holds ${foreign.join(", ")}`;
    throw validationError(
      `${folder}: ${what}, which a gt-local export does not write; move it away before exporting here.`,
    );
  }
}
