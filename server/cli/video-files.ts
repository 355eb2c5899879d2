import { extname } from "node:path";

/**
 * The video formats `gt-local label` takes, with the Content-Type each is stored under so that
 * browsers play it from S3. Ground Truth's video template offers mp4, webm and ogg sources; .mov and
 * .m4v are the containers phones and cameras write, which browsers play when the codec is H.264.
 */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".mp4": "video/mp4",
  ".m4v": "video/mp4",
  ".mov": "video/quicktime",
  ".webm": "video/webm",
  ".ogg": "video/ogg",
  ".ogv": "video/ogg",
};

export const VIDEO_EXTENSIONS: readonly string[] = Object.keys(CONTENT_TYPES);

export const isVideoFile = (path: string): boolean => extname(path).toLowerCase() in CONTENT_TYPES;

export const videoContentType = (path: string): string =>
  CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
