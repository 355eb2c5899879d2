import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { InvalidArgumentError, Option, type Command } from "commander";
import { GtLocalAdmin } from "../programmatic/admin-client.js";

/**
 * What the client commands (label, jobs, describe, export, workers, reset) share: where gt-local
 * answers and which region to speak, and the real AWS SDK clients and admin client pointed there.
 */
export interface ConnectionOptions {
  endpoint: string;
  region: string;
}

export const DEFAULT_ENDPOINT = "http://127.0.0.1:4700";

/** gt-local accepts any keys; fixed ones keep the user's own AWS credentials out of it. */
const LOCAL_CREDENTIALS = { accessKeyId: "gt-local", secretAccessKey: "gt-local" };

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

export function connect({ endpoint, region }: ConnectionOptions): Connection {
  const sagemaker = new SageMakerClient({ endpoint, region, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const s3 = new S3Client({
    endpoint,
    region,
    credentials: LOCAL_CREDENTIALS,
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
    admin: new GtLocalAdmin(endpoint, region),
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
  const connection = connect(options);
  try {
    return await work(connection);
  } finally {
    connection.close();
  }
}
