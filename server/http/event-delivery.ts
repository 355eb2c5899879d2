import type { Logger } from "pino";
import { EVENTBRIDGE_STATUSES, type JobEventBus } from "../../emulator/events/job-events.js";

/**
 * POSTs the state changes EventBridge would carry (Completed, Failed, Stopped) to a webhook as JSON,
 * one request per event; delivery failures are logged, never retried into the job's way.
 */
export function deliverEventsTo(url: string, events: JobEventBus, logger: Logger): () => void {
  return events.subscribe((event) => {
    if (!EVENTBRIDGE_STATUSES.has(event.detail.LabelingJobStatus)) return;
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(event),
    })
      .then((response) => {
        if (!response.ok)
          logger.warn({ url, status: response.status }, "the events webhook refused an event");
      })
      .catch((error: unknown) => {
        logger.warn({ url, err: error }, "could not deliver an event to the webhook");
      });
  });
}

/**
 * `GET /_gt/api/events`: every job status change as a server-sent event
 * (`event: labeling-job-state-change`, the EventBridge-shaped JSON as data), until the client goes.
 */
export function eventStream(request: Request, events: JobEventBus): Response {
  const encoder = new TextEncoder();
  let unsubscribe: () => void = () => undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(": gt-local labeling job events\n\n"));
      unsubscribe = events.subscribe((event) => {
        controller.enqueue(
          encoder.encode(`event: labeling-job-state-change\ndata: ${JSON.stringify(event)}\n\n`),
        );
      });
      // Comments keep proxies and idle timeouts from closing a quiet stream.
      heartbeat = setInterval(() => {
        controller.enqueue(encoder.encode(": keep-alive\n\n"));
      }, 15_000);
      heartbeat.unref();
      request.signal.addEventListener("abort", () => {
        unsubscribe();
        clearInterval(heartbeat);
        try {
          controller.close();
        } catch {
          // Already closed by the client going away.
        }
      });
    },
    cancel() {
      unsubscribe();
      clearInterval(heartbeat);
    },
  });
  return new Response(body, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" },
  });
}
