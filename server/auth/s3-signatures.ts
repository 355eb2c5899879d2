import type { RequestAuth, SignatureVerifier } from "../s3/authenticate.js";
import { S3Error } from "../s3/s3-error.js";
import type { AccessKeyring } from "./access-keys.js";
import { readAuthorization } from "./sigv4-authorization.js";
import {
  checkHeaderSignature,
  checkPresignedSignature,
  MAX_SKEW_MS,
  type SignedRequest,
  type SigV4Failure,
} from "./sigv4-check.js";

/**
 * `--verify-signatures` for S3: every request must carry a valid SigV4 signature (Authorization
 * header, or a presigned URL) by a configured key, and is refused as S3 refuses it otherwise:
 * `InvalidAccessKeyId`, `SignatureDoesNotMatch`, `RequestTimeTooSkewed` (403), `AccessDenied` for
 * an unsigned request. SigV2 (header or presigned) is refused as S3 does in regions that take only
 * SigV4: `InvalidRequest`, "The authorization mechanism you have provided is not supported".
 */
export function s3SignatureVerifier(keyring: AccessKeyring): SignatureVerifier {
  return async (request, auth, { path, rawQuery, now }) => {
    const signed: SignedRequest = {
      style: "s3",
      method: request.method,
      path,
      rawQuery,
      headers: request.headers,
      host: new URL(request.url).host,
    };
    const failure = await checkS3(signed, auth, keyring, now);
    if (failure) throw s3ErrorFor(failure, now);
  };
}

async function checkS3(
  signed: SignedRequest,
  auth: RequestAuth,
  keyring: AccessKeyring,
  now: Date,
): Promise<SigV4Failure | "anonymous" | "unsupported" | undefined> {
  switch (auth.kind) {
    case "anonymous":
      return "anonymous";
    case "presigned-v2":
      return "unsupported";
    case "presigned-v4":
      return checkPresignedSignature(signed, auth.presigned, { service: "s3", keyring });
    case "header": {
      const reading = readAuthorization(auth.authorization);
      if (reading.kind === "unsupported") return "unsupported";
      if (reading.kind === "malformed") return { reason: "malformed", message: reading.message };
      return checkHeaderSignature(signed, reading.authorization, { service: "s3", keyring, now });
    }
  }
}

function s3ErrorFor(failure: SigV4Failure | "anonymous" | "unsupported", now: Date): S3Error {
  if (failure === "anonymous") return new S3Error("AccessDenied", "Access Denied");
  if (failure === "unsupported") {
    return new S3Error(
      "InvalidRequest",
      "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.",
    );
  }
  switch (failure.reason) {
    case "malformed":
      return new S3Error(
        "AuthorizationHeaderMalformed",
        `The authorization header is malformed; ${failure.message}`,
      );
    case "wrong-service":
      return new S3Error(
        "AuthorizationHeaderMalformed",
        `The authorization header is malformed; incorrect service "${failure.service}". This endpoint belongs to "${failure.expected}".`,
      );
    case "unknown-key":
      return new S3Error("InvalidAccessKeyId", undefined, { AWSAccessKeyId: failure.accessKeyId });
    case "skewed":
      // The server's time in `Date` lets SDKs that correct clock skew (the JS SDK) sign again right.
      return new S3Error(
        "RequestTimeTooSkewed",
        undefined,
        {
          RequestTime: longDate(failure.signedAt),
          ServerTime: now.toISOString().replace(/\.\d{3}Z$/u, "Z"),
          MaxAllowedSkewMilliseconds: MAX_SKEW_MS,
        },
        { date: now.toUTCString() },
      );
    case "mismatch":
      return new S3Error("SignatureDoesNotMatch", undefined, {
        AWSAccessKeyId: failure.accessKeyId,
        SignatureProvided: failure.signatureProvided,
      });
  }
}

const longDate = (date: Date): string => date.toISOString().replace(/[-:]|\.\d{3}/gu, "");
