import type { LambdaClient } from "@aws-sdk/client-lambda";
import { LambdaInvocationError, describeThrown } from "./lambda-invocation-error.js";

type LambdaSdk = typeof import("@aws-sdk/client-lambda");

/** The Lambda client loads on the first invocation, not with gt-local: most runs invoke none. */
let lambdaSdk: Promise<LambdaSdk> | undefined;
const loadLambdaSdk = (): Promise<LambdaSdk> => (lambdaSdk ??= import("@aws-sdk/client-lambda"));

/**
 * Invokes functions through the Lambda Invoke API of an endpoint (`sam local start-lambda`,
 * LocalStack, ...) with the real `@aws-sdk/client-lambda`.
 *
 * By design: no `Qualifier` is sent (SAM answers 400 to any query parameter); credentials are
 * `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` when set, else placeholders, since local endpoints do
 * not check signatures; the signing region is the ARN's.
 */
export class EndpointLambda {
  private readonly clients = new Map<string, LambdaClient>();

  constructor(
    readonly endpoint: string,
    private readonly timeoutMs: number,
  ) {}

  async invoke(
    functionArn: string,
    functionName: string,
    region: string,
    event: string,
    abortSignal: AbortSignal,
  ): Promise<unknown> {
    const fail = (message: string, kind: "failed" | "malformed" = "failed"): LambdaInvocationError =>
      new LambdaInvocationError(message, functionArn, kind);
    const { InvokeCommand, LambdaClient, LambdaServiceException } = await loadLambdaSdk();
    let output;
    try {
      output = await this.client(LambdaClient, region).send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: "RequestResponse",
          Payload: new TextEncoder().encode(event),
        }),
        { abortSignal },
      );
    } catch (error) {
      if (error instanceof LambdaServiceException) {
        throw fail(
          `Lambda endpoint ${this.endpoint} refused to invoke ${functionName} (for ${functionArn}): ` +
            `${error.name}: ${error.message}`,
        );
      }
      throw fail(
        `Lambda endpoint ${this.endpoint} could not be reached to invoke ${functionName} (for ` +
          `${functionArn}): ${networkReason(error)}`,
      );
    }
    const text = output.Payload ? new TextDecoder().decode(output.Payload) : "";
    if (output.FunctionError !== undefined) {
      throw fail(`Lambda ${functionArn} failed (${output.FunctionError}): ${errorMessageOf(text)}`);
    }
    if (text.trim() === "") return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw fail(
        `Lambda ${functionArn} answered with a payload that is not JSON: ${text.slice(0, 200)}`,
        "malformed",
      );
    }
  }

  close(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  private client(Client: LambdaSdk["LambdaClient"], region: string): LambdaClient {
    let client = this.clients.get(region);
    if (!client) {
      client = new Client({
        endpoint: this.endpoint,
        region,
        credentials: credentialsFromEnvironment(),
        // One attempt: a Lambda invocation is not idempotent, and a down endpoint must fail fast.
        maxAttempts: 1,
        // The invoker's own timer enforces the invocation timeout (kind "timeout"); these bound
        // the socket so that nothing lingers after it.
        requestHandler: {
          connectionTimeout: Math.min(this.timeoutMs, 10_000),
          requestTimeout: this.timeoutMs + 1_000,
        },
      });
      this.clients.set(region, client);
    }
    return client;
  }
}

function credentialsFromEnvironment(): {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
} {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (accessKeyId && secretAccessKey) {
    const sessionToken = process.env.AWS_SESSION_TOKEN;
    return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
  }
  return { accessKeyId: "gt-local", secretAccessKey: "gt-local" };
}

/** Node's connection errors (an `AggregateError` with an empty message when both families fail). */
function networkReason(error: unknown): string {
  const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
  const message = describeThrown(error);
  if (typeof code === "string") return message && !message.includes(code) ? `${code}: ${message}` : code;
  return message || "unknown network error";
}

/** Lambda's error payload is `{"errorMessage", "errorType", "stackTrace"}`; anything else is shown raw. */
function errorMessageOf(payload: string): string {
  try {
    const parsed = JSON.parse(payload) as unknown;
    if (typeof parsed === "object" && parsed !== null && "errorMessage" in parsed) {
      return describeThrown(parsed.errorMessage);
    }
  } catch {
    // Not JSON: show it as it came.
  }
  return payload.trim() === "" ? "no error message" : payload.slice(0, 500);
}
