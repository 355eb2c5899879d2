import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import {
  CreateLabelingJobCommand,
  CreateWorkteamCommand,
  DescribeLabelingJobCommand,
  DescribeWorkteamCommand,
  ListLabelingJobsCommand,
  ListLabelingJobsForWorkteamCommand,
  ListTagsCommand,
  ListWorkteamsCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GtLocalAdmin, startGtLocal } from "../../server/programmatic/index.js";
import { engineIdle, s3ClientFor, uploadJobInputs } from "../helpers/job-fixtures.js";
import { countViolations } from "../helpers/object-counts.js";
import { videoJobRequest } from "../helpers/requests.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const JOB = "state-job";
const TEAM_ARN = "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/Sample-labeling-team";
const DEFAULT_WORKER = "localworker00001";
const ANSWER = { "crowd-classifier": { label: "News" } };

const withoutMetadata = <T extends object>(output: T): Omit<T, "$metadata"> => {
  const { $metadata: _metadata, ...rest } = output as T & { $metadata?: unknown };
  return rest;
};

/** What every client sees of a server's state, through the real SDKs and the admin client. */
async function observe(server: { url: string; sagemaker: SageMakerClient }, s3: S3Client) {
  const sagemaker = server.sagemaker;
  const send = async <T extends object>(promise: Promise<T>) => withoutMetadata(await promise);
  const job = await send(sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: JOB })));
  const buckets = (await s3.send(new ListBucketsCommand({}))).Buckets ?? [];
  const objects: Record<string, unknown> = {};
  for (const bucket of buckets) {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket.Name }));
    for (const entry of listed.Contents ?? []) {
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket.Name, Key: entry.Key }));
      const { Body, $metadata: _metadata, ...headers } = got;
      objects[`${bucket.Name!}/${entry.Key!}`] = {
        entry,
        headers,
        bytes: await Body!.transformToString("base64"),
      };
    }
  }
  const observed = {
    jobs: await send(sagemaker.send(new ListLabelingJobsCommand({}))),
    job,
    forTeam: await send(sagemaker.send(new ListLabelingJobsForWorkteamCommand({ WorkteamArn: TEAM_ARN }))),
    teams: await send(sagemaker.send(new ListWorkteamsCommand({}))),
    team: await send(sagemaker.send(new DescribeWorkteamCommand({ WorkteamName: "Sample-labeling-team" }))),
    jobTags: await send(sagemaker.send(new ListTagsCommand({ ResourceArn: job.LabelingJobArn }))),
    teamTags: await send(sagemaker.send(new ListTagsCommand({ ResourceArn: TEAM_ARN }))),
    buckets,
    objects,
    workers: await new GtLocalAdmin(server.url).listWorkers(),
  };
  // A team's SubDomain is the host:port its client used, which differs between instances.
  const json = JSON.stringify(observed).replaceAll(new URL(server.url).host, "<endpoint>");
  return JSON.parse(json) as typeof observed;
}

/** Every file of an export as text; the header without its times (wall clock, system clock). */
function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = relative(dir, join(entry.parentPath, entry.name));
    files[path] = readFileSync(join(dir, path), "utf8").replace(/"(exportedAt|clockNow)": "[^"]+"/gu, "");
  }
  return files;
}

