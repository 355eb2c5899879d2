import { request as httpRequest } from "node:http";

/** An answer as it came off the wire, for byte-for-byte comparisons of two server paths. */
export interface RawAnswer {
  status: number;
  statusMessage: string;
  /** Header names and values in wire order; those in `namedOnly` by name alone (they differ per answer). */
  headers: string[];
  requestId: string;
  body: string;
}

/** How a request body is framed: a Content-Length (the servers' fast paths) or chunked (the Fetch path). */
export type Framing = "length" | "chunked";

/**
 * A POST over raw HTTP. A chunked body is sent in two writes, so that it really streams in.
 * `namedOnly` lists headers (lower case) whose values change with every answer (date, request ids).
 */
export function rawPost(
  url: string,
  path: string,
  headers: Record<string, string>,
  body: string,
  framing: Framing,
  namedOnly: readonly string[],
): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        hostname,
        port,
        method: "POST",
        path,
        headers: {
          ...headers,
          ...(framing === "length"
            ? { "content-length": String(Buffer.byteLength(body)) }
            : { "transfer-encoding": "chunked" }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const wire: string[] = [];
          for (let index = 0; index < response.rawHeaders.length; index += 2) {
            const name = response.rawHeaders[index] ?? "";
            if (namedOnly.includes(name.toLowerCase())) wire.push(name);
            else wire.push(`${name}: ${response.rawHeaders[index + 1] ?? ""}`);
          }
          resolve({
            status: response.statusCode ?? 0,
            statusMessage: response.statusMessage ?? "",
            headers: wire,
            requestId: String(response.headers["x-amzn-requestid"]),
            body: Buffer.concat(chunks).toString("utf8"),
          });
        });
      },
    );
    outgoing.on("error", reject);
    if (framing === "chunked") {
      outgoing.write(body.slice(0, 3));
      outgoing.end(body.slice(3));
    } else outgoing.end(body);
  });
}
