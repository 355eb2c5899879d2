import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { TEST_CREDENTIALS } from "./test-server.js";

/**
 * A SigV4-signed SageMaker JSON 1.1 request built by hand, for inputs the SDK cannot produce
 * (unknown targets, broken JSON, missing required members).
 */
export async function signedPost(
  server: { url: string },
  target: string | undefined,
  body: string,
  region = "us-east-1",
): Promise<Response> {
  const url = new URL(server.url);
  const headers: Record<string, string> = { host: url.host, "content-type": "application/x-amz-json-1.1" };
  if (target !== undefined) headers["x-amz-target"] = target;
  const signer = new SignatureV4({
    service: "sagemaker",
    region,
    credentials: TEST_CREDENTIALS,
    sha256: Hash.bind(null, "sha256"),
  });
  const signed = await signer.sign({
    method: "POST",
    protocol: "http:",
    hostname: url.hostname,
    port: Number(url.port),
    path: "/",
    headers,
    body,
  });
  return fetch(`${server.url}/`, { method: "POST", headers: signed.headers, body });
}
