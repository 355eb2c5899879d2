import { readdir, stat } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { CliError } from "../cli-error.js";
import { isVideoFile, VIDEO_EXTENSIONS } from "../video-files.js";

/**
 * What `gt-local label <folder|glob>` labels. A folder means the files directly in it (hidden files
 * such as .DS_Store are left out, subfolders are not entered: a glob such as `clips/**\/*.mp4` does
 * that); a glob means the files it matches. Every file must be a video: anything else is an error
 * naming it, since labeling a folder that is not what the user thought is worse than stopping.
 */
export interface VideoFile {
  absolutePath: string;
  /** From the common folder, with `/` separators: the key under `videos/` and in `--simulate` maps. */
  relativePath: string;
  size: number;
}

export interface VideoSelection {
  /** The folder the relative paths start from. */
  baseDir: string;
  /** What the job name is made from: the folder, or the glob made absolute. */
  identity: string;
  /** A readable stem for the job name: the folder's name. */
  stem: string;
  /** Sorted by relative path, so the manifest's order (and dataset object ids) never changes. */
  videos: VideoFile[];
}

export async function findVideos(target: string): Promise<VideoSelection> {
  const info = await stat(target).catch(() => undefined);
  if (info?.isDirectory()) return fromFolder(resolve(target));
  if (info?.isFile() || isDynamicPattern(target)) return fromGlob(target);
  throw new CliError(`no such folder: ${target}`);
}

async function fromFolder(folder: string): Promise<VideoSelection> {
  const entries = await readdir(folder, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith("."))
    .map((entry) => entry.name);
  refuseNonVideos(names, folder);
  if (names.length === 0) {
    throw new CliError(`${folder} holds no videos (${VIDEO_EXTENSIONS.join(" ")})`);
  }
  return {
    baseDir: folder,
    identity: folder,
    stem: basename(folder),
    videos: await describeFiles(
      folder,
      names.map((name) => join(folder, name)),
    ),
  };
}

async function fromGlob(pattern: string): Promise<VideoSelection> {
  const matches = await glob(pattern, { absolute: true, onlyFiles: true, dot: false });
  if (matches.length === 0) throw new CliError(`${pattern} matches no files`);
  refuseNonVideos(matches, process.cwd());
  const baseDir = commonFolder(matches.map((path) => dirname(path)));
  return {
    baseDir,
    identity: resolve(pattern),
    stem: basename(baseDir),
    videos: await describeFiles(baseDir, matches),
  };
}

function refuseNonVideos(paths: readonly string[], from: string): void {
  const others = paths
    .filter((path) => !isVideoFile(path))
    .map((path) => relative(from, resolve(from, path)));
  if (others.length === 0) return;
  const listed = others.slice(0, 3).join(", ") + (others.length > 3 ? ` and ${others.length - 3} more` : "");
  throw new CliError(
    `not a video: ${listed} (gt-local label takes ${VIDEO_EXTENSIONS.join(" ")}; move other files out, or pass a glob such as "folder/*.mp4")`,
  );
}

async function describeFiles(baseDir: string, paths: readonly string[]): Promise<VideoFile[]> {
  const files = await Promise.all(
    paths.map(async (absolutePath) => ({
      absolutePath,
      relativePath: relative(baseDir, absolutePath).split(sep).join("/"),
      size: (await stat(absolutePath)).size,
    })),
  );
  return files.sort((a, b) =>
    a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0,
  );
}

/** The deepest folder that holds every one of `folders`. */
function commonFolder(folders: readonly string[]): string {
  let common = folders[0] ?? process.cwd();
  for (const folder of folders) {
    while (folder !== common && !folder.startsWith(common.endsWith(sep) ? common : common + sep)) {
      common = dirname(common);
    }
  }
  return common;
}
