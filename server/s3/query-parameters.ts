import { S3Error } from "./s3-error.js";

/** Query parameters several operations read, checked as S3 checks them. */
export const MAX_KEYS = 1000;

/** `max-keys`: default and ceiling 1000 (larger values are lowered, as S3 does); not a number → 400. */
export function maxKeysOf(query: URLSearchParams, parameter = "max-keys"): number {
  const value = query.get(parameter);
  if (value === null) return MAX_KEYS;
  if (!/^\d{1,10}$/u.test(value.trim()) || Number(value) > 2_147_483_647) {
    throw new S3Error("InvalidArgument", `Provided ${parameter} not an integer or within integer range`, {
      ArgumentName: parameter,
      ArgumentValue: value,
    });
  }
  return Math.min(Number(value), MAX_KEYS);
}

/** A query parameter that is present but empty reads as absent (`?prefix=&delimiter=`). */
export function optionalParameter(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  return value === null || value === "" ? undefined : value;
}

/** `partNumber`: an integer from 1 to 10,000. */
export function partNumberOf(value: string | null): number {
  const partNumber = Number(value);
  if (value === null || !/^\d{1,5}$/u.test(value) || partNumber < 1 || partNumber > 10_000) {
    throw new S3Error("InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive", {
      ArgumentName: "partNumber",
      ArgumentValue: value ?? "",
    });
  }
  return partNumber;
}
