import type { Liquid } from "liquidjs";
import type { UrlSigner } from "../objects/object-store.js";
import { parseS3Uri } from "../s3-uri.js";

/** A problem while rendering, as RenderUiTemplate reports it (`RenderingError`). */
export interface RenderingError {
  code: string;
  message: string;
}

export interface RenderResult {
  html: string;
  errors: RenderingError[];
}

/**
 * liquidjs's DoS guards: a render stops after 2 s or once loops, ranges and strings have asked
 * for 64 M elements or characters; a template is at most 1 MiB of characters (the job template's
 * cap on S3; RenderUiTemplate's model allows 128,000). Real templates stay far below all three.
 */
export const TEMPLATE_LIMITS = {
  renderLimit: 2_000,
  memoryLimit: 64 * 1024 * 1024,
  parseLimit: 1024 * 1024,
} as const;

/** How long `grant_read_access` URLs live: long enough for a worker to finish a task. */
export const GRANT_READ_ACCESS_SECONDS = 3_600;

class RenderingFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/gu, (char) => ESCAPES[char] ?? char);
/** Escapes without touching entities that are already escaped (`&amp;` stays `&amp;`). */
const escapeOnce = (text: string): string =>
  text.replace(
    /&(?!(?:[a-zA-Z][a-zA-Z0-9]*|#\d+|#x[0-9a-fA-F]+);)|[<>"']/gu,
    (char) => ESCAPES[char] ?? char,
  );

const stringOf = (value: unknown): string =>
  value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value);

/**
 * Ground Truth's Liquid, made when a template is first parsed or rendered: liquidjs is among the
 * slowest modules to load, and a start (which renders nothing) should not wait for it.
 */
export class TemplateEngine {
  #liquid: Promise<Liquid> | undefined;

  constructor(private readonly signer: UrlSigner | undefined) {}

  liquid(): Promise<Liquid> {
    this.#liquid ??= import("liquidjs").then(({ Liquid }) => groundTruthLiquid(Liquid, this.signer));
    return this.#liquid;
  }
}

export function createTemplateEngine(signer: UrlSigner | undefined): TemplateEngine {
  return new TemplateEngine(signer);
}

/**
 * Liquid as Ground Truth runs it: `task.input` is the pre-annotation's taskInput; every `{{ }}`
 * output is HTML-escaped unless its last filter is `escape`, `escape_once` (already escaped) or
 * `skip_autoescape`; `to_json` serializes; `grant_read_access` turns an `s3://` URI into a
 * short-lived URL the browser can load.
 */
function groundTruthLiquid(LiquidClass: typeof Liquid, signer: UrlSigner | undefined): Liquid {
  const liquid = new LiquidClass({
    outputEscape: (value: unknown) => escapeHtml(stringOf(value)),
    strictFilters: true,
    // Templates come from clients: `include`, `render` and `layout` must not read the server's
    // files (liquidjs would look them up under the working directory), and a loop or a range
    // must not hold the event loop or memory hostage.
    templates: {},
    ...TEMPLATE_LIMITS,
  });
  liquid.registerFilter("escape", { handler: (value: unknown) => escapeHtml(stringOf(value)), raw: true });
  liquid.registerFilter("escape_once", {
    handler: (value: unknown) => escapeOnce(stringOf(value)),
    raw: true,
  });
  liquid.registerFilter("skip_autoescape", { handler: (value: unknown) => stringOf(value), raw: true });
  liquid.registerFilter("to_json", (value: unknown) => JSON.stringify(value ?? null));
  liquid.registerFilter("grant_read_access", async (value: unknown) => {
    const uri = stringOf(value);
    const location = parseS3Uri(uri.trim());
    if (!location) {
      throw new RenderingFailure(
        "InvalidParameters",
        `"grant_read_access" input is not a valid S3 URI: "${uri}".`,
      );
    }
    if (!signer) throw new RenderingFailure("InternalError", "No URL signer is configured.");
    return signer.presignGet(location, GRANT_READ_ACCESS_SECONDS);
  });
  return liquid;
}

/** Renders a worker template with `task.input`; problems come back as errors, never thrown. */
export async function renderTemplate(
  engine: TemplateEngine,
  template: string,
  taskInput: unknown,
): Promise<RenderResult> {
  const liquid = await engine.liquid();
  try {
    const html = (await liquid.parseAndRender(template, { task: { input: taskInput } })) as string;
    return { html, errors: [] };
  } catch (error) {
    const failure = findFailure(error);
    if (failure) return { html: "", errors: [{ code: failure.code, message: failure.message }] };
    const message = error instanceof Error ? error.message : String(error);
    return { html: "", errors: [{ code: "TemplateError", message }] };
  }
}

/** liquidjs wraps a filter's error; the original is on `originalError`. */
function findFailure(error: unknown): RenderingFailure | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof RenderingFailure) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}
