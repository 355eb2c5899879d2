import { describe, expect, it } from "vitest";
import type { S3Target } from "./addressing.js";
import { detectOperation } from "./detect-operation.js";
import { S3Error } from "./s3-error.js";

const bucket: S3Target = { kind: "bucket", bucket: "b", virtualHost: false };
const object: S3Target = { kind: "object", bucket: "b", key: "k", virtualHost: false };
const detect = (method: string, target: S3Target, query = "", headers: Record<string, string> = {}) =>
  detectOperation(method, target, new URLSearchParams(query), new Headers(headers)).operation;

describe("detectOperation", () => {
  it("tells operations apart by method, target, subresource and copy source", () => {
    expect(detect("GET", { kind: "service" })).toBe("ListBuckets");
    expect(detect("PUT", bucket)).toBe("CreateBucket");
    expect(detect("GET", bucket, "list-type=2&prefix=a")).toBe("ListObjectsV2");
    expect(detect("GET", bucket, "prefix=a")).toBe("ListObjects");
    expect(detect("GET", bucket, "location")).toBe("GetBucketLocation");
    expect(detect("POST", bucket, "delete")).toBe("DeleteObjects");
    expect(detect("PUT", object, "x-id=PutObject")).toBe("PutObject");
    expect(detect("PUT", object, "", { "x-amz-copy-source": "/a/b" })).toBe("CopyObject");
    expect(detect("PUT", object, "partNumber=1&uploadId=u")).toBe("UploadPart");
    expect(detect("POST", object, "uploads")).toBe("CreateMultipartUpload");
    expect(detect("POST", object, "uploadId=u")).toBe("CompleteMultipartUpload");
    expect(detect("GET", object, "uploadId=u")).toBe("ListParts");
    expect(detect("DELETE", object, "uploadId=u")).toBe("AbortMultipartUpload");
    expect(detect("GET", object, "versionId=null")).toBe("GetObject");
  });

  it("answers subresources gt-local does not emulate with 501 NotImplemented naming them", () => {
    for (const [method, target, query] of [
      ["GET", bucket, "acl"],
      ["PUT", bucket, "versioning"],
      ["GET", bucket, "uploads"],
      ["PUT", object, "tagging"],
    ] as const) {
      expect(() => detect(method, target, query)).toThrow(
        expect.objectContaining({ code: "NotImplemented", httpStatus: 501 }) as S3Error,
      );
    }
    expect(() => detect("GET", bucket, "cors")).toThrow(/\?cors/u);
  });

  it("refuses methods a resource does not have", () => {
    expect(() => detect("POST", object)).toThrow(
      expect.objectContaining({ code: "MethodNotAllowed" }) as S3Error,
    );
    expect(() => detect("PATCH", bucket)).toThrow(
      expect.objectContaining({ code: "MethodNotAllowed" }) as S3Error,
    );
  });

  it("refuses version ids other than null (versioning is not emulated)", () => {
    expect(() => detect("GET", object, "versionId=3HL4kqtJlcpXroDTDmJ")).toThrow(
      expect.objectContaining({ code: "InvalidArgument" }) as S3Error,
    );
  });
});
