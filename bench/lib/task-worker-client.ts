import { Agent, request } from "node:http";

export interface ClaimedTask {
  id: string;
}

/**
 * The testing API's claim and submit over node's own HTTP client with keep-alive connections, one
 * per worker: the load generator of target 3. `fetch` (undici, as the typed admin client uses)
 * spent about 0.75 ms of CPU per call on Node 20, more than the server spent answering it; on a
 * 2-core machine the load generator would then take the server's core, and the bench would
 * measure the client. target 1's baseline is driven by autocannon for the same reason.
 */
export class TaskWorkerClient {
  private readonly agent: Agent;
  private readonly hostname: string;
  private readonly port: string;

  constructor(baseUrl: string, connections: number) {
    const url = new URL(baseUrl);
    this.hostname = url.hostname;
    this.port = url.port;
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  /** The worker's next task in the job, or `null` when there is no work. */
  async claim(workerId: string, jobName: string, region: string): Promise<ClaimedTask | null> {
    const answer = await this.post("/_gt/api/tasks/claim", { workerId, jobName, region });
    return (JSON.parse(answer) as { task: ClaimedTask | null }).task;
  }

  async submit(taskId: string, workerId: string, answer: unknown): Promise<void> {
    await this.post(`/_gt/api/tasks/${encodeURIComponent(taskId)}/submit`, { workerId, answer });
  }

  close(): void {
    this.agent.destroy();
  }

  /** POSTs JSON; resolves with the answer's text, rejects on any status but 200. */
  private post(path: string, body: object): Promise<string> {
    const text = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          agent: this.agent,
          hostname: this.hostname,
          port: this.port,
          path,
          method: "POST",
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(text) },
        },
        (response) => {
          let answer = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => {
            answer += chunk;
          });
          response.on("end", () => {
            if (response.statusCode === 200) resolve(answer);
            else reject(new Error(`${path} answered ${String(response.statusCode)}: ${answer}`));
          });
          response.on("error", reject);
        },
      );
      outgoing.on("error", reject);
      outgoing.end(text);
    });
  }
}
