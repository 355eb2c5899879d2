import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AccessKey } from "../../../server/auth/access-keys.js";
import { parseXml } from "../../../server/s3/xml.js";
import { TEST_CREDENTIALS } from "../../helpers/test-server.js";

/**
 * Keys and clients for the `--verify-signatures` tests: the server accepts KEYS; WRONG_SECRET has a
 * configured id and another secret; UNKNOWN_KEY an id the server does not know.
 */
export const KEYS: AccessKey[] = [
  TEST_CREDENTIALS,
  { accessKeyId: "AKIDSECONDKEY", secretAccessKey: "second/secret+with:colon" },
];
export const WRONG_SECRET: AccessKey = {
  accessKeyId: TEST_CREDENTIALS.accessKeyId,
  secretAccessKey: "not-it",
};
export const UNKNOWN_KEY: AccessKey = { accessKeyId: "AKIDNOBODYKNOWS", secretAccessKey: "secret" };

type Credentials = AccessKey & { sessionToken?: string };

export function sagemakerFor(
  server: { url: string },
  credentials: Credentials,
  options: { maxAttempts?: number; systemClockOffset?: number } = {},
): SageMakerClient {
  return new SageMakerClient({
    endpoint: server.url,
    region: "us-east-1",
    credentials,
    maxAttempts: options.maxAttempts ?? 1,
    ...(options.systemClockOffset === undefined ? {} : { systemClockOffset: options.systemClockOffset }),
  });
}

export function s3For(
  server: { url: string },
  credentials: Credentials,
  options: { systemClockOffset?: number } = {},
): S3Client {
  return new S3Client({
    endpoint: server.url,
    region: "us-east-1",
    credentials,
    forcePathStyle: true,
    maxAttempts: 1,
    ...(options.systemClockOffset === undefined ? {} : { systemClockOffset: options.systemClockOffset }),
  });
}

/** What an SDK call threw: its error name and HTTP status, for `toMatchObject`. */
export async function failureOf(
  call: Promise<unknown>,
): Promise<{ name: string; status?: number; message: string }> {
  try {
    await call;
  } catch (error) {
    const failure = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: failure.name, status: failure.$metadata?.httpStatusCode, message: failure.message };
  }
  throw new Error("the call succeeded, but it was expected to fail");
}

/** An S3 error answer read as S3 wrote it: status, `<Code>` and the `<Error>` element. */
export async function s3ErrorOf(response: Response): Promise<{ status: number; code: string; text: string }> {
  const text = await response.text();
  return { status: response.status, code: parseXml(text, "Error").text("Code") ?? "", text };
}

export interface HandSigned {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  service: "s3" | "sagemaker";
  credentials: Credentials;
  signingDate?: Date;
}

/**
 * A request signed by hand with the SDK's own signer (for what the SDK clients never send:
 * a chosen signing date, a body changed after signing, a seed-signed streaming upload).
 * Returns the signed headers; the caller sends them (and may change the body).
 */
export async function signByHand(
  server: { url: string },
  request: HandSigned,
): Promise<Record<string, string>> {
  const url = new URL(server.url);
  const signer = new SignatureV4({
    service: request.service,
    region: "us-east-1",
    credentials: request.credentials,
    sha256: Hash.bind(null, "sha256"),
    uriEscapePath: request.service !== "s3",
    applyChecksum: request.service === "s3",
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: request.path,
      query: request.query ?? {},
      headers: { host: url.host, ...request.headers },
      ...(request.body === undefined ? {} : { body: request.body }),
    },
    request.signingDate === undefined ? {} : { signingDate: request.signingDate },
  );
  return signed.headers;
}
