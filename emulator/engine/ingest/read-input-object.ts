import { GtError } from "../../errors.js";
import type { ObjectStore } from "../../objects/object-store.js";
import { readAll } from "../../objects/object-store.js";
import { parseS3Uri } from "../../s3-uri.js";
import { IngestFailure } from "./ingest-failure.js";

/** Opens one of the job's input files, turning S3 errors into a failure a user can act on. */
export async function openInputObject(
  objects: ObjectStore,
  uri: string,
  what: string,
): Promise<AsyncIterable<Uint8Array>> {
  const location = parseS3Uri(uri);
  if (!location) throw new IngestFailure(`The ${what} ${uri} is not an S3 URI.`);
  try {
    return (await objects.get(location)).body;
  } catch (error) {
    if (error instanceof GtError && (error.code === "NoSuchKey" || error.code === "NoSuchBucket")) {
      const missing =
        error.code === "NoSuchBucket" ? `bucket ${location.bucket} does not exist` : "object does not exist";
      throw new IngestFailure(`Cannot read the ${what} ${uri}: the ${missing}.`);
    }
    throw error;
  }
}

export async function readInputText(objects: ObjectStore, uri: string, what: string): Promise<string> {
  return (await readAll(await openInputObject(objects, uri, what))).toString("utf8");
}
