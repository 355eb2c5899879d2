import { createHash, randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GtError, type ErrorCode } from "../../emulator/errors.js";
import { readAll, type ObjectStore } from "../../emulator/objects/object-store.js";

/**
 * The ObjectStore port's contract as vitest tests, run against every implementation (the embedded
 * store, an external S3). It knows nothing of how a store is built: `setup` hands one over.
 *
 * A store that cannot meet a case for reasons outside gt-local (s3rver maps keys onto file paths,
 * for instance) lists it in `knownDeviations` with the reason: the case then runs as `it.fails`,
 * so it is reported, and turns red the day the store starts to pass it. Single-key cases run with a
 * short timeout, so a store that hangs on a key fails the case instead of stalling the suite.
 */

export interface ObjectStoreUnderTest {
  store: ObjectStore;
  teardown(): Promise<void>;
}

const AWKWARD_KEYS = [
  { id: "key-spaces", key: "with spaces/file name.txt", lookalike: "with+spaces/file+name.txt" },
  {
    id: "key-unicode",
    key: "unicode/ünïcødé/日本語/😀.json",
    lookalike: "unicode/u\u0308nïcødé/日本語/😀.json",
  },
  { id: "key-special-characters", key: "special/!'()*&$@=;:+,?#[]~ %20%2F.txt", lookalike: undefined },
  { id: "key-dot-dot", key: "a/../b", lookalike: "b" },
  { id: "key-double-slash", key: "a//b", lookalike: "a/b" },
  {
    id: "key-1024-bytes-in-segments",
    key: `${`${"d".repeat(99)}/`.repeat(10)}${"e".repeat(24)}`,
    lookalike: undefined,
  },
  { id: "key-1024-bytes-flat", key: `${"日".repeat(341)}x`, lookalike: undefined },
] as const;

export type ContractCase =
  (typeof AWKWARD_KEYS)[number]["id"] | "list-awkward-keys-verbatim" | "list-utf8-order";

export interface ContractOptions {
  /** Cases the store is known to fail, each with the reason (it runs as `it.fails`). */
  knownDeviations?: Partial<Record<ContractCase, string>>;
  /**
   * Keys a third-party store cannot hold at all and that wedge it for every later case (s3rver
   * hangs on a 1,024-byte file name). They are left out of that store's run, with the reason; the
   * embedded store runs every key.
   */
  keysBeyondStore?: Partial<Record<(typeof AWKWARD_KEYS)[number]["id"], string>>;
}

const MiB = 1024 * 1024;
/** A single key takes milliseconds; a store that hangs on one fails its case within seconds. */
const SINGLE_KEY_TIMEOUT_MS = 5_000;
const md5 = (bytes: Uint8Array | string): string => createHash("md5").update(bytes).digest("hex");
const utf8Order = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function text(body: AsyncIterable<Uint8Array>): Promise<string> {
  return (await readAll(body)).toString("utf8");
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Expects `action` to fail with a GtError carrying `code`. */
async function expectGtError(action: Promise<unknown>, code: ErrorCode): Promise<void> {
  const error: unknown = await action.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `expected a GtError ${code}`).toBeInstanceOf(GtError);
  expect((error as GtError).code).toBe(code);
}

