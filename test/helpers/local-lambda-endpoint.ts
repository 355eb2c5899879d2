import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedInvocation {
  functionName: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A function answer that never comes (the endpoint hangs). */
export const HANG = Symbol("hang");

export type LocalFunction = (event: unknown) => unknown;

/**
 * A Lambda Invoke API answering as `sam local start-lambda` does (aws-sam-cli's
 * local_lambda_invoke_service.py and lambda_error_responses.py): `POST
 * /2015-03-31/functions/<name>/invocations`; query parameters, a body that is not JSON or another
 * invocation type are refused; an unknown function is a 404 `ResourceNotFound`; a function's error
 * is a 200 with `X-Amz-Function-Error: Unhandled` and Lambda's `{errorMessage, errorType}` body.
 */
export function startLocalLambdaEndpoint(functions: Record<string, LocalFunction>) {
  const received: ReceivedInvocation[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const send = (status: number, headers: Record<string, string>, body: string): void => {
        response.writeHead(status, { "Content-Type": "application/json", ...headers });
        response.end(body);
      };
      const serviceError = (status: number, type: string, message: string): void => {
        send(status, { "x-amzn-errortype": type }, JSON.stringify({ Type: "User", Message: message }));
      };
      const url = new URL(request.url ?? "/", "http://localhost");
      const match = /^\/2015-03-31\/functions\/(.+)\/invocations$/u.exec(url.pathname);
      if (request.method !== "POST" || !match?.[1]) {
        serviceError(404, "LocalServiceException", "PathNotFoundException");
        return;
      }
      const functionName = decodeURIComponent(match[1]);
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ functionName, headers: request.headers, body });
      let event: unknown;
      try {
        event = JSON.parse(body || "{}");
      } catch {
        serviceError(400, "InvalidRequestContentException", "Could not parse request body into json");
        return;
      }
      if (url.search !== "") {
        serviceError(400, "InvalidRequestContentException", "Query Parameters are not supported");
        return;
      }
      const invocationType = request.headers["x-amz-invocation-type"] ?? "RequestResponse";
      if (invocationType !== "RequestResponse") {
        serviceError(501, "NotImplemented", `invocation-type: ${String(invocationType)} is not supported`);
        return;
      }
      const run = functions[functionName];
      if (!run) {
        serviceError(
          404,
          "ResourceNotFound",
          `Function not found: arn:aws:lambda:us-west-2:012345678901:function:${functionName}`,
        );
        return;
      }
      try {
        const result = run(event);
        if (result === HANG) return;
        send(200, {}, typeof result === "string" ? result : JSON.stringify(result));
      } catch (error) {
        const errorMessage = error instanceof Error ? error.message : String(error);
        send(
          200,
          { "X-Amz-Function-Error": "Unhandled" },
          JSON.stringify({ errorMessage, errorType: "Error", stackTrace: ["at handler (index.js:1:1)"] }),
        );
      }
    });
  });
  return new Promise<{ url: string; received: ReceivedInvocation[]; server: Server }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, received, server });
    });
  });
}