async function adminPost(server: { url: string }, path: string, body: unknown) {
  const response = await fetch(`${server.url}/_gt/api${path}`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("state between tests: export, import, seed, reset", () => {
  const root = mkdtempSync(join(tmpdir(), "gt-local-state-it-"));
  const fixture = join(root, "fixture");
  let first: TestServer;
  let firstS3: S3Client;
  let firstAdmin: GtLocalAdmin;
  let claimedTaskId: string;

  beforeAll(async () => {
    first = await startTestServer({ startDelayMs: 0 });
    firstS3 = s3ClientFor(first);
    firstAdmin = new GtLocalAdmin(first.url);
    await uploadJobInputs(first);
    await firstS3.send(
      new PutObjectCommand({
        Bucket: "bucket",
        Key: "docs/../readme.txt",
        Body: "read me",
        ContentType: "text/plain",
        CacheControl: "max-age=60",
        ContentLanguage: "en",
        Metadata: { owner: "vision" },
      }),
    );
    await first.sagemaker.send(
      new CreateWorkteamCommand({
        WorkteamName: "Sample-labeling-team",
        Description: "Video reviewers",
        MemberDefinitions: [
          {
            CognitoMemberDefinition: {
              UserPool: "us-east-1_gtlocal",
              UserGroup: "gt-local-workers",
              ClientId: "gtlocal0000000000000000000",
            },
          },
        ],
        Tags: [
          { Key: "owner", Value: "vision" },
          { Key: "cost-center", Value: "42" },
        ],
      }),
    );
    await firstAdmin.createWorker({ id: "ann", displayName: "Ann" });
    const request = videoJobRequest(JOB, { Tags: [{ Key: "project", Value: "example" }] });
    request.HumanTaskConfig = {
      ...request.HumanTaskConfig!,
      WorkteamArn: TEAM_ARN,
      NumberOfHumanWorkersPerDataObject: 1,
    };
    await first.sagemaker.send(new CreateLabelingJobCommand(request));
    // engineIdle, not admin.waitFor: the latter's event stream holds the server's close for seconds.
    await engineIdle(first);
    expect((await observe(first, firstS3)).job.LabelingJobStatus).toBe("InProgress");
    // One object answered, one claimed and still open, one untouched.
    const answered = await firstAdmin.claimTask("ann", JOB);
    await firstAdmin.submitAnswer(answered!.id, "ann", ANSWER);
    claimedTaskId = (await firstAdmin.claimTask(DEFAULT_WORKER, JOB))!.id;
    await firstAdmin.exportState(fixture);
  });

  afterAll(async () => {
    firstS3.destroy();
    await first.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("writes the same files when the same state is exported twice", async () => {
    const again = join(root, "again");
    const summary = await firstAdmin.exportState(again);
    expect(summary).toMatchObject({ dir: again, format: "gt-local-state", objects: { included: true } });
    expect(filesOf(again)).toEqual(filesOf(fixture));
  });

  it("gives a fresh instance the same answers, and its InProgress job completes there", async () => {
    const second = await startTestServer({ startDelayMs: 0 });
    const secondS3 = s3ClientFor(second);
    const admin = new GtLocalAdmin(second.url);
    try {
      const imported = await admin.importState(fixture);
      expect(imported.tables.tasks).toBe(2);
      const jobArn = (await second.sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: JOB })))
        .LabelingJobArn!;
      expect(countViolations(second.emulator.db, jobArn)).toEqual([]);
      expect(second.emulator.db.prepare("SELECT sum(n) AS n FROM data_object_counts").get()).toEqual({
        n: 3,
      });
      const [expected, actual] = [await observe(first, firstS3), await observe(second, secondS3)];
      expect(actual).toEqual(expected);
      expect(actual.job.LabelingJobStatus).toBe("InProgress");
      expect(actual.objects["bucket/docs/../readme.txt"]).toMatchObject({
        headers: { ContentType: "text/plain", CacheControl: "max-age=60", Metadata: { owner: "vision" } },
      });

      // The claim made before the export is still the default worker's; the rest is claimable.
      expect((await admin.getTask(claimedTaskId)).state).toBe("claimed");
      await admin.submitAnswer(claimedTaskId, DEFAULT_WORKER, ANSWER);
      const last = await admin.claimTask("ann", JOB);
      await admin.submitAnswer(last!.id, "ann", ANSWER);
      await engineIdle(second);
      const { LabelingJobStatus, LabelingJobOutput } = await second.sagemaker.send(
        new DescribeLabelingJobCommand({ LabelingJobName: JOB }),
      );
      expect(LabelingJobStatus).toBe("Completed");
      const [bucket, ...key] = LabelingJobOutput!.OutputDatasetS3Uri!.replace("s3://", "").split("/");
      const manifest = await secondS3.send(new GetObjectCommand({ Bucket: bucket, Key: key.join("/") }));
      expect((await manifest.Body!.transformToString()).trimEnd().split("\n")).toHaveLength(3);
      // The first instance never noticed.
      expect((await observe(first, firstS3)).job.LabelingJobStatus).toBe("InProgress");
    } finally {
      secondS3.destroy();
      await second.close();
    }
  });

  it("refuses bad folders and bodies with a 400 naming the problem, and keeps the state", async () => {
    const before = await observe(first, firstS3);
    const other = join(root, "other-format");
    writeFileSync(join(root, "notes.txt"), "mine");
    rmSync(other, { recursive: true, force: true });
    await firstAdmin.exportState(other);
    writeFileSync(join(other, "gt-local-state.json"), JSON.stringify({ format: "someone-else" }));
    const refusals: [string, unknown, RegExp][] = [
      ["/state/import", { dir: join(root, "missing") }, /does not exist/u],
      ["/state/import", { dir: other }, /"format" is "someone-else"/u],
      ["/state/import", { dir: 5 }, /"dir" must be a non-empty string/u],
      ["/state/import", { folder: fixture }, /Unknown field "folder"/u],
      ["/state/export", { dir: root }, /not empty and holds no previous gt-local export/u],
      ["/reset", { to: "sideways" }, /"to" must be "seed" or "empty"/u],
    ];
    for (const [path, body, message] of refusals) {
      const answer = await adminPost(first, path, body);
      expect(answer.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(answer.body.error).toEqual({
        code: "ValidationException",
        message: expect.stringMatching(message) as unknown,
      });
    }
    expect(readFileSync(join(root, "notes.txt"), "utf8")).toBe("mine");
    expect(await observe(first, firstS3)).toEqual(before);
  });

  it("resets to the saved seed after changes, to empty when asked, then to the seed again", async () => {
    const seed = await firstAdmin.saveSeed();
    expect(seed.tables.labeling_jobs).toBe(1);
    const seeded = await observe(first, firstS3);
    await firstAdmin.createWorker({ id: "carl", displayName: "Carl" });
    await firstS3.send(new DeleteObjectCommand({ Bucket: "bucket", Key: "docs/../readme.txt" }));
    const task = await firstAdmin.claimTask("ann", JOB);
    await firstAdmin.submitAnswer(task!.id, "ann", ANSWER);

    expect(await firstAdmin.reset()).toBe("seed");
    expect(await observe(first, firstS3)).toEqual(seeded);
    const jobArn = seeded.job.LabelingJobArn!;
    expect(countViolations(first.emulator.db, jobArn)).toEqual([]);

    expect(await firstAdmin.reset({ to: "empty" })).toBe("empty");
    expect(
      first.emulator.db.prepare("SELECT count(*) AS n FROM data_object_counts WHERE n <> 0").get(),
    ).toEqual({
      n: 0,
    });
    expect((await first.sagemaker.send(new ListLabelingJobsCommand({}))).LabelingJobSummaryList).toEqual([]);
    expect((await firstS3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
    expect((await firstAdmin.listWorkers()).map((worker) => worker.id)).toEqual([DEFAULT_WORKER]);

    expect(await firstAdmin.reset({ to: "seed" })).toBe("seed");
    expect(await observe(first, firstS3)).toEqual(seeded);
  });

  it("starts from a seed folder given to startGtLocal (relative to the working directory) and resets to it", async () => {
    const gt = await startGtLocal({ seedState: relative(process.cwd(), fixture), startDelayMs: 0 });
    const sagemaker = new SageMakerClient({
      endpoint: gt.endpoint,
      region: gt.region,
      credentials: gt.credentials,
    });
    const statusOf = async () =>
      (await sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: JOB }))).LabelingJobStatus;
    try {
      expect(await statusOf()).toBe("InProgress");
      await gt.admin.createWorker({ id: "carl", displayName: "Carl" });
      expect(await gt.admin.reset()).toBe("seed");
      expect((await gt.admin.listWorkers()).map((worker) => worker.id).sort()).toEqual([
        "ann",
        DEFAULT_WORKER,
      ]);
      expect(await gt.admin.reset({ to: "empty" })).toBe("empty");
      expect((await sagemaker.send(new ListLabelingJobsCommand({}))).LabelingJobSummaryList).toEqual([]);
    } finally {
      sagemaker.destroy();
      await gt.stop();
    }
    await expect(startGtLocal({ seedState: join(root, "missing") })).rejects.toThrow(
      /--seed-state .*missing: The folder .* does not exist/u,
    );
  });
});
