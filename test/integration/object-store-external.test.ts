import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GtError } from "../../emulator/errors.js";
import { ExternalObjectStore } from "../../emulator/objects/external/external-object-store.js";
import { PresigningUrlSigner } from "../../emulator/objects/external/presigning-url-signer.js";
import { readAll } from "../../emulator/objects/object-store.js";
import { describeObjectStoreContract } from "../contracts/object-store-contract.js";
import { S3RVER_CREDENTIALS, startS3rver } from "../helpers/s3rver.js";

const REGION = "us-east-1";

const storeFor = (endpoint: string): ExternalObjectStore =>
  new ExternalObjectStore({
    endpoint,
    region: REGION,
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
  });

// s3rver keeps each object in a file at `<bucket>/<key>`: the path normalises `..` and `//`, a key
// segment longer than a file name (255 bytes) makes it hang the request on an uncaught
// ENAMETOOLONG, and it lists by walking directories, which is not UTF-8 key order. None of this
// is ExternalObjectStore's doing.
const FILE_PATH_KEYS = "s3rver stores keys as file paths";
describeObjectStoreContract(
  "ExternalObjectStore on s3rver",
  async () => {
    const s3rver = await startS3rver();
    const store = storeFor(s3rver.endpoint);
    return {
      store,
      teardown: async () => {
        await store.close();
        await s3rver.stop();
      },
    };
  },
  {
    knownDeviations: {
      "key-dot-dot": FILE_PATH_KEYS,
      "key-double-slash": FILE_PATH_KEYS,
      "list-awkward-keys-verbatim": FILE_PATH_KEYS,
      "list-utf8-order": "s3rver lists in directory-walk order",
    },
    keysBeyondStore: {
      "key-1024-bytes-flat": "s3rver cannot store a 1,024-byte file name; its request hangs",
    },
  },
);

