import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { ListWorkteamsCommand, RenderUiTemplateCommand } from "@aws-sdk/client-sagemaker";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../emulator/clock.js";
import { startTestServer, TEST_CREDENTIALS, type TestServer } from "../helpers/test-server.js";
import {
  failureOf,
  KEYS,
  s3ErrorOf,
  s3For,
  sagemakerFor,
  UNKNOWN_KEY,
  WRONG_SECRET,
} from "./support/security-signing.js";

/**
 * `--verify-signatures`, continued: presigned URLs (the SDK's and gt-local's own), clock skew on
 * the emulator's clock, and the one unsigned call the portal itself makes.
 */

const BUCKET = "verified";
const LIST = new ListWorkteamsCommand({});
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ verifySignatures: true, accessKeys: KEYS });
  const s3 = s3For(server, TEST_CREDENTIALS);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  for (const key of ["plain.txt", "with space/and+plus.txt"]) {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: `body of ${key}` }));
  }
});
afterAll(async () => {
  await server.close();
});

describe("presigned URLs with --verify-signatures", () => {
  const presign = (key: string, credentials = TEST_CREDENTIALS, expiresIn = 300) =>
    getSignedUrl(s3For(server, credentials), new GetObjectCommand({ Bucket: BUCKET, Key: key }), {
      expiresIn,
    });

  it("serve a GET and a PUT signed by a configured key", async () => {
    const response = await fetch(await presign("with space/and+plus.txt", KEYS[1]));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("body of with space/and+plus.txt");
    const putUrl = await getSignedUrl(
      s3For(server, TEST_CREDENTIALS),
      new PutObjectCommand({ Bucket: BUCKET, Key: "presigned-put.txt" }),
      { expiresIn: 60 },
    );
    expect((await fetch(putUrl, { method: "PUT", body: "put through a URL" })).status).toBe(200);
  });

  it("refuse a URL whose key, expiry or signature was changed", async () => {
    const url = await presign("plain.txt");
    const otherKey = url.replace("/plain.txt?", "/with%20space/and%2Bplus.txt?");
    const longer = url.replace("X-Amz-Expires=300", "X-Amz-Expires=600");
    const signature = /X-Amz-Signature=([0-9a-f]+)/u.exec(url)![1]!;
    const forged = url.replace(
      signature,
      signature.replace(/^./u, (digit) => (digit === "a" ? "b" : "a")),
    );
    for (const tampered of [otherKey, longer, forged]) {
      expect(await s3ErrorOf(await fetch(tampered))).toMatchObject({
        status: 403,
        code: "SignatureDoesNotMatch",
      });
    }
  });

  it("refuse a wrong secret and an unknown key id", async () => {
    expect(await s3ErrorOf(await fetch(await presign("plain.txt", WRONG_SECRET)))).toMatchObject({
      code: "SignatureDoesNotMatch",
    });
    expect(await s3ErrorOf(await fetch(await presign("plain.txt", UNKNOWN_KEY)))).toMatchObject({
      status: 403,
      code: "InvalidAccessKeyId",
    });
  });

  it("refuse an expired URL even with a right signature", async () => {
    const url = await getSignedUrl(
      s3For(server, TEST_CREDENTIALS),
      new GetObjectCommand({ Bucket: BUCKET, Key: "plain.txt" }),
      {
        expiresIn: 60,
        signingDate: new Date(Date.now() - 61_000),
      },
    );
    const refused = await s3ErrorOf(await fetch(url));
    expect(refused).toMatchObject({ status: 403, code: "AccessDenied" });
    expect(refused.text).toContain("Request has expired");
  });

  it("include the URLs gt-local signs itself (grant_read_access), with the first configured key", async () => {
    const rendered = await sagemakerFor(server, TEST_CREDENTIALS).send(
      new RenderUiTemplateCommand({
        UiTemplate: { Content: '<video src="{{ task.input.video | grant_read_access }}"></video>' },
        Task: { Input: JSON.stringify({ video: `s3://${BUCKET}/plain.txt` }) },
        RoleArn: "arn:aws:iam::123456789012:role/GroundTruth",
      }),
    );
    const url = /src="([^"]+)"/u.exec(rendered.RenderedContent ?? "")![1]!.replaceAll("&amp;", "&");
    expect(url).toContain(`X-Amz-Credential=${KEYS[0]!.accessKeyId}%2F`);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("body of plain.txt");
  });
});

describe("clock skew on the emulator's clock", () => {
  let ahead: TestServer;
  beforeAll(async () => {
    ahead = await startTestServer({
      verifySignatures: true,
      accessKeys: KEYS,
      clock: new ManualClock(new Date(Date.now() + 60 * 60_000)),
    });
  });
  afterAll(async () => {
    await ahead.close();
  });

  it("refuses a request an hour behind the server's clock, and the JS SDK corrects itself from the answer's Date", async () => {
    expect(await failureOf(sagemakerFor(ahead, TEST_CREDENTIALS).send(LIST))).toMatchObject({
      name: "InvalidSignatureException",
      message: expect.stringMatching(/^Signature expired: /u) as unknown,
    });
    // A second attempt is signed on the server's time, which the refusal's Date header gave.
    await expect(
      sagemakerFor(ahead, TEST_CREDENTIALS, { maxAttempts: 2 }).send(LIST),
    ).resolves.toHaveProperty("Workteams");
  });
});

describe("the portal's own unsigned calls with --verify-signatures", () => {
  let guarded: TestServer;
  beforeAll(async () => {
    guarded = await startTestServer({ verifySignatures: true, accessKeys: KEYS, portalPassword: "s3cret" });
  });
  afterAll(async () => {
    await guarded.close();
  });

  it("lets the template preview's RenderUiTemplate through with a portal session, and only then", async () => {
    const render = (headers: Record<string, string>) =>
      fetch(`${guarded.url}/`, {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": "SageMaker.RenderUiTemplate",
          ...headers,
        },
        body: JSON.stringify({
          UiTemplate: { Content: "<p>{{ task.input.text }}</p>" },
          Task: { Input: '{"text": "hello"}' },
          RoleArn: "arn:aws:iam::123456789012:role/gt-local-preview",
        }),
      });
    expect(await (await render({})).json()).toMatchObject({ __type: "MissingAuthenticationTokenException" });
    const login = await fetch(`${guarded.url}/_gt/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "password=s3cret",
      redirect: "manual",
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const rendered = await render({ cookie });
    expect(rendered.status).toBe(200);
    expect(await rendered.json()).toMatchObject({ RenderedContent: "<p>hello</p>" });
    // A session does not excuse a signature that is there and wrong.
    const forged = await render({
      cookie,
      authorization: `AWS4-HMAC-SHA256 Credential=${TEST_CREDENTIALS.accessKeyId}/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=${"0".repeat(64)}`,
    });
    expect(await forged.json()).toMatchObject({
      __type: expect.stringMatching(/Signature|IncompleteSignature/u) as unknown,
    });
  });
});