export function describeObjectStoreContract(
  name: string,
  setup: () => Promise<ObjectStoreUnderTest>,
  options: ContractOptions = {},
): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let underTest: ObjectStoreUnderTest | undefined;
    beforeAll(async () => {
      underTest = await setup();
    }, 60_000);
    afterAll(async () => {
      await underTest?.teardown();
    }, 60_000);

    const store = (): ObjectStore => {
      if (underTest === undefined) throw new Error("the store's setup failed");
      return underTest.store;
    };

    // Unique, valid bucket names: lower case, 3-63 characters, per test.
    const run = randomUUID().slice(0, 8);
    let buckets = 0;
    const bucketName = (): string => `gt-contract-${run}-${String(++buckets)}`;
    const newBucket = async (): Promise<string> => {
      const bucket = bucketName();
      await store().ensureBucket(bucket);
      return bucket;
    };

    const contractCase = (
      id: ContractCase,
      title: string,
      test: () => Promise<void>,
      timeout?: number,
    ): void => {
      const deviation = options.knownDeviations?.[id];
      if (deviation !== undefined) it.fails(`${title} [known deviation: ${deviation}]`, test, timeout);
      else it(title, test, timeout);
    };

    describe("buckets", () => {
      it("ensureBucket is idempotent, also when racing itself, and keeps the objects", async () => {
        const bucket = bucketName();
        await store().ensureBucket(bucket);
        await store().ensureBucket(bucket);
        await store().put({ bucket, key: "kept" }, "still here");
        await Promise.all([
          store().ensureBucket(bucket),
          store().ensureBucket(bucket),
          store().ensureBucket(bucket),
        ]);
        const fresh = bucketName();
        await Promise.all([store().ensureBucket(fresh), store().ensureBucket(fresh)]);
        expect(await text((await store().get({ bucket, key: "kept" })).body)).toBe("still here");
        expect(await collect(store().list(fresh))).toEqual([]);
      });
    });

    describe("put and get", () => {
      it("round-trips a string as UTF-8 and returns the stored info", async () => {
        const bucket = await newBucket();
        const value = "héllo wörld ✓ 😀";
        const put = await store().put({ bucket, key: "greeting.txt" }, value);
        expect(put.size).toBe(Buffer.byteLength(value));
        const { info, body } = await store().get({ bucket, key: "greeting.txt" });
        expect(await text(body)).toBe(value);
        expect(info).toMatchObject({ size: put.size, etag: put.etag, contentType: put.contentType });
        const head = await store().head({ bucket, key: "greeting.txt" });
        expect(head).toMatchObject({ size: put.size, etag: put.etag });
        expect(Math.abs(head!.lastModified.getTime() - Date.now())).toBeLessThan(5 * 60_000);
      });

      it("round-trips bytes", async () => {
        const bucket = await newBucket();
        const bytes = new Uint8Array(randomBytes(200_003));
        const put = await store().put({ bucket, key: "blob.bin" }, bytes);
        expect(put.size).toBe(bytes.byteLength);
        const { info, body } = await store().get({ bucket, key: "blob.bin" });
        expect(Buffer.compare(await readAll(body), bytes)).toBe(0);
        expect(info.size).toBe(bytes.byteLength);
      });

      it("streams a 12 MiB AsyncIterable in and out", { timeout: 120_000 }, async () => {
        const bucket = await newBucket();
        const size = 12 * MiB;
        const sent = createHash("sha256");
        // Odd-sized chunks, so no chunk boundary falls on a part boundary.
        async function* produce(): AsyncGenerator<Uint8Array> {
          for (let offset = 0; offset < size; offset += 100_003) {
            const chunk = randomBytes(Math.min(100_003, size - offset));
            sent.update(chunk);
            await Promise.resolve();
            yield chunk;
          }
        }
        const put = await store().put({ bucket, key: "big/stream.bin" }, produce(), {
          contentType: "application/octet-stream",
        });
        expect(put.size).toBe(size);
        expect(put.etag).toMatch(/^[0-9a-f]{32}(-\d+)?$/);

        const { info, body } = await store().get({ bucket, key: "big/stream.bin" });
        expect(info.size).toBe(size);
        const received = createHash("sha256");
        let bytes = 0;
        let chunks = 0;
        for await (const chunk of body) {
          received.update(chunk);
          bytes += chunk.byteLength;
          chunks++;
        }
        expect(bytes).toBe(size);
        expect(received.digest("hex")).toBe(sent.digest("hex"));
        expect(chunks, "get streams the body rather than handing over one buffer").toBeGreaterThan(1);
        expect((await store().head({ bucket, key: "big/stream.bin" }))?.etag).toBe(put.etag);
      });

      it("stores an empty string, empty bytes and an empty iterable as empty objects", async () => {
        const bucket = await newBucket();
        async function* nothing(): AsyncGenerator<Uint8Array> {
          // yields no chunk at all
        }
        await store().put({ bucket, key: "empty-string" }, "");
        await store().put({ bucket, key: "empty-bytes" }, new Uint8Array(0));
        await store().put({ bucket, key: "empty-iterable" }, nothing());
        for (const key of ["empty-string", "empty-bytes", "empty-iterable"]) {
          const { info, body } = await store().get({ bucket, key });
          expect((await readAll(body)).byteLength).toBe(0);
          expect(info).toMatchObject({ size: 0, etag: md5("") });
        }
      });

      it("overwrites an existing key", async () => {
        const bucket = await newBucket();
        await store().put({ bucket, key: "doc" }, "first", {
          contentType: "text/plain",
          userMetadata: { v: "1" },
        });
        await store().put({ bucket, key: "doc" }, "second version");
        const { info, body } = await store().get({ bucket, key: "doc" });
        expect(await text(body)).toBe("second version");
        expect(info).toMatchObject({ size: 14, contentType: "binary/octet-stream", userMetadata: {} });
        expect((await collect(store().list(bucket))).map((object) => object.key)).toEqual(["doc"]);
      });

      it("round-trips the content type and user metadata", async () => {
        const bucket = await newBucket();
        const userMetadata = { "job-name": "cats-and-dogs", purpose: "manifest" };
        const put = await store().put({ bucket, key: "input.manifest" }, '{"source":"x"}\n', {
          contentType: "application/x-ndjson",
          userMetadata,
        });
        expect(put).toMatchObject({ contentType: "application/x-ndjson", userMetadata });
        expect(await store().head({ bucket, key: "input.manifest" })).toMatchObject({
          contentType: "application/x-ndjson",
          userMetadata,
        });
        const { info, body } = await store().get({ bucket, key: "input.manifest" });
        await readAll(body);
        expect(info).toMatchObject({ contentType: "application/x-ndjson", userMetadata });
      });

      it("defaults the content type to binary/octet-stream and the metadata to none", async () => {
        const bucket = await newBucket();
        const put = await store().put({ bucket, key: "plain" }, "x");
        expect(put).toMatchObject({ contentType: "binary/octet-stream", userMetadata: {} });
        expect(await store().head({ bucket, key: "plain" })).toMatchObject({
          contentType: "binary/octet-stream",
          userMetadata: {},
        });
      });

      it("gives single-part objects their MD5 hex as the ETag, without quotes", async () => {
        const bucket = await newBucket();
        const bytes = new Uint8Array(randomBytes(4096));
        async function* small(): AsyncGenerator<Uint8Array> {
          yield bytes.subarray(0, 1000);
          await Promise.resolve();
          yield bytes.subarray(1000);
        }
        const fromString = await store().put({ bucket, key: "s" }, "manifest line\n");
        const fromBytes = await store().put({ bucket, key: "b" }, bytes);
        const fromIterable = await store().put({ bucket, key: "i" }, small());
        expect(fromString.etag).toBe(md5("manifest line\n"));
        expect(fromBytes.etag).toBe(md5(bytes));
        expect(fromIterable.etag).toBe(md5(bytes));
        expect((await store().head({ bucket, key: "s" }))?.etag).toBe(md5("manifest line\n"));
        const listed = await collect(store().list(bucket));
        expect(listed.map((object) => [object.key, object.etag])).toEqual([
          ["b", md5(bytes)],
          ["i", md5(bytes)],
          ["s", md5("manifest line\n")],
        ]);
      });

      it("refuses a put into a missing bucket with NoSuchBucket", async () => {
        await expectGtError(store().put({ bucket: bucketName(), key: "k" }, "x"), "NoSuchBucket");
      });
    });

    describe("ranges", () => {
      const content = "0123456789abcdef";

      it("reads inclusive, open-ended and last-byte ranges, reporting the whole object's info", async () => {
        const bucket = await newBucket();
        const put = await store().put({ bucket, key: "digits" }, content);
        const read = async (start: number, end?: number): Promise<string> => {
          const range = end === undefined ? { start } : { start, end };
          const { info, body } = await store().get({ bucket, key: "digits" }, range);
          expect(info).toMatchObject({ size: 16, etag: put.etag });
          return text(body);
        };
        expect(await read(2, 5)).toBe("2345");
        expect(await read(0, 15)).toBe(content);
        expect(await read(10)).toBe("abcdef");
        expect(await read(15)).toBe("f");
        expect(await read(15, 15)).toBe("f");
        expect(await read(14, 100), "an end past the object is cut to its last byte").toBe("ef");
      });

      it("refuses a range starting at or past the end with InvalidRange", async () => {
        const bucket = await newBucket();
        await store().put({ bucket, key: "digits" }, content);
        await expectGtError(store().get({ bucket, key: "digits" }, { start: 16 }), "InvalidRange");
        await expectGtError(store().get({ bucket, key: "digits" }, { start: 100, end: 200 }), "InvalidRange");
      });
    });

    describe("missing objects and buckets", () => {
      it("head answers undefined for a missing key and for a missing bucket", async () => {
        const bucket = await newBucket();
        expect(await store().head({ bucket, key: "nothing-here" })).toBeUndefined();
        expect(await store().head({ bucket: bucketName(), key: "nothing-here" })).toBeUndefined();
      });

      it("get throws NoSuchKey for a missing key and NoSuchBucket for a missing bucket", async () => {
        const bucket = await newBucket();
        await expectGtError(store().get({ bucket, key: "nothing-here" }), "NoSuchKey");
        await expectGtError(store().get({ bucket, key: "nothing-here" }, { start: 0 }), "NoSuchKey");
        await expectGtError(store().get({ bucket: bucketName(), key: "nothing-here" }), "NoSuchBucket");
      });

      it("list of a missing bucket throws NoSuchBucket", async () => {
        await expectGtError(collect(store().list(bucketName())), "NoSuchBucket");
      });
    });

    describe("list", () => {
      it(
        "pages through more than 1,000 objects in UTF-8 key order, with and without a prefix",
        { timeout: 180_000 },
        async () => {
          const bucket = await newBucket();
          // Hash-like names written in a shuffled order, so the store has to sort them.
          const many = Array.from(
            { length: 1005 },
            (_, i) => `many/${createHash("sha1").update(String(i)).digest("hex").slice(0, 10)}`,
          );
          const others = ["other/1", "other/2", "other/3"];
          await eachLimited([...others, ...many], 16, (key) => store().put({ bucket, key }, key));

          const all = await collect(store().list(bucket));
          expect(all.map((object) => object.key)).toEqual([...many, ...others].sort(utf8Order));
          const first = all[0]!;
          expect(first).toMatchObject({ size: Buffer.byteLength(first.key), etag: md5(first.key) });
          expect(first.lastModified).toBeInstanceOf(Date);

          const underPrefix = await collect(store().list(bucket, "many/"));
          expect(underPrefix.map((object) => object.key)).toEqual([...many].sort(utf8Order));
          expect((await collect(store().list(bucket, "other/"))).map((object) => object.key)).toEqual(others);
        },
      );

      it("lists only the keys that start with the prefix (not a directory match)", async () => {
        const bucket = await newBucket();
        const keys = [
          "photos/2024/a.jpg",
          "photos/2024/b.jpg",
          "photos/2025/c.jpg",
          "photosynthesis.txt",
          "videos/x.mp4",
        ];
        await Promise.all(keys.map((key) => store().put({ bucket, key }, key)));
        const keysUnder = async (prefix?: string): Promise<string[]> =>
          (await collect(store().list(bucket, prefix))).map((object) => object.key);
        expect(await keysUnder("photos/")).toEqual([
          "photos/2024/a.jpg",
          "photos/2024/b.jpg",
          "photos/2025/c.jpg",
        ]);
        expect(await keysUnder("photos")).toEqual([
          "photos/2024/a.jpg",
          "photos/2024/b.jpg",
          "photos/2025/c.jpg",
          "photosynthesis.txt",
        ]);
        expect(await keysUnder("photos/2024/a")).toEqual(["photos/2024/a.jpg"]);
        expect(await keysUnder("nothing/")).toEqual([]);
        expect(await keysUnder()).toEqual(keys);
        expect(await keysUnder("")).toEqual(keys);
      });

      contractCase(
        "list-utf8-order",
        "orders keys by their UTF-8 bytes, not by UTF-16 or by path",
        async () => {
          const bucket = await newBucket();
          // '-' < '/' < '~' in bytes; U+FF21 (EF BC A1) sorts before U+1F600 (F0 9F 98 80) in
          // UTF-8, though after it in UTF-16 (D83D DE00).
          const keys = ["a/b", "a~", "😀", "a", "Ａ", "a-b", "B", "é", "0"];
          await Promise.all(keys.map((key) => store().put({ bucket, key }, "x")));
          const listed = (await collect(store().list(bucket))).map((object) => object.key);
          expect(listed).toEqual(["0", "B", "a", "a-b", "a/b", "a~", "é", "Ａ", "😀"]);
        },
      );
    });

    describe("awkward keys", () => {
      const sharedBucket = (() => {
        let bucket: Promise<string> | undefined;
        return (): Promise<string> => (bucket ??= newBucket());
      })();

      const storableKeys = AWKWARD_KEYS.filter(({ id }) => options.keysBeyondStore?.[id] === undefined);
      for (const { id, key, lookalike } of storableKeys) {
        const shown = key.length > 40 ? `${key.slice(0, 12)}… (${Buffer.byteLength(key)} bytes)` : key;
        const title =
          lookalike === undefined
            ? `round-trips the key ${JSON.stringify(shown)}`
            : `round-trips the key ${JSON.stringify(shown)} apart from ${JSON.stringify(lookalike)}`;
        contractCase(
          id,
          title,
          async () => {
            const bucket = await sharedBucket();
            await store().put({ bucket, key }, `body of ${key}`);
            if (lookalike !== undefined)
              await store().put({ bucket, key: lookalike }, `body of ${lookalike}`);
            expect(await text((await store().get({ bucket, key })).body)).toBe(`body of ${key}`);
            expect((await store().head({ bucket, key }))?.size).toBe(Buffer.byteLength(`body of ${key}`));
            if (lookalike !== undefined) {
              expect(await text((await store().get({ bucket, key: lookalike })).body)).toBe(
                `body of ${lookalike}`,
              );
            }
            await store().delete({ bucket, key });
            expect(await store().head({ bucket, key })).toBeUndefined();
          },
          SINGLE_KEY_TIMEOUT_MS,
        );
      }

      contractCase("list-awkward-keys-verbatim", "lists awkward keys verbatim, in UTF-8 order", async () => {
        const bucket = await newBucket();
        const keys = storableKeys.flatMap(({ key, lookalike }) =>
          lookalike === undefined ? [key] : [key, lookalike],
        );
        await Promise.all(keys.map((key) => store().put({ bucket, key }, key)));
        const listed = await collect(store().list(bucket));
        expect(listed.map((object) => object.key)).toEqual([...keys].sort(utf8Order));
        for (const object of listed) expect(object.size).toBe(Buffer.byteLength(object.key));
      });
    });

    describe("delete", () => {
      it("removes the object", async () => {
        const bucket = await newBucket();
        await store().put({ bucket, key: "doomed" }, "bye");
        await store().delete({ bucket, key: "doomed" });
        expect(await store().head({ bucket, key: "doomed" })).toBeUndefined();
        await expectGtError(store().get({ bucket, key: "doomed" }), "NoSuchKey");
        expect(await collect(store().list(bucket))).toEqual([]);
      });

      it("accepts a missing key, as S3 does", async () => {
        const bucket = await newBucket();
        await expect(store().delete({ bucket, key: "never/existed" })).resolves.toBeUndefined();
        await expect(store().delete({ bucket, key: "never-existed" })).resolves.toBeUndefined();
      });

      it("refuses a missing bucket with NoSuchBucket", async () => {
        await expectGtError(store().delete({ bucket: bucketName(), key: "k" }), "NoSuchBucket");
      });
    });
  });
}
