/**
 * One table of the typed errors the domain core raises. Each protocol (SageMaker JSON, S3 XML, the
 * admin API) serializes a `GtError` once, so the core never knows about wire formats.
 */
export const ERROR_CODES = {
  /** AWS's Coral validation failure: a constraint from the model or a semantic rule. */
  ValidationException: { httpStatus: 400 },
  /** The request body could not be read as the operation's input shape. */
  SerializationException: { httpStatus: 400 },
  UnknownOperationException: { httpStatus: 400 },
  ResourceNotFound: { httpStatus: 400 },
  ResourceInUse: { httpStatus: 400 },
  ResourceLimitExceeded: { httpStatus: 400 },
  /** A real SageMaker operation that gt-local does not emulate. */
  NotImplemented: { httpStatus: 501 },
  InternalFailure: { httpStatus: 500 },

  // S3's error codes (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
  AccessDenied: { httpStatus: 403 },
  BadDigest: { httpStatus: 400 },
  BucketAlreadyOwnedByYou: { httpStatus: 409 },
  BucketNotEmpty: { httpStatus: 409 },
  EntityTooLarge: { httpStatus: 400 },
  EntityTooSmall: { httpStatus: 400 },
  IncompleteBody: { httpStatus: 400 },
  InvalidArgument: { httpStatus: 400 },
  InvalidBucketName: { httpStatus: 400 },
  InvalidDigest: { httpStatus: 400 },
  InvalidPart: { httpStatus: 400 },
  InvalidPartOrder: { httpStatus: 400 },
  InvalidRange: { httpStatus: 416 },
  InvalidRequest: { httpStatus: 400 },
  KeyTooLongError: { httpStatus: 400 },
  MalformedXML: { httpStatus: 400 },
  MethodNotAllowed: { httpStatus: 405 },
  MissingContentLength: { httpStatus: 411 },
  NoSuchBucket: { httpStatus: 404 },
  NoSuchKey: { httpStatus: 404 },
  NoSuchUpload: { httpStatus: 404 },
  PreconditionFailed: { httpStatus: 412 },
  SignatureDoesNotMatch: { httpStatus: 403 },
  XAmzContentSHA256Mismatch: { httpStatus: 400 },
} as const satisfies Record<string, { httpStatus: number }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class GtError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Facts a protocol may show beside the message (S3's extra `<Error>` children). */
    readonly details: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
    this.name = code;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].httpStatus;
  }
}

export const validationError = (message: string): GtError => new GtError("ValidationException", message);
export const notFound = (message: string): GtError => new GtError("ResourceNotFound", message);
export const inUse = (message: string): GtError => new GtError("ResourceInUse", message);
