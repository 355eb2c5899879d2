import { describe, expect, it } from "vitest";
import { AwsChunkedDecoder, decodeAwsChunked, encodeAwsChunked } from "./aws-chunked.js";
import { S3Error } from "./s3-error.js";

const payload = Buffer.from("The quick brown fox jumps over the lazy dog, twice: the quick brown fox.");
const signed = Buffer.from(
  "10;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n" +
    "0123456789abcdef\r\n" +
    "4;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n" +
    "wxyz\r\n" +
    "0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n" +
    "\r\n",
);

function decodeInPieces(body: Buffer, cuts: number[]): { data: string; trailers: Map<string, string> } {
  const decoder = new AwsChunkedDecoder();
  const out: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...cuts, body.length]) {
    out.push(...decoder.push(body.subarray(start, cut)));
    start = cut;
  }
  decoder.end();
  return { data: Buffer.concat(out).toString("utf8"), trailers: decoder.trailers };
}

describe("the aws-chunked decoder", () => {
  const framed = encodeAwsChunked([payload.subarray(0, 20), payload.subarray(20, 21), payload.subarray(21)], {
    "x-amz-checksum-crc32": "sOO8/Q==",
  });

  it("gives the payload and the trailer whatever byte boundary the input splits at", () => {
    for (let cut = 0; cut <= framed.length; cut++) {
      const { data, trailers } = decodeInPieces(framed, [cut]);
      expect(data, `split at ${cut}`).toBe(payload.toString("utf8"));
      expect(trailers.get("x-amz-checksum-crc32"), `split at ${cut}`).toBe("sOO8/Q==");
    }
  });

  it("decodes input fed one byte at a time", () => {
    const cuts = Array.from({ length: framed.length }, (_, index) => index);
    expect(decodeInPieces(framed, cuts).data).toBe(payload.toString("utf8"));
  });

  it("reads past chunk signatures (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) at every split", () => {
    for (let cut = 0; cut <= signed.length; cut++) {
      expect(decodeInPieces(signed, [cut]).data).toBe("0123456789abcdefwxyz");
    }
  });

  it("reads signed trailers and forgives a missing final CRLF", () => {
    const body = Buffer.from(
      "3;chunk-signature=abc\r\nabc\r\n0;chunk-signature=def\r\nx-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:123",
    );
    const { data, trailers } = decodeInPieces(body, []);
    expect(data).toBe("abc");
    expect(trailers.get("x-amz-checksum-crc32c")).toBe("sOO8/Q==");
    expect(trailers.get("x-amz-trailer-signature")).toBe("123");
  });

  it("returns views into the input rather than copies", () => {
    const decoder = new AwsChunkedDecoder();
    const input = Buffer.from("5\r\nhello\r\n0\r\n\r\n");
    const [piece] = decoder.push(input);
    expect(piece?.buffer).toBe(input.buffer);
  });

  it("refuses a body that ends inside a chunk as IncompleteBody", () => {
    const decoder = new AwsChunkedDecoder();
    decoder.push(Buffer.from("10\r\nshort"));
    expect(() => {
      decoder.end();
    }).toThrow(expect.objectContaining({ code: "IncompleteBody" }) as S3Error);
  });

  it("refuses a size that is not hexadecimal and a chunk longer than declared", () => {
    expect(() => new AwsChunkedDecoder().push(Buffer.from("zz\r\n"))).toThrow(S3Error);
    expect(() => new AwsChunkedDecoder().push(Buffer.from("2\r\nabc\r\n"))).toThrow(
      /longer than its declared size/u,
    );
  });

  it("streams through an async iterable", async () => {
    async function* source(): AsyncGenerator<Uint8Array> {
      for (let index = 0; index < framed.length; index += 7) {
        await Promise.resolve();
        yield framed.subarray(index, index + 7);
      }
    }
    const decoder = new AwsChunkedDecoder();
    const chunks: Uint8Array[] = [];
    for await (const chunk of decodeAwsChunked(source(), decoder)) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(payload)).toBe(true);
    expect(decoder.trailers.get("x-amz-checksum-crc32")).toBe("sOO8/Q==");
  });
});
