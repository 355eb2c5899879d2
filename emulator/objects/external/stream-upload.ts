import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from "@aws-sdk/client-s3";
import { GtError } from "../../errors.js";
import { splitIntoParts } from "./split-into-parts.js";

/**
 * Uploads to an external S3 without holding a whole stream in memory. S3 needs each request's
 * length up front, so a stream of unknown length cannot go into one PutObject: it is cut into
 * parts. A body that fits in one part is a plain PutObject (its ETag is then the MD5, as for
 * buffers); a longer one becomes a multipart upload whose parts are sent one after another, so at
 * most two parts (the one being sent and the one read ahead) are in memory.
 */

/** Above S3's 5 MiB minimum part size; 10,000 parts of it make 80 GiB, far beyond any manifest. */
export const PART_SIZE = 8 * 1024 * 1024;
const MAX_PARTS = 10_000;

export interface UploadTarget {
  client: S3Client;
  bucket: string;
  key: string;
  contentType: string;
  userMetadata: Record<string, string>;
}

export interface UploadResult {
  size: number;
  /** Without quotes. */
  etag: string;
}

/** S3 sends ETags in quotes; the port has them bare. */
export const unquote = (etag: string | undefined): string => (etag ?? "").replaceAll('"', "");

export async function putBuffer(target: UploadTarget, body: Uint8Array): Promise<UploadResult> {
  const output = await target.client.send(
    new PutObjectCommand({
      Bucket: target.bucket,
      Key: target.key,
      Body: body,
      ContentLength: body.byteLength,
      ContentType: target.contentType,
      Metadata: target.userMetadata,
    }),
  );
  return { size: body.byteLength, etag: unquote(output.ETag) };
}

export async function putStream(
  target: UploadTarget,
  body: AsyncIterable<Uint8Array>,
  partSize = PART_SIZE,
): Promise<UploadResult> {
  const parts = splitIntoParts(body, partSize);
  try {
    const first = await parts.next();
    if (first.done) return await putBuffer(target, new Uint8Array(0));
    const second = await parts.next();
    if (second.done) return await putBuffer(target, first.value);
    return await multipartUpload(target, first.value, second.value, parts);
  } finally {
    // Releases the source when an upload failed before the stream was drained.
    await parts.return(undefined);
  }
}

async function multipartUpload(
  target: UploadTarget,
  first: Buffer,
  second: Buffer,
  rest: AsyncIterable<Buffer>,
): Promise<UploadResult> {
  const { client, bucket, key } = target;
  const { UploadId: uploadId } = await client.send(
    new CreateMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      ContentType: target.contentType,
      Metadata: target.userMetadata,
    }),
  );
  if (uploadId === undefined)
    throw new GtError("InternalFailure", "CreateMultipartUpload returned no UploadId");
  try {
    const completed: CompletedPart[] = [];
    let size = 0;
    const send = async (part: Buffer): Promise<void> => {
      const partNumber = completed.length + 1;
      if (partNumber > MAX_PARTS) {
        throw new GtError("EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size.");
      }
      const output = await client.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber: partNumber,
          Body: part,
          ContentLength: part.byteLength,
        }),
      );
      completed.push({ PartNumber: partNumber, ETag: output.ETag });
      size += part.byteLength;
    };
    await send(first);
    await send(second);
    for await (const part of rest) await send(part);
    const output = await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: completed },
      }),
    );
    return { size, etag: unquote(output.ETag) };
  } catch (error) {
    // Best effort: parts left behind cost storage on AWS until a lifecycle rule removes them.
    // (s3rver cannot abort at all: it answers MethodNotAllowed.)
    await client
      .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }))
      .catch(() => undefined);
    throw error;
  }
}
