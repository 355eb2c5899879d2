import autocannon from "autocannon";

/** What one run of the task loop's load measured. */
export interface TaskLoopRun {
  answers: number;
  /** Seconds the load ran, as autocannon measured them. */
  seconds: number;
  claimMs: number[];
  submitMs: number[];
  answerMs: number[];
}

/** One connection's current answer: autocannon gives each connection its own, reset every cycle. */
interface AnswerContext {
  workerId?: string;
  taskId?: string;
  startedAt?: number;
  claimedAt?: number;
}

const JSON_HEADERS = { "content-type": "application/json" };
const ANSWER = { "crowd-classifier": { label: "Sports" } };

/**
 * Target 3's load: one keep-alive connection per worker, each claiming a task and submitting an
 * answer in turn, for `seconds`. It is driven by autocannon, the load tool of the baseline it is
 * compared with, so both sides pay the same client: node's own HTTP client cost twice autocannon's
 * CPU per request, taken from the same two cores as the server's. A connection takes a free worker
 * for each answer and gives it back after the submit (autocannon resets a connection's context
 * every cycle), so no two connections ever act for one worker; a worker left with a claim when a
 * run stops gets that task back with its next claim.
 */
export async function runTaskLoop(
  url: string,
  jobName: string,
  region: string,
  workerIds: readonly string[],
  seconds: number,
): Promise<TaskLoopRun> {
  const free = [...workerIds];
  const run: TaskLoopRun = { answers: 0, seconds: 0, claimMs: [], submitMs: [], answerMs: [] };
  const problems: string[] = [];
  const result = await autocannon({
    url,
    connections: workerIds.length,
    duration: seconds,
    requests: [
      {
        method: "POST",
        path: "/_gt/api/tasks/claim",
        setupRequest: (request, context) => {
          const answer = context as AnswerContext;
          answer.workerId = free.pop();
          if (answer.workerId === undefined) problems.push("more connections than free workers");
          answer.startedAt = performance.now();
          // Headers of its own: autocannon writes the Content-Length into the object it is given.
          return {
            ...request,
            headers: { ...JSON_HEADERS },
            body: JSON.stringify({ workerId: answer.workerId, jobName, region }),
          };
        },
        onResponse: (status, body, context) => {
          const answer = context as AnswerContext;
          answer.claimedAt = performance.now();
          const task = status === 200 ? (JSON.parse(body) as { task: { id: string } | null }).task : null;
          if (task === null) problems.push(`a claim answered ${status}: ${body.slice(0, 200)}`);
          answer.taskId = task?.id ?? "none";
        },
      },
      {
        method: "POST",
        setupRequest: (request, context) => {
          const answer = context as AnswerContext;
          return {
            ...request,
            path: `/_gt/api/tasks/${encodeURIComponent(answer.taskId ?? "none")}/submit`,
            headers: { ...JSON_HEADERS },
            body: JSON.stringify({ workerId: answer.workerId, answer: ANSWER }),
          };
        },
        onResponse: (status, body, context) => {
          const answer = context as AnswerContext;
          if (status !== 200) problems.push(`a submit answered ${status}: ${body.slice(0, 200)}`);
          const submittedAt = performance.now();
          run.answers++;
          run.claimMs.push((answer.claimedAt ?? submittedAt) - (answer.startedAt ?? submittedAt));
          run.submitMs.push(submittedAt - (answer.claimedAt ?? submittedAt));
          run.answerMs.push(submittedAt - (answer.startedAt ?? submittedAt));
          if (answer.workerId !== undefined) free.push(answer.workerId);
        },
      },
    ],
  });
  if (problems.length > 0) throw new Error(`the task loop went wrong: ${problems[0] ?? ""}`);
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`the task loop had ${result.errors} errors and ${result.non2xx} non-2xx answers`);
  }
  run.seconds = result.duration;
  return run;
}
