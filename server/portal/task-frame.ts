import type { Emulator } from "../../emulator/emulator.js";
import { escapeHtml, renderTemplate } from "../../emulator/templates/render-template.js";

/** The hosted script AWS's templates load; the portal serves its own offline copy instead. */
const HOSTED_CROWD_SCRIPT = /https:\/\/assets\.crowd\.aws\/crowd-html-elements\.js/gu;
export const LOCAL_CROWD_SCRIPT = "/_gt/crowd-html-elements.js";

/**
 * The worker's view of a task: the job's template rendered with the task's `task.input`, the
 * crowd elements served locally. It is shown in a sandboxed iframe (scripts, no same-origin), and
 * its Content-Security-Policy lets media and images load from anywhere but sends forms nowhere.
 */
export async function taskFrameResponse(
  emulator: Emulator,
  taskId: string,
  workerId: string | null,
): Promise<Response> {
  const task = emulator.tasks.get(taskId, workerId ?? undefined);
  const template = emulator.tasks.templateOf(task);
  if (template === undefined) {
    return htmlResponse("<p>This job has no worker template (it uses a HumanTaskUiArn).</p>", 404);
  }
  const rendered = await renderTemplate(emulator.templates, template, task.taskInput);
  if (rendered.errors.length > 0) {
    const list = rendered.errors
      .map((error) => `<li>${escapeHtml(error.code)}: ${escapeHtml(error.message)}</li>`)
      .join("");
    return htmlResponse(`<h1>The template could not be rendered</h1><ul>${list}</ul>`, 500);
  }
  const html = rendered.html.replace(HOSTED_CROWD_SCRIPT, LOCAL_CROWD_SCRIPT);
  return htmlResponse(`<!doctype html><meta charset="utf-8">${html}`, 200);
}

function htmlResponse(body: string, status: number): Response {
  return new Response(body, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      // `sandbox` repeats the iframe's own sandbox, so the template runs in an opaque origin (no
      // portal cookies, storage or top navigation) even when its URL is opened on its own.
      "content-security-policy":
        "default-src 'self' 'unsafe-inline' data: blob: https: http:; form-action 'none'; frame-ancestors 'self'; sandbox allow-scripts",
    },
  });
}
