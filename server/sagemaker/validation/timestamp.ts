/**
 * Timestamps on the SageMaker JSON protocol: epoch seconds as a JSON number (botocore sends
 * integers, the JS SDK fractional seconds such as 1700000000.5), the same as a numeric string, or
 * an ISO-8601 date-time. Returns `undefined` for anything else, including out-of-range dates.
 */

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

// date [T time [offset]]; a date-time without an offset is UTC (not local time as in `Date.parse`).
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

const validDate = (date: Date): Date | undefined => (Number.isNaN(date.getTime()) ? undefined : date);

function fromEpochSeconds(seconds: number): Date | undefined {
  if (!Number.isFinite(seconds)) return undefined;
  // Millisecond precision, rounded so that 1700000000.123 is not read as ...122.9999.
  return validDate(new Date(Math.round(seconds * 1000)));
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Minutes east of UTC, or `undefined` when the offset is malformed. */
function offsetMinutes(offset: string | undefined): number | undefined {
  if (offset === undefined || offset === "Z" || offset === "z") return 0;
  const digits = offset.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return (offset.startsWith("-") ? -1 : 1) * (hours * 60 + minutes);
}

function fromIso8601(text: string): Date | undefined {
  const match = ISO_8601.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour = "0", minute = "0", second = "0", fraction = "", offset] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number);
  if (y === undefined || mo === undefined || d === undefined) return undefined;
  if (h === undefined || mi === undefined || s === undefined) return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
  const shift = offsetMinutes(offset);
  if (shift === undefined) return undefined;
  const millis = Number(fraction.padEnd(3, "0").slice(0, 3));
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi - shift, s, millis);
  return validDate(date);
}

export function parseTimestamp(value: unknown): Date | undefined {
  if (typeof value === "number") return fromEpochSeconds(value);
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  return NUMERIC.test(text) ? fromEpochSeconds(Number(text)) : fromIso8601(text);
}
