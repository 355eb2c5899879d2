import { GtError } from "../errors.js";
import { readAll, type ObjectStore, type UrlSigner } from "../objects/object-store.js";
import { parseS3Uri } from "../s3-uri.js";
import { signedUrl } from "./gallery-item.js";

export interface OutputManifestPage {
  uri: string;
  /** A presigned URL of the whole file, for downloading it. */
  url?: string;
  lineCount: number;
  offset: number;
  /** The lines exactly as written (one JSON object each), from `offset`. */
  lines: string[];
  /** Set when the file could not be read (deleted from S3 after the job, an external S3 away). */
  error?: string;
}

/** A page of a finished job's output manifest, read from S3 as the user's own code would read it. */
export async function readOutputManifest(
  uri: string,
  store: ObjectStore,
  signer: UrlSigner,
  page: { offset: number; limit: number },
): Promise<OutputManifestPage> {
  const location = parseS3Uri(uri);
  const base = { uri, lineCount: 0, offset: page.offset, lines: [] };
  if (!location) return { ...base, error: `${uri} is not an S3 URI.` };
  try {
    const { body } = await store.get(location);
    const text = (await readAll(body)).toString("utf8");
    const lines = text.split("\n").filter((line) => line.trim() !== "");
    return {
      uri,
      url: await signedUrl(signer, location),
      lineCount: lines.length,
      offset: page.offset,
      lines: lines.slice(page.offset, page.offset + page.limit),
    };
  } catch (error) {
    if (!(error instanceof GtError)) throw error;
    return { ...base, error: `${error.code}: ${error.message}` };
  }
}
