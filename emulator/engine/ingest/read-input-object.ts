import { GtError } from "../../errors.js";
import type { ObjectStore } from "../../objects/object-store.js";
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

/**
 * A whole input file as text, read as it streams and refused once past `maxBytes`, so a huge
 * object put where a small file belongs fails the job instead of filling the server's memory.
 */
export async function readInputText(
  objects: ObjectStore,
  uri: string,
  what: string,
  maxBytes: number,
): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early ends the object's stream.
  for await (const chunk of await openInputObject(objects, uri, what)) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      throw new IngestFailure(
        `The ${what} ${uri} is larger than ${maxBytes} bytes, the most gt-local reads.`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
