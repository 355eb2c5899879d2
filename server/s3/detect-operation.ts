import type { S3Target } from "./addressing.js";
import type { BucketOperation, DetectedOperation, ObjectOperation } from "./operation.js";
import { S3Error } from "./s3-error.js";

/**
 * S3's subresources gt-local does not emulate. A request naming one gets 501 NotImplemented (which
 * SDKs do not retry) rather than being mistaken for a plain object or bucket call. Other query
 * parameters (`x-id`, `prefix`, `response-*`, the X-Amz-* of presigned URLs...) are not subresources.
 */
const BUCKET_SUBRESOURCES = [
  "accelerate",
  "acl",
  "analytics",
  "cors",
  "encryption",
  "intelligent-tiering",
  "inventory",
  "lifecycle",
  "logging",
  "metadataConfiguration",
  "metadataTable",
  "metrics",
  "notification",
  "object-lock",
  "ownershipControls",
  "policy",
  "policyStatus",
  "publicAccessBlock",
  "replication",
  "requestPayment",
  "session",
  "tagging",
  "versioning",
  "versions",
  "website",
] as const;

const OBJECT_SUBRESOURCES = [
  "acl",
  "attributes",
  "legal-hold",
  "renameObject",
  "restore",
  "retention",
  "select",
  "tagging",
  "torrent",
] as const;

const notImplemented = (what: string): S3Error =>
  new S3Error("NotImplemented", `gt-local does not implement ${what}.`);

const methodNotAllowed = (method: string, resourceType: string): S3Error =>
  new S3Error("MethodNotAllowed", undefined, { Method: method, ResourceType: resourceType });

/** Method, what is addressed, the query's subresources and x-amz-copy-source decide the operation. */
export function detectOperation(
  method: string,
  target: S3Target,
  query: URLSearchParams,
  headers: Headers,
): DetectedOperation {
  if (target.kind === "service") {
    if (method === "GET") return { scope: "service", operation: "ListBuckets" };
    throw methodNotAllowed(method, "SERVICE");
  }
  const unsupported = (target.kind === "bucket" ? BUCKET_SUBRESOURCES : OBJECT_SUBRESOURCES).find((name) =>
    query.has(name),
  );
  if (unsupported !== undefined) {
    throw notImplemented(
      `the ?${unsupported} subresource (${method} on ${target.kind === "bucket" ? "a bucket" : "an object"})`,
    );
  }
  return target.kind === "bucket"
    ? { scope: "bucket", operation: bucketOperation(method, query), target }
    : { scope: "object", operation: objectOperation(method, query, headers), target };
}

function bucketOperation(method: string, query: URLSearchParams): BucketOperation {
  switch (method) {
    case "PUT":
      return "CreateBucket";
    case "HEAD":
      return "HeadBucket";
    case "DELETE":
      return "DeleteBucket";
    case "GET":
      if (query.has("uploads")) throw notImplemented("ListMultipartUploads");
      if (query.has("location")) return "GetBucketLocation";
      return query.get("list-type") === "2" ? "ListObjectsV2" : "ListObjects";
    case "POST":
      if (query.has("delete")) return "DeleteObjects";
      throw notImplemented("PostObject (browser form uploads)");
    default:
      throw methodNotAllowed(method, "BUCKET");
  }
}

function objectOperation(method: string, query: URLSearchParams, headers: Headers): ObjectOperation {
  // Versioning is not emulated: every object has the one version S3 calls "null".
  const versionId = query.get("versionId");
  if (versionId !== null && versionId !== "null") {
    throw new S3Error("InvalidArgument", "Invalid version id specified", {
      ArgumentName: "versionId",
      ArgumentValue: versionId,
    });
  }
  const inUpload = query.has("uploadId");
  switch (method) {
    case "PUT":
      if (inUpload || query.has("partNumber")) {
        if (headers.has("x-amz-copy-source")) throw notImplemented("UploadPartCopy");
        return "UploadPart";
      }
      return headers.has("x-amz-copy-source") ? "CopyObject" : "PutObject";
    case "GET":
    case "HEAD":
      if (method === "GET" && inUpload) return "ListParts";
      return method === "GET" ? "GetObject" : "HeadObject";
    case "DELETE":
      return inUpload ? "AbortMultipartUpload" : "DeleteObject";
    case "POST":
      if (query.has("uploads")) return "CreateMultipartUpload";
      if (inUpload) return "CompleteMultipartUpload";
      throw methodNotAllowed(method, "OBJECT");
    default:
      throw methodNotAllowed(method, "OBJECT");
  }
}
