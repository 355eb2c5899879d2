import type { S3Client } from "@aws-sdk/client-s3";
import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { InvalidArgumentError, Option, type Command } from "commander";
import { GtLocalAdmin } from "../programmatic/admin-client.js";
import { LOCAL_SIGNING_KEY, parseAccessKeyList, type AccessKey } from "../auth/access-keys.js";

/**
 * What the client commands (label, jobs, describe, export, workers, reset) share: where gt-local
 * answers and which region to speak, and the real AWS SDK clients and admin client pointed there.
 */
export interface ConnectionOptions {
  endpoint: string;
  region: string;
  /** The server's `--admin-token`, for the testing API's calls. */
  adminToken?: string;
  /** Keys a `--verify-signatures` server accepts; else gt-local's own (every key works then). */
  accessKey?: AccessKey;
}

export const DEFAULT_ENDPOINT = "http://127.0.0.1:4700";

/**
 * gt-local accepts every key unless it verifies signatures; fixed ones keep the user's own AWS
 * credentials out of it.
 */
const LOCAL_CREDENTIALS = LOCAL_SIGNING_KEY;

/** `--access-key <id:secret>`; its variable may list several (the server's form): the first is used. */
function parseClientAccessKey(value: string): AccessKey {
  try {
    const [first] = parseAccessKeyList(value);
    if (first === undefined) throw new Error("an access key is <id>:<secret>");
    return first;
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

function parseEndpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError("must be a URL such as http://127.0.0.1:4700");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new InvalidArgumentError("must be an http:// or https:// URL");
  }
  return url.origin;
}

export function connectionOptions(): Option[] {
  return [
    new Option("--endpoint <url>", "where gt-local answers")
      .env("GT_LOCAL_ENDPOINT")
      .default(DEFAULT_ENDPOINT)
      .argParser(parseEndpoint),
    new Option("--region <region>", "the AWS region to call gt-local in")
      .env("GT_LOCAL_REGION")
      .default("us-east-1"),
    new Option("--admin-token <token>", "the server's --admin-token, for its testing API").env(
      "GT_LOCAL_ADMIN_TOKEN",
    ),
    new Option("--access-key <id:secret>", "keys a --verify-signatures server accepts")
      .env("GT_LOCAL_ACCESS_KEYS")
      .argParser(parseClientAccessKey),
  ];
}

export function withConnectionOptions(command: Command): Command {
  for (const option of connectionOptions()) command.addOption(option);
  return command;
}

export interface Connection extends ConnectionOptions {
  sagemaker: SageMakerClient;
  s3: S3Client;
  admin: GtLocalAdmin;
  /** Frees the SDK clients' sockets so the process can exit. */
  close(): void;
}

/**
 * The SDK clients load here, when a command talks to gt-local, never with the program: they take
 * longer to load than the rest of gt-local, and `gt-local start` does not use them.
 */
export async function connect({
  endpoint,
  region,
  adminToken,
  accessKey,
}: ConnectionOptions): Promise<Connection> {
  const [{ SageMakerClient }, { S3Client }] = await Promise.all([
    import("@aws-sdk/client-sagemaker"),
    import("@aws-sdk/client-s3"),
  ]);
  const credentials = accessKey ?? LOCAL_CREDENTIALS;
  const sagemaker = new SageMakerClient({ endpoint, region, credentials, maxAttempts: 1 });
  const s3 = new S3Client({
    endpoint,
    region,
    credentials,
    forcePathStyle: true,
    maxAttempts: 1,
    // Plain bodies of known length: the simplest requests every S3 understands.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  return {
    endpoint,
    region,
    sagemaker,
    s3,
    admin: new GtLocalAdmin(endpoint, region, adminToken === undefined ? {} : { token: adminToken }),
    close: () => {
      sagemaker.destroy();
      s3.destroy();
    },
  };
}

/** Runs a command's work against gt-local, always releasing the clients. */
export async function withConnection<T>(
  options: ConnectionOptions,
  work: (connection: Connection) => Promise<T>,
): Promise<T> {
  const connection = await connect(options);
  try {
    return await work(connection);
  } finally {
    connection.close();
  }
}
