/**
 * AWS's Coral wording for constraint violations, e.g.
 * `1 validation error detected: Value 'my_job' at 'labelingJobName' failed to satisfy constraint:
 * Member must satisfy regular expression pattern: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`.
 */

export interface ConstraintViolation {
  readonly path: string;
  /**
   * How the value is shown after `Value`: `null` for a missing member, `'<value>'` otherwise, or
   * `undefined` for a sensitive value, which Coral leaves out (`Value at 'clientSecret' ...`).
   */
  readonly shownValue: string | undefined;
  readonly constraint: string;
}

export const MISSING_VALUE = "null";

export const quoteValue = (text: string): string => `'${text}'`;

export const constraintText = {
  notNull: (): string => "Member must not be null",
  minLength: (min: number): string => `Member must have length greater than or equal to ${min}`,
  maxLength: (max: number): string => `Member must have length less than or equal to ${max}`,
  minValue: (min: number): string => `Member must have value greater than or equal to ${min}`,
  maxValue: (max: number): string => `Member must have value less than or equal to ${max}`,
  enumValues: (values: readonly string[]): string =>
    `Member must satisfy enum value set: [${values.join(", ")}]`,
  pattern: (pattern: string): string => `Member must satisfy regular expression pattern: ${pattern}`,
} as const;

export function formatViolation(violation: ConstraintViolation): string {
  const value = violation.shownValue === undefined ? "Value" : `Value ${violation.shownValue}`;
  return `${value} at '${violation.path}' failed to satisfy constraint: ${violation.constraint}`;
}

/** `1 validation error detected: <e>` or `N validation errors detected: <e1>; <e2>`. */
export function formatValidationMessage(violations: readonly ConstraintViolation[]): string {
  const count = violations.length;
  const noun = count === 1 ? "error" : "errors";
  return `${count} validation ${noun} detected: ${violations.map(formatViolation).join("; ")}`;
}
