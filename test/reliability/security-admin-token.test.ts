import { CreateLabelingJobCommand } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminApiError, GtLocalAdmin } from "../../server/programmatic/admin-client.js";
import { startGtLocal } from "../../server/programmatic/index.js";
import { expectOneLineError, runCli } from "../cli/cli-process.js";
import { uploadJobInputs } from "../helpers/job-fixtures.js";
import { seedRequest } from "../helpers/requests.js";
import { startTestServer, TEST_CREDENTIALS, type TestServer } from "../helpers/test-server.js";
import { KEYS } from "./support/security-signing.js";

/**
 * `--admin-token`: the testing API needs `Authorization: Bearer <token>` (or a portal session,
 * for the portal's own pages); the typed client, `startGtLocal` and the CLI send it.
 */

const TOKEN = "t0ken-for-tests";
const JOB = "example-video-classification-labeling-job";
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ adminToken: TOKEN, startDelayMs: 0 });
});
afterAll(async () => {
  await server.close();
});

const api = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/_gt/api${path}`, { headers });

describe("the admin API with a token", () => {
  it("answers 401 without the token or with another, and 200 with it; health stays open", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Bearer wrong" },
      { authorization: TOKEN },
    ];
    for (const headers of attempts) {
      const refused = await api("/workers", headers);
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="gt-local"');
      expect(await refused.json()).toMatchObject({ error: { code: "AccessDenied" } });
    }
    expect((await api("/events")).status).toBe(401);
    expect((await api("/workers", { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await fetch(`${server.url}/_gt/health`)).status).toBe(200);
  });

  it("is what the typed client sends, waitFor included", async () => {
    await expect(new GtLocalAdmin(server.url).listWorkers()).rejects.toMatchObject({
      status: 401,
      code: "AccessDenied",
    } satisfies Partial<AdminApiError>);
    const admin = new GtLocalAdmin(server.url, "us-east-1", { token: TOKEN });
    expect((await admin.listWorkers()).map((worker) => worker.id)).toEqual(["localworker00001"]);
    await uploadJobInputs(server);
    await server.sagemaker.send(new CreateLabelingJobCommand(seedRequest()));
    await admin.waitFor(JOB, "InProgress", 10_000);
  });

  it("lets the browser in with a portal session: the token is the sign-in password", async () => {
    const page = await fetch(`${server.url}/_gt/`);
    expect(await page.text()).toContain("Portal password");
    const login = await fetch(`${server.url}/_gt/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `password=${TOKEN}`,
      redirect: "manual",
    });
    expect(login.status).toBe(303);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    expect((await api("/workers", { cookie })).status).toBe(200);
  });

  it("is sent by the CLI from --admin-token or GT_LOCAL_ADMIN_TOKEN", async () => {
    const endpoint = ["--endpoint", server.url];
    const refused = await runCli(["workers", "list", ...endpoint]);
    expect(refused.code).toBe(1);
    expect(expectOneLineError(refused.stderr)).toContain("admin token");
    const flag = await runCli(["workers", "list", ...endpoint, "--admin-token", TOKEN]);
    expect(flag.code, flag.stderr).toBe(0);
    expect(flag.stdout).toContain("localworker00001");
    const variable = await runCli(["workers", "list", ...endpoint], { env: { GT_LOCAL_ADMIN_TOKEN: TOKEN } });
    expect(variable.code, variable.stderr).toBe(0);
  });
});

describe("startGtLocal with a token and verified signatures", () => {
  it("hands back an admin client with the token and credentials the server accepts", async () => {
    const gt = await startGtLocal({ adminToken: TOKEN, verifySignatures: true, accessKeys: KEYS });
    try {
      expect(gt.credentials).toEqual(KEYS[0]);
      expect(await gt.admin.listWorkers()).toHaveLength(1);
      // The CLI's SDK calls sign with --access-key (the first of GT_LOCAL_ACCESS_KEYS).
      const jobs = await runCli(["jobs", "--endpoint", gt.endpoint], {
        env: { GT_LOCAL_ACCESS_KEYS: `${TEST_CREDENTIALS.accessKeyId}:${TEST_CREDENTIALS.secretAccessKey}` },
      });
      expect(jobs.code, jobs.stderr).toBe(0);
      const unsigned = await runCli(["jobs", "--endpoint", gt.endpoint]);
      expect(expectOneLineError(unsigned.stderr)).toContain("UnrecognizedClientException");
    } finally {
      await gt.stop();
    }
  });
});
