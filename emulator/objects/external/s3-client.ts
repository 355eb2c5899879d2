import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";

/** How to reach an S3-compatible endpoint: MinIO, LocalStack, s3rver, or AWS itself. */
export interface ExternalS3Options {
  /** Omitted for AWS itself; e.g. `http://127.0.0.1:9000` for MinIO. */
  endpoint?: string;
  region: string;
  /** `/<bucket>/<key>` URLs instead of `<bucket>.<host>`: what most local S3s need. */
  forcePathStyle?: boolean;
  /** Static keys or a provider; omitted means the SDK's standard chain (env, profile, IMDS...). */
  credentials?: NonNullable<S3ClientConfig["credentials"]>;
}

/** An S3Client configured for whichever S3 we are talking to. */
export function createS3Client(options: ExternalS3Options): S3Client {
  return new S3Client({
    region: options.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.forcePathStyle === undefined ? {} : { forcePathStyle: options.forcePathStyle }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    // Since v3.729 the JS SDK sends a CRC32 (`x-amz-checksum-*`, aws-chunked trailers for streams)
    // on every upload and asks for checksums on every download. We cannot know which checksum
    // features an external S3 has: s3rver predates them, and other S3-compatibles rejected the new
    // headers outright (Cloudflare R2 answered 501, aws/aws-sdk-js-v3#6810). So checksums are only
    // computed where an operation requires one. Every body we send is a buffer of known length (no
    // aws-chunked framing), and a single-part ETag is still the body's MD5.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}
