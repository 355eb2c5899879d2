import { resourceOf, type S3Target } from "./addressing.js";
import { toS3Error, type ErrorDetails, type S3ErrorCode } from "./s3-error.js";
import { hostIdOf } from "./s3-response.js";
import { buildXml } from "./xml.js";

export interface ErrorScene {
  method: string;
  target: S3Target | undefined;
  query: URLSearchParams;
  requestId: string;
}

/** The elements S3 adds to these errors, from what the request addressed. */
function impliedDetails(code: S3ErrorCode, scene: ErrorScene): ErrorDetails {
  const target = scene.target;
  if (target === undefined || target.kind === "service") return {};
  switch (code) {
    case "NoSuchBucket":
    case "BucketNotEmpty":
    case "BucketAlreadyOwnedByYou":
    case "InvalidBucketName":
      return { BucketName: target.bucket };
    case "NoSuchKey":
      return target.kind === "object" ? { Key: target.key } : {};
    case "NoSuchUpload":
      return { UploadId: scene.query.get("uploadId") ?? "" };
    default:
      return {};
  }
}

/**
 * Any error as S3 sends it: `<Error><Code/><Message/>[details]<Resource/><RequestId/><HostId/>`,
 * `application/xml`, the status of the code. HEAD answers carry no body, so only the status and
 * headers tell the client what went wrong (as on S3).
 */
export function errorResponse(error: unknown, scene: ErrorScene): Response {
  const s3Error = toS3Error(error);
  const headers = new Headers(s3Error.headers);
  headers.set("content-type", "application/xml");
  if (scene.method === "HEAD") return new Response(null, { status: s3Error.httpStatus, headers });
  const body = buildXml(
    "Error",
    {
      Code: s3Error.code,
      Message: s3Error.message,
      ...impliedDetails(s3Error.code, scene),
      ...s3Error.details,
      Resource: resourceOf(scene.target),
      RequestId: scene.requestId,
      HostId: hostIdOf(scene.requestId),
    },
    false,
  );
  headers.set("content-length", String(Buffer.byteLength(body)));
  return new Response(body, { status: s3Error.httpStatus, headers });
}
