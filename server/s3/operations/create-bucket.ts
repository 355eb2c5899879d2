import { GtError } from "../../../emulator/errors.js";
import { credentialScopeOf } from "../../http/credential-scope.js";
import type { BucketCall, S3Handler } from "../operation.js";
import { readSmallBody } from "../request-body.js";
import { emptyResponse } from "../s3-response.js";
import { parseXml } from "../xml.js";

/**
 * PUT /<bucket> — in the region of the body's `LocationConstraint`, else of the request's SigV4
 * credential scope, else gt-local's default region.
 */
export const createBucket: S3Handler<BucketCall> = async (call) => {
  const constraint = locationConstraintOf(await readSmallBody(call.request));
  const region = constraint ?? credentialScopeOf(call.request)?.region ?? call.defaultRegion;
  try {
    call.engine.createBucket(call.bucket, region);
  } catch (error) {
    // S3's legacy us-east-1 behaviour: re-creating a bucket you own there succeeds.
    const existing = error instanceof GtError && error.code === "BucketAlreadyOwnedByYou";
    if (!existing || region !== "us-east-1" || call.engine.headBucket(call.bucket).region !== "us-east-1")
      throw error;
  }
  return emptyResponse(200, { location: call.virtualHost ? `${call.origin}/` : `/${call.bucket}` });
};

function locationConstraintOf(body: string): string | undefined {
  if (body.trim() === "") return undefined;
  const constraint = parseXml(body, "CreateBucketConfiguration").text("LocationConstraint")?.trim();
  return constraint === "" ? undefined : constraint;
}
