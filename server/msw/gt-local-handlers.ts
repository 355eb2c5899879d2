import { http, type HttpHandler } from "msw";
import { pino, type Logger } from "pino";
import { newRequestId } from "../../emulator/ids.js";
import { createGtLocalFetch, type GtLocalFetch } from "../http/gt-local-fetch.js";
import { GtLocalAdmin } from "../programmatic/admin-client.js";
import { isS3Host, isSageMakerHost } from "./aws-hosts.js";
import { createInProcessEmulator, signUrlsFor, type InProcessOptions } from "./in-process-emulator.js";

/*
 * gt-local in-process: msw request handlers that answer SageMaker and S3 SDK calls (and the
 * testing/admin API) from an Emulator in the test's own process, with no port opened. They call the
 * same Fetch entry point as the server (server/http/gt-local-fetch.ts), so both modes answer
 * byte for byte alike.
 *
 * Gaps: msw hands handlers a WHATWG URL, whose `.` and `..` path segments are already resolved, so
 * S3 keys containing such segments (`a/../b`) reach a different key than on the server, which reads
 * the raw request line. The worker portal (HTML pages), an external S3, the events webhook and the
 * portal password belong to the server only.
 * By design: requests to every other host are left alone, for the test's own handlers or msw's
 * `onUnhandledRequest`. A Lambda Invoke endpoint is a real HTTP call, which msw sees too.
 */

/** The custom endpoint answered besides AWS's own host names, when none is given. */
export const DEFAULT_IN_PROCESS_ENDPOINT = "http://gt-local.test";

export interface GtLocalHandlersOptions extends InProcessOptions {
  /**
   * An origin to answer on besides AWS's host names, for clients given an `endpoint` and for the
   * admin client; its sub-domains address S3 buckets. Default `http://gt-local.test`.
   */
  endpoint?: string;
  /** One line per request, as the server logs; default silent. */
  logger?: Logger;
}

/** What the handlers come with: where to point clients, the admin client, and how to stop. */
export interface GtLocalInProcess {
  /** The custom endpoint origin (clients with no endpoint reach the same emulator). */
  endpoint: string;
  region: string;
  /** Whichever keys you like work; these are ready to hand to an SDK client. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** The testing/admin API over the custom endpoint (plain fetch, which msw intercepts). */
  admin: GtLocalAdmin;
  /** Finishes the job engine's work and closes the database. */
  close(): Promise<void>;
}

/** msw handlers, ready for `setupServer(...handlers)`, carrying the in-process instance's facts. */
export type GtLocalHandlers = HttpHandler[] & GtLocalInProcess;

export function gtLocalHandlers(options: GtLocalHandlersOptions = {}): GtLocalHandlers {
  const region = options.region ?? "us-east-1";
  const endpoint = originOf(options.endpoint ?? DEFAULT_IN_PROCESS_ENDPOINT);
  const endpointUrl = new URL(endpoint);
  const logger = options.logger ?? pino({ level: "silent" });
  const { emulator, lambdas } = createInProcessEmulator({ ...options, region }, logger);
  signUrlsFor(emulator, endpoint, region);
  const gtLocalFetch = createGtLocalFetch({
    emulator,
    defaultRegion: region,
    virtualHostBases: [endpointUrl.hostname],
    onInternalError: (error, { requestId, protocol }) => {
      logger.error({ err: error, requestId }, `${protocol} request failed inside gt-local`);
    },
  });
  const answer = ({ request }: { request: Request }): Promise<Response> =>
    answerLogged(gtLocalFetch, request, logger);
  const onCustomEndpoint = (url: URL): boolean =>
    url.protocol === endpointUrl.protocol &&
    url.port === endpointUrl.port &&
    (url.hostname === endpointUrl.hostname || url.hostname.endsWith(`.${endpointUrl.hostname}`));

  const handlers: HttpHandler[] = [
    http.all(({ request }) => isSageMakerHost(new URL(request.url).hostname), answer),
    http.all(({ request }) => isS3Host(new URL(request.url).hostname), answer),
    http.all(({ request }) => onCustomEndpoint(new URL(request.url)), answer),
  ];
  let closing: Promise<void> | undefined;
  return Object.assign(handlers, {
    endpoint,
    region,
    credentials: { accessKeyId: "gt-local", secretAccessKey: "gt-local" },
    admin: new GtLocalAdmin(endpoint, region),
    close: () => {
      closing ??= emulator.close().then(() => lambdas.close());
      return closing;
    },
  });
}

/** A request id per request and one log line per answer, with the fields pino-http writes. */
async function answerLogged(gtLocalFetch: GtLocalFetch, request: Request, logger: Logger): Promise<Response> {
  const startedAt = performance.now();
  const id = newRequestId();
  const { pathname, search } = new URL(request.url);
  const response = await gtLocalFetch(request, { requestId: id });
  logger.info(
    {
      req: { id, method: request.method, url: pathname + search },
      res: { statusCode: response.status },
      target: request.headers.get("x-amz-target") ?? undefined,
      responseTime: Math.round(performance.now() - startedAt),
    },
    "request completed",
  );
  return response;
}

/** `http://host[:port]` of an endpoint URL, without a path or a trailing slash. */
function originOf(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`gtLocalHandlers: endpoint must be an absolute http(s) URL, got "${endpoint}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`gtLocalHandlers: endpoint must be an http(s) URL, got "${endpoint}"`);
  }
  return url.origin;
}
