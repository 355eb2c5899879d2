import { GtError, type ErrorCode } from "../../errors.js";

/**
 * Turns whatever the S3 SDK throws into a GtError with S3's code, so callers of the ObjectStore
 * port see the same errors whichever store is active.
 */

/** S3's own wording (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). */
const S3_MESSAGES: Partial<Record<ErrorCode, string>> = {
  AccessDenied: "Access Denied",
  BadDigest: "The Content-MD5 you specified did not match what we received.",
  BucketAlreadyOwnedByYou:
    "Your previous request to create the named bucket succeeded and you already own it.",
  BucketNotEmpty: "The bucket you tried to delete is not empty",
  EntityTooLarge: "Your proposed upload exceeds the maximum allowed object size.",
  EntityTooSmall: "Your proposed upload is smaller than the minimum allowed object size.",
  IncompleteBody: "You did not provide the number of bytes specified by the Content-Length HTTP header.",
  InvalidBucketName: "The specified bucket is not valid.",
  InvalidDigest: "The Content-MD5 you specified is not valid.",
  InvalidPart:
    "One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part's entity tag.",
  InvalidPartOrder:
    "The list of parts was not in ascending order. The parts list must be specified in order by part number.",
  InvalidRange: "The requested range is not satisfiable",
  KeyTooLongError: "Your key is too long",
  MalformedXML: "The XML you provided was not well-formed or did not validate against our published schema.",
  MethodNotAllowed: "The specified method is not allowed against this resource.",
  MissingContentLength: "You must provide the Content-Length HTTP header.",
  NoSuchBucket: "The specified bucket does not exist",
  NoSuchKey: "The specified key does not exist.",
  NoSuchUpload:
    "The specified upload does not exist. The upload ID might be invalid, or the multipart upload might have been aborted or completed.",
  PreconditionFailed: "At least one of the preconditions you specified did not hold.",
  SignatureDoesNotMatch:
    "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
  XAmzContentSHA256Mismatch: "The provided 'x-amz-content-sha256' header does not match what was computed.",
};

/** S3 codes whose message depends on the cause: the server's own text is kept. */
const CAUSE_SPECIFIC: readonly ErrorCode[] = ["InvalidArgument", "InvalidRequest"];

const S3_CODES: ReadonlySet<string> = new Set([...Object.keys(S3_MESSAGES), ...CAUSE_SPECIFIC]);

/**
 * HEAD answers carry no body, so the SDK finds no S3 code in them: it names a 404 `NotFound` and
 * anything else `Unknown`. Only for those does the status decide; another error without a code
 * (say, a proxy's HTML page) stays an InternalFailure with its own message.
 */
const BODILESS_NAMES: ReadonlySet<string> = new Set(["NotFound", "Unknown"]);
const BY_STATUS: Partial<Record<number, ErrorCode>> = {
  403: "AccessDenied",
  404: "NoSuchKey",
  416: "InvalidRange",
};

interface SdkErrorShape {
  name: string;
  message: string;
  status: number | undefined;
  /** The `<Code>` of S3's XML error body, when there was one. */
  bodyCode: string | undefined;
}

function describe(error: unknown): SdkErrorShape {
  if (!(error instanceof Error)) {
    return { name: "Error", message: String(error), status: undefined, bodyCode: undefined };
  }
  const { $metadata, Code } = error as { $metadata?: { httpStatusCode?: unknown }; Code?: unknown };
  return {
    name: error.name,
    message: error.message,
    status: typeof $metadata?.httpStatusCode === "number" ? $metadata.httpStatusCode : undefined,
    bodyCode: typeof Code === "string" ? Code : undefined,
  };
}

export function toGtError(error: unknown): GtError {
  if (error instanceof GtError) return error;
  const { name, message, status, bodyCode } = describe(error);
  const code: ErrorCode | undefined = S3_CODES.has(name)
    ? (name as ErrorCode)
    : bodyCode === undefined && BODILESS_NAMES.has(name) && status !== undefined
      ? BY_STATUS[status]
      : undefined;
  if (code === undefined) return new GtError("InternalFailure", message);
  return new GtError(code, S3_MESSAGES[code] ?? message);
}

/** A 404 of any kind: the key or its bucket is missing (HEAD says only `NotFound`). */
export function isNotFound(error: unknown): boolean {
  const { name, status } = describe(error);
  return status === 404 || name === "NotFound" || name === "NoSuchKey" || name === "NoSuchBucket";
}

/** CreateBucket lost a race, or the S3 (s3rver) says "exists" for a bucket we own. */
export function isBucketAlreadyThere(error: unknown): boolean {
  const { name } = describe(error);
  return name === "BucketAlreadyOwnedByYou" || name === "BucketAlreadyExists";
}
