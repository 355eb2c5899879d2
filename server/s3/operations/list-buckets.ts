import type { S3Handler, S3Call } from "../operation.js";
import { S3Error } from "../s3-error.js";
import { isoDate, OWNER, xmlResponse } from "../s3-response.js";

/** GET / — every bucket, with S3's optional `prefix`, `bucket-region` and `max-buckets` paging. */
export const listBuckets: S3Handler<S3Call> = ({ engine, query }) => {
  const prefix = query.get("prefix") ?? "";
  const region = query.get("bucket-region");
  const after = continuationOf(query.get("continuation-token"));
  const limit = maxBucketsOf(query.get("max-buckets"));
  const matching = engine
    .listBuckets()
    .filter((bucket) => bucket.name.startsWith(prefix) && (region === null || bucket.region === region))
    .filter((bucket) => after === undefined || bucket.name > after)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const page = matching.slice(0, limit);
  const last = page.at(-1);
  return xmlResponse("ListAllMyBucketsResult", {
    Owner: OWNER,
    Buckets:
      page.length === 0
        ? ""
        : {
            Bucket: page.map((bucket) => ({
              Name: bucket.name,
              CreationDate: isoDate(bucket.creationDate),
              BucketRegion: bucket.region,
            })),
          },
    Prefix: query.has("prefix") ? prefix : undefined,
    ContinuationToken:
      matching.length > limit && last ? Buffer.from(last.name, "utf8").toString("base64url") : undefined,
  });
};

function maxBucketsOf(value: string | null): number {
  if (value === null) return Number.MAX_SAFE_INTEGER;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new S3Error("InvalidArgument", "max-buckets must be an integer between 1 and 10000", {
      ArgumentName: "max-buckets",
      ArgumentValue: value,
    });
  }
  return limit;
}

function continuationOf(token: string | null): string | undefined {
  if (token === null) return undefined;
  const name = Buffer.from(token, "base64url").toString("utf8");
  if (name === "" || Buffer.from(name, "utf8").toString("base64url") !== token) {
    throw new S3Error("InvalidArgument", "The continuation token provided is incorrect", {
      ArgumentName: "continuation-token",
    });
  }
  return name;
}
