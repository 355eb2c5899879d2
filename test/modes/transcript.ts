import type { S3Client } from "@aws-sdk/client-s3";
import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { Readable } from "node:stream";

/*
 * A transcript of every SDK call's raw HTTP answer (status, headers, body bytes), recorded by a
 * middleware just inside the SDK's deserializer, so both modes can be compared byte for byte.
 */

export interface Exchange {
  /** The SDK command, e.g. `PutObjectCommand`. */
  command: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Headers the transport writes, not gt-local: node's HTTP server adds `date`, `connection` and
 * `keep-alive`, and chooses chunked framing, where msw's socket does not.
 */
const TRANSPORT_HEADERS = new Set(["date", "connection", "keep-alive", "transfer-encoding"]);

/** Random by design: request ids (and S3's host id, a digest of one). Replaced before comparing. */
const REQUEST_ID_HEADERS = ["x-amzn-requestid", "x-amz-request-id", "x-amz-id-2"];

interface RawResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
}

const isRawResponse = (value: unknown): value is RawResponse =>
  typeof value === "object" &&
  value !== null &&
  "statusCode" in value &&
  typeof value.statusCode === "number" &&
  "headers" in value &&
  "body" in value;

async function readAll(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (!(body instanceof Readable))
    throw new Error("The SDK's HTTP handler returned a body that is not a stream");
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

export class Transcript {
  readonly exchanges: Exchange[] = [];

  /** Records every answer `client` receives, then hands the SDK the same bytes to parse. */
  attach(client: S3Client | SageMakerClient): void {
    client.middlewareStack.addRelativeTo(this.recorder(), {
      relation: "after",
      toMiddleware: "deserializerMiddleware",
      name: "gtLocalTranscript",
    });
  }

  private recorder() {
    return <Args, Result extends { response: unknown }>(
        next: (args: Args) => Promise<Result>,
        context: { commandName?: string },
      ) =>
      async (args: Args): Promise<Result> => {
        const result = await next(args);
        const { response } = result;
        if (isRawResponse(response)) {
          const bytes = await readAll(response.body);
          response.body = Readable.from([bytes]);
          this.exchanges.push({
            command: context.commandName ?? "unknown",
            status: response.statusCode,
            headers: { ...response.headers },
            body: bytes.toString("utf8"),
          });
        }
        return result;
      };
  }

  /**
   * The exchanges with what is random by design (request ids, JobReferenceCode) and the host the
   * client reached (`hosts`, which workteam SubDomains echo) replaced by placeholders, and the
   * transport's own headers left out.
   */
  normalized(hosts: readonly string[]): Exchange[] {
    return this.exchanges.map((exchange) => {
      const replacements = new Map<string, string>();
      for (const name of REQUEST_ID_HEADERS) {
        const value = exchange.headers[name];
        if (value !== undefined) replacements.set(value, `<${name}>`);
      }
      for (const host of hosts) replacements.set(host, "<endpoint-host>");
      const scrub = (text: string): string => {
        let out = text;
        for (const [from, to] of replacements) out = out.split(from).join(to);
        return out.replace(/"JobReferenceCode":"[^"]*"/gu, '"JobReferenceCode":"<random>"');
      };
      // The body's length changes with the host it echoes: a right length becomes a placeholder,
      // a wrong one stays as it is (and shows in the comparison).
      const exactLength = String(Buffer.byteLength(exchange.body));
      const headers = Object.fromEntries(
        Object.entries(exchange.headers)
          .filter(([name]) => !TRANSPORT_HEADERS.has(name))
          .map(([name, value]) => [
            name,
            name === "content-length" && value === exactLength ? "<length of the body>" : scrub(value),
          ]),
      );
      return { ...exchange, headers, body: scrub(exchange.body) };
    });
  }
}
