import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { GtError } from "../../errors.js";
import type { ObjectLocation, UrlSigner } from "../object-store.js";
import { createS3Client, type ExternalS3Options } from "./s3-client.js";

/**
 * Short-lived GET URLs (SigV4 query signing) for the template filter `grant_read_access`. It serves
 * both modes: with the external store it signs for the external S3 (pass the store's client); with
 * the embedded store gt-local builds it from its own public URL (`forcePathStyle: true`, any keys),
 * since its S3 endpoint accepts the same presigned URLs.
 */

/** SigV4 presigned URLs live at most a week (X-Amz-Expires ≤ 604800). */
export const MAX_PRESIGN_SECONDS = 604_800;

export class PresigningUrlSigner implements UrlSigner {
  readonly #client: S3Client;

  constructor(clientOrOptions: S3Client | ExternalS3Options) {
    // Signing opens no connection, so a client made here never needs destroying.
    this.#client = clientOrOptions instanceof S3Client ? clientOrOptions : createS3Client(clientOrOptions);
  }

  async presignGet(location: ObjectLocation, expiresInSeconds: number): Promise<string> {
    if (
      !Number.isInteger(expiresInSeconds) ||
      expiresInSeconds < 1 ||
      expiresInSeconds > MAX_PRESIGN_SECONDS
    ) {
      // An expiry outside what S3 honours is a caller's bug: refuse it rather than clamp silently.
      throw new GtError(
        "InvalidArgument",
        `Invalid expiry ${expiresInSeconds}: a presigned URL lasts a whole number of seconds from 1 to ${MAX_PRESIGN_SECONDS} (one week).`,
      );
    }
    return getSignedUrl(this.#client, new GetObjectCommand({ Bucket: location.bucket, Key: location.key }), {
      expiresIn: expiresInSeconds,
    });
  }
}
