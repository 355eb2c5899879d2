import { createTemplateEngine } from "../../templates/render-template.js";
import { IngestFailure } from "./ingest-failure.js";
import { readInputText } from "./read-input-object.js";
import type { ObjectStore } from "../../objects/object-store.js";

/**
 * The largest worker template gt-local reads from S3. AWS documents no figure for
 * UiTemplateS3Uri (RenderUiTemplate's inline Content stops at 128,000 characters); 1 MiB leaves
 * room for templates with inline styles and scripts.
 */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;

/** Parses only (no render, no URL signing): the filters are the portal's, so unknown ones fail. */
const parser = createTemplateEngine(undefined);

/**
 * Reads the job's worker template and checks that it is Liquid the portal can render, so a broken
 * template fails the job at its start with the reason, not every worker's task page later.
 */
export async function readWorkerTemplate(store: ObjectStore, uri: string): Promise<string> {
  const template = await readInputText(store, uri, "worker task template", MAX_TEMPLATE_BYTES);
  try {
    (await parser.liquid()).parse(template);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IngestFailure(`The worker task template ${uri} is not valid Liquid: ${reason}.`);
  }
  return template;
}
