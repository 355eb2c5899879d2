import { describe, expect, it } from "vitest";
import { authenticate, parseLongDate, readAuth, type RequestAuth } from "./authenticate.js";
import { S3Error } from "./s3-error.js";

const presigned = (overrides: Record<string, string> = {}): URLSearchParams =>
  new URLSearchParams({
    "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
    "X-Amz-Credential": "AKID/20260101/us-east-1/s3/aws4_request",
    "X-Amz-Date": "20260101T000000Z",
    "X-Amz-Expires": "900",
    "X-Amz-SignedHeaders": "host",
    "X-Amz-Signature": "abc",
    ...overrides,
  });
const request = new Request("http://localhost/b/k");
const at = (iso: string) => new Date(iso);

describe("authenticate", () => {
  it("accepts a presigned URL through X-Amz-Date + X-Amz-Expires inclusive", async () => {
    await expect(authenticate(request, presigned(), at("2026-01-01T00:15:00Z"))).resolves.toMatchObject({
      kind: "presigned-v4",
    });
  });

  it("refuses it a second later: 403 AccessDenied 'Request has expired' with S3's extra elements", async () => {
    await expect(authenticate(request, presigned(), at("2026-01-01T00:15:01Z"))).rejects.toMatchObject({
      code: "AccessDenied",
      message: "Request has expired",
      details: { "X-Amz-Expires": 900, Expires: "2026-01-01T00:15:00Z", ServerTime: "2026-01-01T00:15:01Z" },
    });
  });

  it("refuses X-Amz-Expires over a week, and malformed parameters, as AuthorizationQueryParametersError", async () => {
    const now = at("2026-01-01T00:00:00Z");
    const cases: Record<string, string>[] = [
      { "X-Amz-Expires": "604801" },
      { "X-Amz-Expires": "-1" },
      { "X-Amz-Expires": "soon" },
      { "X-Amz-Date": "2026-01-01" },
      { "X-Amz-Algorithm": "AWS4-HMAC-MD5" },
      { "X-Amz-Credential": "AKID" },
    ];
    for (const overrides of cases) {
      await expect(
        authenticate(request, presigned(overrides), now),
        JSON.stringify(overrides),
      ).rejects.toMatchObject({ code: "AuthorizationQueryParametersError", httpStatus: 400 });
    }
    await expect(authenticate(request, presigned({ "X-Amz-Expires": "604800" }), now)).resolves.toBeDefined();
  });

  it("requires all six SigV4 query parameters once one is present", () => {
    const query = presigned();
    query.delete("X-Amz-SignedHeaders");
    expect(() => readAuth(request, query)).toThrow(/requires the X-Amz-Algorithm/u);
  });

  it("enforces SigV2 query-string expiry too", async () => {
    const query = new URLSearchParams({ AWSAccessKeyId: "AKID", Expires: "1767225600", Signature: "x" });
    await expect(authenticate(request, query, at("2026-01-01T00:00:00Z"))).resolves.toMatchObject({
      kind: "presigned-v2",
    });
    await expect(authenticate(request, query, at("2026-01-01T00:00:01Z"))).rejects.toBeInstanceOf(S3Error);
  });

  it("hands every request to the signature verifier, which may refuse it", async () => {
    const seen: RequestAuth[] = [];
    const signed = new Request("http://localhost/", {
      headers: { authorization: "AWS4-HMAC-SHA256 Credential=x" },
    });
    await authenticate(signed, new URLSearchParams(), new Date(), (_request, auth) => {
      seen.push(auth);
    });
    expect(seen).toEqual([{ kind: "header", authorization: "AWS4-HMAC-SHA256 Credential=x" }]);
    const refuse = () => {
      throw new S3Error("SignatureDoesNotMatch");
    };
    await expect(authenticate(signed, new URLSearchParams(), new Date(), refuse)).rejects.toMatchObject({
      code: "SignatureDoesNotMatch",
    });
  });

  it("parses the ISO 8601 long format strictly", () => {
    expect(parseLongDate("20260102T030405Z")).toEqual(new Date("2026-01-02T03:04:05Z"));
    expect(parseLongDate("20260231T000000Z")).toBeUndefined();
    expect(parseLongDate("20260101T000000")).toBeUndefined();
  });
});
