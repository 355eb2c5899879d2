import { parseS3Uri, type S3Location } from "../s3-uri.js";
import type { ObjectState } from "../engine/tasks/object-repository.js";
import type { UrlSigner } from "../objects/object-store.js";

/** How the browser can show an object: by its file extension, or as text for `source` lines. */
export type MediaKind = "video" | "image" | "text" | "file";

export interface GalleryItem {
  datasetObjectId: string;
  state: ObjectState;
  kind: MediaKind;
  /** The manifest's `source-ref` URI, or its `source` text. */
  source: string;
  /** A presigned GET URL the browser can load, for objects in S3. */
  url?: string;
  labels?: string[];
  confidence?: number;
  answers: number;
  agreement?: number;
  failureReason?: string;
}

const VIDEO = new Set(["mp4", "m4v", "webm", "mov", "ogv", "mkv"]);
const IMAGE = new Set(["jpg", "jpeg", "png", "gif", "webp", "bmp", "svg", "avif"]);

export function mediaKindOf(key: string): MediaKind {
  const extension = /\.([a-z0-9]+)$/iu.exec(key)?.[1]?.toLowerCase() ?? "";
  if (VIDEO.has(extension)) return "video";
  if (IMAGE.has(extension)) return "image";
  return "file";
}

/** What an input manifest line points at: an S3 object (`source-ref`) or inline text (`source`). */
export function sourceOf(lineJson: string): { source: string; location?: S3Location; kind: MediaKind } {
  let line: unknown;
  try {
    line = JSON.parse(lineJson);
  } catch {
    return { source: lineJson, kind: "text" };
  }
  const record = typeof line === "object" && line !== null ? (line as Record<string, unknown>) : {};
  const ref = record["source-ref"];
  if (typeof ref === "string") {
    const location = parseS3Uri(ref);
    return location
      ? { source: ref, location, kind: mediaKindOf(location.key) }
      : { source: ref, kind: "file" };
  }
  const text = record.source;
  return { source: typeof text === "string" ? text : lineJson, kind: "text" };
}

/** Presigned URLs last an hour: long enough for a dashboard left open, as grant_read_access's do. */
const URL_LIFETIME_SECONDS = 3600;

export async function signedUrl(
  signer: UrlSigner,
  location: S3Location | undefined,
): Promise<string | undefined> {
  return location ? signer.presignGet(location, URL_LIFETIME_SECONDS) : undefined;
}
