/**
 * `/_gt/preview`: try a worker template without creating a job. It calls RenderUiTemplate (the
 * SageMaker operation, unsigned requests are accepted), shows the result as workers would see it,
 * and prints the answer the crowd-form would submit.
 */
const HOSTED_CROWD_SCRIPT = /https:\/\/assets\.crowd\.aws\/crowd-html-elements\.js/gu;

const SAMPLE_TEMPLATE = `<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>
<crowd-form>
  <crowd-classifier name="crowd-classifier" categories="{{ task.input.labels | to_json | escape }}" header="Please classify">
    <classification-target><p>{{ task.input.taskObject }}</p></classification-target>
  </crowd-classifier>
</crowd-form>`;

interface RenderResponse {
  RenderedContent?: string;
  Errors?: { Code: string; Message: string }[];
  message?: string;
}

function field(label: string, value: string, rows: number): HTMLTextAreaElement {
  const area = document.createElement("textarea");
  area.value = value;
  area.rows = rows;
  area.setAttribute("aria-label", label);
  area.className = "code";
  return area;
}

export function showPreview(app: HTMLElement): void {
  const template = field("Template", SAMPLE_TEMPLATE, 12);
  const input = field(
    "Task input (JSON)",
    '{"taskObject": "s3://bucket/videos/clip-1.mp4", "labels": ["Sports", "News"]}',
    3,
  );
  const render = document.createElement("button");
  render.type = "button";
  render.className = "primary";
  render.textContent = "Render";
  const output = document.createElement("div");
  const answer = document.createElement("pre");
  answer.setAttribute("aria-label", "Submitted answer");
  render.addEventListener("click", () => {
    void renderInto(template.value, input.value, output);
  });
  window.addEventListener("message", (event: MessageEvent<{ type?: string; answer?: unknown }>) => {
    if (event.data.type === "gt-local:submit")
      answer.textContent = JSON.stringify(event.data.answer, null, 2);
  });
  const heading = document.createElement("h1");
  heading.textContent = "Template preview";
  app.replaceChildren(heading, template, input, render, output, answer);
}

async function renderInto(template: string, taskInput: string, output: HTMLElement): Promise<void> {
  const response = await fetch("/", {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "SageMaker.RenderUiTemplate" },
    body: JSON.stringify({
      UiTemplate: { Content: template },
      Task: { Input: taskInput },
      RoleArn: "arn:aws:iam::123456789012:role/gt-local-preview",
    }),
  });
  const result = (await response.json()) as RenderResponse;
  const problems = result.message
    ? [result.message]
    : (result.Errors ?? []).map((error) => `${error.Code}: ${error.Message}`);
  if (problems.length > 0) {
    const list = document.createElement("ul");
    list.setAttribute("role", "alert");
    list.className = "error";
    for (const problem of problems) {
      const item = document.createElement("li");
      item.textContent = problem;
      list.append(item);
    }
    output.replaceChildren(list);
    return;
  }
  const frame = document.createElement("iframe");
  frame.title = "Rendered template";
  frame.setAttribute("sandbox", "allow-scripts");
  frame.srcdoc = (result.RenderedContent ?? "").replace(
    HOSTED_CROWD_SCRIPT,
    `${location.origin}/_gt/crowd-html-elements.js`,
  );
  output.replaceChildren(frame);
}