describe("ExternalObjectStore on s3rver", () => {
  let s3rver: Awaited<ReturnType<typeof startS3rver>>;
  let store: ExternalObjectStore;
  beforeAll(async () => {
    s3rver = await startS3rver();
    store = storeFor(s3rver.endpoint);
    await store.ensureBucket("external-errors");
  });
  afterAll(async () => {
    await store.close();
    await s3rver.stop();
  });

  it("is the external kind", () => {
    expect(store.kind).toBe("external");
  });

  it("maps S3 errors to GtErrors with S3's code and standard message", async () => {
    const failure = async (action: Promise<unknown>): Promise<GtError> => {
      const error: unknown = await action.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(GtError);
      return error as GtError;
    };
    expect(await failure(store.get({ bucket: "external-errors", key: "missing" }))).toMatchObject({
      code: "NoSuchKey",
      message: "The specified key does not exist.",
      httpStatus: 404,
    });
    expect(await failure(store.get({ bucket: "no-such-bucket-here", key: "k" }))).toMatchObject({
      code: "NoSuchBucket",
      message: "The specified bucket does not exist",
    });
    await store.put({ bucket: "external-errors", key: "tiny" }, "abc");
    expect(await failure(store.get({ bucket: "external-errors", key: "tiny" }, { start: 3 }))).toMatchObject({
      code: "InvalidRange",
      message: "The requested range is not satisfiable",
      httpStatus: 416,
    });
    expect(
      await failure(store.get({ bucket: "external-errors", key: "tiny" }, { start: 2, end: 1 })),
    ).toMatchObject({
      code: "InvalidArgument",
    });
  });

  it("reports an unknown access key with s3rver's message, and an unreachable S3 as InternalFailure", async () => {
    const stranger = new ExternalObjectStore({
      endpoint: s3rver.endpoint,
      region: REGION,
      forcePathStyle: true,
      credentials: { accessKeyId: "STRANGER", secretAccessKey: "S3RVER" },
    });
    // InvalidAccessKeyId is not one of our codes: it travels as InternalFailure with S3's words.
    await expect(stranger.put({ bucket: "external-errors", key: "k" }, "x")).rejects.toMatchObject({
      code: "InternalFailure",
      message: "The AWS Access Key Id you provided does not exist in our records.",
    });
    // A HEAD's 403 has no body to name the error: the status makes it AccessDenied.
    await expect(stranger.head({ bucket: "external-errors", key: "tiny" })).rejects.toMatchObject({
      code: "AccessDenied",
      message: "Access Denied",
    });
    await stranger.close();

    const gone = await startS3rver();
    await gone.stop();
    const unreachable = storeFor(gone.endpoint);
    const error: unknown = await unreachable
      .head({ bucket: "b", key: "k" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GtError);
    expect(error).toMatchObject({ code: "InternalFailure" });
    await unreachable.close();
  });

  it(
    "uploads a stream longer than one part, with its content type and metadata",
    { timeout: 60_000 },
    async () => {
      const bytes = randomBytes(17 * 1024 * 1024 + 5);
      async function* chunks(): AsyncGenerator<Uint8Array> {
        for (let offset = 0; offset < bytes.byteLength; offset += 1_000_000) {
          await Promise.resolve();
          yield bytes.subarray(offset, offset + 1_000_000);
        }
      }
      const put = await store.put({ bucket: "external-errors", key: "three-parts" }, chunks(), {
        contentType: "video/mp4",
        userMetadata: { Origin: "camera-7" },
      });
      expect(put).toMatchObject({
        size: bytes.byteLength,
        contentType: "video/mp4",
        userMetadata: { origin: "camera-7" },
      });
      const { info, body } = await store.get(
        { bucket: "external-errors", key: "three-parts" },
        { start: 16 * 1024 * 1024 },
      );
      expect(info).toMatchObject({
        size: bytes.byteLength,
        contentType: "video/mp4",
        userMetadata: { origin: "camera-7" },
      });
      const tail = await readAll(body);
      expect(Buffer.compare(tail, bytes.subarray(16 * 1024 * 1024))).toBe(0);
    },
  );
});

describe("PresigningUrlSigner on s3rver", () => {
  let s3rver: Awaited<ReturnType<typeof startS3rver>>;
  let store: ExternalObjectStore;
  const bytes = randomBytes(100_000);
  const location = { bucket: "presigned", key: "images/cat photo ü.png" };
  beforeAll(async () => {
    s3rver = await startS3rver();
    store = storeFor(s3rver.endpoint);
    await store.ensureBucket(location.bucket);
    await store.put(location, bytes, { contentType: "image/png" });
  });
  afterAll(async () => {
    await store.close();
    await s3rver.stop();
  });

  it("signs URLs that plain fetch can read, whole or by range", async () => {
    const url = await new PresigningUrlSigner(store.client).presignGet(location, 300);
    expect(url).toContain("X-Amz-Expires=300");

    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("image/png");
    expect(Buffer.compare(Buffer.from(await whole.arrayBuffer()), bytes)).toBe(0);

    const ranged = await fetch(url, { headers: { Range: "bytes=1000-1999" } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toBe(`bytes 1000-1999/${String(bytes.byteLength)}`);
    expect(Buffer.compare(Buffer.from(await ranged.arrayBuffer()), bytes.subarray(1000, 2000))).toBe(0);
  });

  it("builds its own client from options, signing with its credentials", async () => {
    const options = { endpoint: s3rver.endpoint, region: REGION, forcePathStyle: true };
    const good = await new PresigningUrlSigner({ ...options, credentials: S3RVER_CREDENTIALS }).presignGet(
      location,
      60,
    );
    const answer = await fetch(good);
    expect(answer.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await answer.arrayBuffer()), bytes)).toBe(0);
    // s3rver does not verify SigV4 signatures, only that the access key exists.
    const stranger = await new PresigningUrlSigner({
      ...options,
      credentials: { accessKeyId: "STRANGER", secretAccessKey: "S3RVER" },
    }).presignGet(location, 60);
    expect(stranger).toContain("X-Amz-Credential=STRANGER%2F");
    const refused = await fetch(stranger);
    await refused.arrayBuffer();
    expect(refused.status).toBe(403);
  });

  it("refuses an expiry outside 1..604800 whole seconds with InvalidArgument", async () => {
    const signer = new PresigningUrlSigner(store.client);
    for (const seconds of [0, -5, 1.5, 604_801, Number.NaN]) {
      await expect(signer.presignGet(location, seconds)).rejects.toMatchObject({ code: "InvalidArgument" });
    }
    await expect(signer.presignGet(location, 604_800)).resolves.toContain("X-Amz-Expires=604800");
    await expect(signer.presignGet(location, 1)).resolves.toMatch(/X-Amz-Expires=1(&|$)/);
  });
});
