import type { Clock } from "../../emulator/clock.js";
import type { S3Engine } from "../../emulator/objects/embedded/s3-engine.js";
import type { BucketTarget, ObjectTarget } from "./addressing.js";

/** What every operation gets: the request as received and the parts of the emulator it may use. */
export interface S3Call {
  request: Request;
  headers: Headers;
  /** The query string of the request-target as sent. */
  query: URLSearchParams;
  engine: S3Engine;
  clock: Clock;
  defaultRegion: string;
  /** `http://host:port` as the client addressed us, for `<Location>` values. */
  origin: string;
}

export interface BucketCall extends S3Call {
  bucket: string;
  /** Addressed as `<bucket>.localhost` rather than `/<bucket>`. */
  virtualHost: boolean;
}

export interface ObjectCall extends BucketCall {
  key: string;
}

export type ServiceOperation = "ListBuckets";

export type BucketOperation =
  | "CreateBucket"
  | "DeleteBucket"
  | "DeleteObjects"
  | "GetBucketLocation"
  | "HeadBucket"
  | "ListObjects"
  | "ListObjectsV2";

export type ObjectOperation =
  | "AbortMultipartUpload"
  | "CompleteMultipartUpload"
  | "CopyObject"
  | "CreateMultipartUpload"
  | "DeleteObject"
  | "GetObject"
  | "HeadObject"
  | "ListParts"
  | "PutObject"
  | "UploadPart";

export type S3Operation = ServiceOperation | BucketOperation | ObjectOperation;

/** An operation in one small file: the call in, one or two engine calls, the S3 response out. */
export type S3Handler<Call extends S3Call> = (call: Call) => Response | Promise<Response>;

/** One handler per operation, per addressing scope: the compiler rejects a registry that misses one. */
export interface S3OperationRegistry {
  service: { readonly [Op in ServiceOperation]: S3Handler<S3Call> };
  bucket: { readonly [Op in BucketOperation]: S3Handler<BucketCall> };
  object: { readonly [Op in ObjectOperation]: S3Handler<ObjectCall> };
}

export type DetectedOperation =
  | { scope: "service"; operation: ServiceOperation }
  | { scope: "bucket"; operation: BucketOperation; target: BucketTarget }
  | { scope: "object"; operation: ObjectOperation; target: ObjectTarget };
