import { IngestFailure } from "./ingest-failure.js";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "./json-depth.js";
import { LineTooLong, splitLines } from "./manifest-lines.js";

/** Input manifest limits from the Developer Guide ("Input data quotas"). */
export const MAX_LINE_CHARACTERS = 100_000;
export const MAX_ATTRIBUTE_CHARACTERS = 20_000;
/**
 * A line is cut off as it streams once it holds this many bytes: no line of 100,000 characters
 * (UTF-16 code units, at most 3 UTF-8 bytes each) is that long, so the cut refuses only lines the
 * character check would refuse too, without holding more than this in memory.
 */
export const MAX_LINE_BYTES = 4 * MAX_LINE_CHARACTERS;

export interface ManifestLine {
  /** 1-based, counting blank lines, for messages. */
  lineNumber: number;
  /** The line as written (trimmed), so output keeps the user's keys in their order. */
  text: string;
  object: Record<string, unknown>;
}

export interface ManifestRules {
  /** Video classification must use `source-ref`; text tasks may use inline `source`. */
  requireSourceRef: boolean;
  maxObjects: number;
}

/**
 * Streams a JSON Lines manifest (`\n` or `\r\n`; blank lines ignored), checking each line as AWS
 * does. Never holds more than one line in memory.
 */
export async function* readManifest(
  body: AsyncIterable<Uint8Array>,
  uri: string,
  rules: ManifestRules,
): AsyncGenerator<ManifestLine> {
  let objects = 0;
  for await (const { lineNumber, text: raw } of tooLongAsFailure(splitLines(body, MAX_LINE_BYTES), uri)) {
    const text = raw.trim();
    if (text === "") continue;
    const at = `${uri} line ${lineNumber}`;
    if (text.length > MAX_LINE_CHARACTERS) {
      throw new IngestFailure(`${at} is longer than ${MAX_LINE_CHARACTERS} characters.`);
    }
    let object: unknown;
    try {
      object = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new IngestFailure(`${at} is not valid JSON: ${reason}.`);
    }
    if (typeof object !== "object" || object === null || Array.isArray(object)) {
      throw new IngestFailure(`${at} is not a JSON object.`);
    }
    // Checked before anything serializes the line again (which would overflow the stack).
    if (nestsDeeperThan(object)) {
      throw new IngestFailure(`${at} nests JSON deeper than ${MAX_JSON_DEPTH} levels.`);
    }
    checkAttributes(object as Record<string, unknown>, at, rules);
    objects++;
    if (objects > rules.maxObjects) {
      throw new IngestFailure(
        `${uri} has more than ${rules.maxObjects} data objects, the limit for one labeling job.`,
      );
    }
    yield { lineNumber, text, object: object as Record<string, unknown> };
  }
  if (objects === 0) throw new IngestFailure(`The input manifest ${uri} has no data objects.`);
}

async function* tooLongAsFailure<T>(lines: AsyncGenerator<T>, uri: string): AsyncGenerator<T> {
  try {
    yield* lines;
  } catch (error) {
    if (!(error instanceof LineTooLong)) throw error;
    throw new IngestFailure(
      `${uri} line ${error.lineNumber} is longer than ${MAX_LINE_CHARACTERS} characters.`,
    );
  }
}

function checkAttributes(object: Record<string, unknown>, at: string, rules: ManifestRules): void {
  const sourceRef = object["source-ref"];
  const source = object.source;
  if (sourceRef === undefined && (rules.requireSourceRef || source === undefined)) {
    const needed = rules.requireSourceRef ? '"source-ref"' : '"source-ref" or "source"';
    throw new IngestFailure(`${at} has no ${needed} attribute.`);
  }
  if (sourceRef !== undefined && (typeof sourceRef !== "string" || !sourceRef.startsWith("s3://"))) {
    throw new IngestFailure(`${at}: "source-ref" must be an s3:// URI.`);
  }
  for (const [name, value] of Object.entries(object)) {
    if (name.startsWith("$"))
      throw new IngestFailure(`${at}: attribute names must not start with $ (${name}).`);
    if (JSON.stringify(value).length > MAX_ATTRIBUTE_CHARACTERS) {
      throw new IngestFailure(
        `${at}: attribute ${name} is longer than ${MAX_ATTRIBUTE_CHARACTERS} characters.`,
      );
    }
  }
}
