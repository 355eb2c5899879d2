import {
  ApiError,
  claimTask,
  getTask,
  giveBack,
  listJobs,
  listWorkers,
  submitTask,
  type JobView,
  type TaskView,
} from "./api.js";
import { showPreview } from "./preview.js";

/*
 * The worker portal: pick a local worker, start working, and label task after task. The task's
 * template runs in a sandboxed iframe (scripts only, another origin), which reports the answer
 * with postMessage; the portal submits it and moves straight on to the next task.
 */

const WORKER_KEY = "gt-local:worker";
const app = document.getElementById("app") as HTMLElement;
const status = document.getElementById("status") as HTMLElement;

function text(tag: string, content: string, className?: string): HTMLElement {
  const element = document.createElement(tag);
  element.textContent = content;
  if (className) element.className = className;
  return element;
}

function button(label: string, onClick: () => void, shortcut?: string): HTMLButtonElement {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = label;
  if (shortcut) element.setAttribute("aria-keyshortcuts", shortcut);
  element.addEventListener("click", onClick);
  return element;
}

const say = (message: string): void => {
  status.textContent = message;
};

const taskUrl = (task: TaskView, workerId: string): string =>
  `/_gt/portal/tasks/${encodeURIComponent(task.id)}?workerId=${encodeURIComponent(workerId)}`;

async function startWorking(workerId: string, jobName?: string): Promise<void> {
  const task = await claimTask(workerId, jobName);
  if (task) location.assign(taskUrl(task, workerId));
  else showNothingLeft(workerId);
}

function showNothingLeft(workerId: string): void {
  app.replaceChildren(
    text("h1", "Nothing left to do"),
    text("p", "There are no tasks for you right now. New jobs appear here as they start."),
    button("Look again", () => void startWorking(workerId)),
  );
}

async function showHome(): Promise<void> {
  const workers = await listWorkers();
  const select = document.createElement("select");
  select.id = "worker";
  for (const worker of workers) {
    const option = document.createElement("option");
    option.value = worker.id;
    option.textContent = `${worker.displayName} (${worker.groups.join(", ")})`;
    select.append(option);
  }
  select.value = localStorage.getItem(WORKER_KEY) ?? workers[0]?.id ?? "";
  const label = text("label", "Work as ");
  label.setAttribute("for", "worker");
  const start = button("Start working", () => {
    localStorage.setItem(WORKER_KEY, select.value);
    void startWorking(select.value).catch(showError);
  });
  start.className = "primary";
  const jobs = document.createElement("section");
  jobs.setAttribute("aria-label", "Your jobs");
  const refresh = (): void => {
    localStorage.setItem(WORKER_KEY, select.value);
    void listJobs(select.value)
      .then((list) => {
        jobs.replaceChildren(text("h2", "Your jobs"), ...jobCards(list, select.value));
      })
      .catch(showError);
  };
  select.addEventListener("change", refresh);
  app.replaceChildren(text("h1", "Worker portal"), label, select, start, jobs);
  refresh();
  start.focus();
}

/** One card per job of the worker's teams: title, progress, and a button to work on just that job. */
function jobCards(jobs: readonly JobView[], workerId: string): HTMLElement[] {
  if (jobs.length === 0) return [text("p", "No job is in progress for your teams.")];
  return jobs.map((job) => {
    const { totalLabeled, failedNonRetryableError, unlabeled } = job.counters;
    const total = totalLabeled + failedNonRetryableError + unlabeled;
    const card = document.createElement("article");
    card.className = "job";
    const progress = document.createElement("progress");
    progress.max = Math.max(total, 1);
    progress.value = totalLabeled + failedNonRetryableError;
    progress.setAttribute("aria-label", `${job.name}: ${String(totalLabeled)} of ${String(total)} labeled`);
    card.append(
      text("h3", job.title),
      text("p", `${job.name} · ${job.description}`, "muted"),
      progress,
      text("span", ` ${String(totalLabeled)} / ${String(total)} labeled`, "muted"),
      button("Work on this job", () => void startWorking(workerId, job.name).catch(showError)),
    );
    return card;
  });
}

function countdown(deadline: Date, element: HTMLElement): void {
  const tick = (): void => {
    const left = Math.max(0, Math.round((deadline.getTime() - Date.now()) / 1000));
    element.textContent = `${String(Math.floor(left / 60))}:${String(left % 60).padStart(2, "0")} left`;
    if (left > 0) setTimeout(tick, 1000);
  };
  tick();
}

async function showTask(taskId: string, workerId: string): Promise<void> {
  const task = await getTask(taskId, workerId);
  const next = async (): Promise<void> => {
    await startWorking(workerId, task.jobName);
  };
  const frame = document.createElement("iframe");
  frame.title = `Task ${task.datasetObjectId} of ${task.jobName}`;
  frame.setAttribute("sandbox", "allow-scripts");
  frame.src = `/_gt/portal/tasks/${encodeURIComponent(taskId)}/frame?workerId=${encodeURIComponent(workerId)}`;
  // The sandboxed frame has no storage of its own: keep its draft answer here, per task, so an
  // accidental reload never loses the worker's choice, and hand it back when the frame loads.
  const draftKey = `gt-local:draft:${taskId}`;
  frame.addEventListener("load", () => {
    frame.contentWindow?.focus();
    const draft = sessionStorage.getItem(draftKey);
    if (draft !== null)
      frame.contentWindow?.postMessage(
        { type: "gt-local:restore", answer: JSON.parse(draft) as unknown },
        "*",
      );
  });
  const timer = text("span", "", "timer");
  countdown(new Date(task.deadline), timer);
  const actions = document.createElement("div");
  actions.className = "actions";
  actions.append(
    button("Decline", () => void giveBack(taskId, workerId, "decline").then(next).catch(showError)),
    button(
      "Release",
      () =>
        void giveBack(taskId, workerId, "release")
          .then(() => {
            location.assign("/_gt/");
          })
          .catch(showError),
    ),
  );
  const heading = text("h1", `${task.jobName} · item ${task.datasetObjectId}`);
  app.replaceChildren(heading, timer, actions, frame);
  window.addEventListener("message", (event: MessageEvent<{ type?: string; answer?: unknown }>) => {
    if (event.source !== frame.contentWindow) return;
    if (event.data.type === "gt-local:draft") {
      if (event.data.answer === null || event.data.answer === undefined) sessionStorage.removeItem(draftKey);
      else sessionStorage.setItem(draftKey, JSON.stringify(event.data.answer));
      return;
    }
    if (event.data.type !== "gt-local:submit") return;
    say("Submitting…");
    submitTask(taskId, workerId, event.data.answer)
      .then(() => {
        sessionStorage.removeItem(draftKey);
        say("Submitted.");
        return next();
      })
      .catch((error: unknown) => {
        // Let the form be submitted again once the worker has fixed the answer.
        frame.contentWindow?.postMessage({ type: "gt-local:submit-failed" }, "*");
        showError(error);
      });
  });
}

function showError(error: unknown): void {
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  say(message);
  const alert = text("p", message, "error");
  alert.setAttribute("role", "alert");
  app.prepend(alert);
}

const taskMatch = /^\/_gt\/portal\/tasks\/([^/]+)$/u.exec(location.pathname);
const workerId = new URLSearchParams(location.search).get("workerId");
if (location.pathname === "/_gt/preview") showPreview(app);
else {
  (taskMatch?.[1] && workerId ? showTask(decodeURIComponent(taskMatch[1]), workerId) : showHome()).catch(
    showError,
  );
}
