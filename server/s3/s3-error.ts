import { ERROR_CODES, GtError, type ErrorCode } from "../../emulator/errors.js";

/**
 * S3 error codes only the protocol layer raises, which the core's table (emulator/errors.ts) does
 * not list. Statuses from https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html.
 */
const PROTOCOL_CODES = {
  AccessForbidden: 403,
  AuthorizationHeaderMalformed: 400,
  AuthorizationQueryParametersError: 400,
  BadRequest: 400,
  InternalError: 500,
  InvalidAccessKeyId: 403,
  InvalidPartNumber: 416,
  InvalidURI: 400,
  MalformedTrailerError: 400,
  MaxMessageLengthExceeded: 400,
  RequestTimeTooSkewed: 403,
} as const satisfies Record<string, number>;

export type S3ErrorCode = ErrorCode | keyof typeof PROTOCOL_CODES;

/** Extra child elements of `<Error>` that S3 adds for some codes (`<BucketName>`, `<Key>`...). */
export type ErrorDetails = Readonly<Record<string, string | number>>;

/**
 * S3's wording for errors whose message never varies. It replaces the core's text for these codes,
 * so every path that raises them reads exactly as S3 does.
 */
const FIXED_MESSAGES: Partial<Record<S3ErrorCode, string>> = {
  BucketAlreadyOwnedByYou:
    "Your previous request to create the named bucket succeeded and you already own it.",
  BucketNotEmpty: "The bucket you tried to delete is not empty",
  EntityTooSmall: "Your proposed upload is smaller than the minimum allowed object size.",
  IncompleteBody: "You did not provide the number of bytes specified by the Content-Length HTTP header.",
  InternalError: "We encountered an internal error. Please try again.",
  InvalidAccessKeyId: "The AWS Access Key Id you provided does not exist in our records.",
  RequestTimeTooSkewed: "The difference between the request time and the current time is too large.",
  SignatureDoesNotMatch:
    "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
  InvalidBucketName: "The specified bucket is not valid.",
  InvalidPart:
    "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.",
  InvalidPartOrder: "The list of parts was not in ascending order. Parts must be ordered by part number.",
  InvalidPartNumber: "The requested partnumber is not satisfiable",
  InvalidRange: "The requested range is not satisfiable",
  InvalidURI: "Couldn't parse the specified URI.",
  KeyTooLongError: "Your key is too long",
  MalformedXML: "The XML you provided was not well-formed or did not validate against our published schema",
  MaxMessageLengthExceeded: "Your request was too big.",
  MethodNotAllowed: "The specified method is not allowed against this resource.",
  MissingContentLength: "You must provide the Content-Length HTTP header.",
  NoSuchBucket: "The specified bucket does not exist",
  NoSuchKey: "The specified key does not exist.",
  NoSuchUpload:
    "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
  PreconditionFailed: "At least one of the pre-conditions you specified did not hold",
  XAmzContentSHA256Mismatch: "The provided 'x-amz-content-sha256' header does not match what was computed.",
};

/** S3's usual wording for codes whose message varies with the cause; used when none is given. */
const DEFAULT_MESSAGES: Partial<Record<S3ErrorCode, string>> = {
  AccessDenied: "Access Denied",
  BadDigest: "The Content-MD5 you specified did not match what we received.",
  MalformedTrailerError:
    "The request contained trailing data that was not well-formed or did not conform to our published schema.",
  NotImplemented: "A header you provided implies functionality that is not implemented.",
};

/**
 * An error as S3 reports it. The protocol layer throws these; GtErrors from the core become one in
 * `toS3Error`. `details` are extra `<Error>` children, `headers` extra response headers.
 */
export class S3Error extends Error {
  readonly code: S3ErrorCode;

  constructor(
    code: S3ErrorCode,
    message?: string,
    readonly details: ErrorDetails = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(FIXED_MESSAGES[code] ?? message ?? DEFAULT_MESSAGES[code] ?? code);
    this.code = code;
    this.name = code;
  }

  get httpStatus(): number {
    return this.code in PROTOCOL_CODES
      ? PROTOCOL_CODES[this.code as keyof typeof PROTOCOL_CODES]
      : ERROR_CODES[this.code as ErrorCode].httpStatus;
  }
}

/** Any thrown value as an S3Error; what is neither ours nor the core's is a 500 InternalError. */
export function toS3Error(error: unknown): S3Error {
  if (error instanceof S3Error) return error;
  if (error instanceof GtError) return new S3Error(error.code, error.message, error.details);
  return new S3Error("InternalError");
}
