import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { Emulator } from "../emulator/emulator.js";
import { PortalAuth, unauthorized } from "./portal/portal-auth.js";
import { createGtLocalFetch } from "./http/gt-local-fetch.js";
import { answerInternalFailure } from "./http/internal-failure.js";
import { fetchRequestOf, sendFetchResponse } from "./http/node-fetch-adapter.js";
import { requestIdOf, startRequestLog } from "./http/request-log.js";
import { sageMakerFastPath } from "./http/sagemaker-fast-path.js";
import { taskFastPath } from "./http/task-fast-path.js";
import type { AccessKeyring } from "./auth/access-keys.js";
import { AdminToken, adminTokenRequired } from "./auth/admin-token.js";

export interface AppDependencies {
  emulator: Emulator;
  logger: Logger;
  defaultRegion: string;
  /** Set when objects live in an external S3: gt-local's own S3 routes then point there. */
  externalS3Endpoint?: string;
  /** When set, the portal and the testing API ask for it (a session cookie remembers the browser). */
  portalPassword?: string;
  /** When set, the testing API needs `Authorization: Bearer <token>` or a portal session. */
  adminToken?: string;
  /** `--verify-signatures`: SageMaker and S3 requests need a SigV4 signature by one of these keys. */
  verifySignatures?: AccessKeyring;
}

/** `/_gt/api` and below, as express's `app.use("/_gt/api")` matches it (case-insensitive). */
const ADMIN_API_TARGET = /^\/_gt\/api(?:[/?]|$)/iu;
/** The health check, exactly as the Fetch entry point answers it. */
const HEALTH_TARGET = /^\/_gt\/health(?:\?|$)/u;

type FetchHandler = (request: Request, requestId: string) => Promise<Response> | Response;

/**
 * The server's request listener. Each protocol is a Fetch function; `mount` adapts it once (node
 * request → Fetch Request, Fetch Response → node response). Only the pages use express
 * (server/portal-routes.ts); SageMaker, S3, health and the testing API skip it (see the end).
 */
export function createApp({
  emulator,
  logger,
  defaultRegion,
  externalS3Endpoint,
  portalPassword,
  adminToken,
  verifySignatures,
}: AppDependencies): RequestListener {
  // Without a portal password, the admin token is what the portal's sign-in asks for.
  const auth = new PortalAuth(portalPassword ?? adminToken);
  const token = new AdminToken(adminToken);
  const logInternalError = (error: unknown, requestId: string, protocol: string): void => {
    logger.error({ err: error, requestId }, `${protocol} request failed inside gt-local`);
  };
  const gtLocalFetch = createGtLocalFetch({
    emulator,
    defaultRegion,
    ...(externalS3Endpoint === undefined ? {} : { externalS3Endpoint }),
    ...(verifySignatures === undefined ? {} : { verifySignatures }),
    onInternalError: (error, { requestId, protocol }) => {
      logInternalError(error, requestId, protocol);
    },
  });
  // Signature checks read the Fetch Request: with them, SageMaker calls take the Fetch path too.
  const sageMakerDirect =
    verifySignatures === undefined
      ? sageMakerFastPath({
          emulator,
          defaultRegion,
          onInternalError: (error, requestId) => {
            logInternalError(error, requestId, "sagemaker");
          },
        })
      : undefined;

  // A worker's claim and submit, the testing API's hot calls, skip Fetch objects too.
  const taskDirect = taskFastPath({
    emulator,
    onInternalError: (error, requestId) => {
      logInternalError(error, requestId, "admin");
    },
  });

  const mount =
    (handler: FetchHandler) =>
    (req: IncomingMessage, res: ServerResponse): void => {
      const requestId = requestIdOf(req);
      Promise.resolve()
        .then(() => fetchRequestOf(req, res))
        .then(async (request) => {
          // No request: the client left while its body was arriving, nobody is left to answer.
          if (request !== undefined) await sendFetchResponse(res, await handler(request, requestId));
        })
        .catch((error: unknown) => {
          logger.error({ err: error, requestId }, "unhandled error");
          answerInternalFailure(res);
        });
    };

  // The testing API takes the admin token (scripts, the typed client, the CLI) or a portal session.
  const adminAllowed = (req: IncomingMessage): boolean =>
    token.matches(req.headers.authorization) || auth.allows(req.headers.cookie);
  const adminRefusal = (): Response => (token.enabled ? adminTokenRequired() : unauthorized());

  // Everything else on the shared port (health, job events, the testing/admin API, SageMaker, S3)
  // goes through the one Fetch entry point msw mode mounts too; S3 keys need the raw target.
  const answerGtLocal = (req: IncomingMessage, res: ServerResponse, rawTarget: string): void => {
    const portalSession = auth.enabled && auth.allows(req.headers.cookie);
    mount((request, requestId) => gtLocalFetch(request, { requestId, rawTarget, portalSession }))(req, res);
  };

  // The pages (portal, dashboard, sign-in) are express routes, built with the first page request:
  // loading express is most of what a start would otherwise spend before it is healthy.
  let pages: Promise<RequestListener> | undefined;
  const answerPage = (req: IncomingMessage, res: ServerResponse): void => {
    pages ??= import("./portal-routes.js").then(({ portalRoutes }) =>
      portalRoutes({ emulator, auth, mount, adminAllowed, adminRefusal, answerGtLocal }),
    );
    pages.then(
      (listener) => {
        listener(req, res);
      },
      (error: unknown) => {
        logger.error({ err: error }, "the portal's routes could not be built");
        res.writeHead(500).end();
      },
    );
  };

  // Every request gets its id and log line here. A path outside /_gt/ (matched without regard to
  // case, as express's routes are) reaches none of the page routes: it goes straight to the Fetch
  // entry point, without express's per-request routing, which cost as much as the whole SageMaker
  // call (issue 10, target 1); so do health and the testing API (a worker's claim and submit),
  // behind the same check as the testing API's express route. Absolute-form targets
  // (`http://host/...`) stay with express.
  return (req, res) => {
    const requestId = startRequestLog(req, res, logger);
    if (sageMakerDirect?.(req, res, requestId) === true) return;
    const target = req.url ?? "/";
    if (target.startsWith("/") && !/^\/_gt/iu.test(target)) answerGtLocal(req, res, target);
    else if (HEALTH_TARGET.test(target)) answerGtLocal(req, res, target);
    else if (ADMIN_API_TARGET.test(target)) {
      if (!adminAllowed(req)) mount(adminRefusal)(req, res);
      else if (!taskDirect(req, res, requestId)) answerGtLocal(req, res, target);
    } else answerPage(req, res);
  };
}
