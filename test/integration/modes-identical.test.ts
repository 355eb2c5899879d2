import { beforeAll, describe, expect, it } from "vitest";
import { mswMode, serverMode, type ModeFactory } from "../modes/modes.js";
import { runSharedScenario } from "../modes/shared-suite.js";
import type { Exchange } from "../modes/transcript.js";

/*
 * Both modes call the same Fetch entry point, so every SDK call of the shared scenario must get the
 * same status, headers and body bytes. The modes share a ManualClock start, so timestamps agree;
 * only request ids, JobReferenceCode and the endpoint's host name are replaced before comparing
 * (test/modes/transcript.ts), and the transport's own headers (date, connection...) are left out.
 */

/** Runs the shared scenario in one mode and returns its normalized transcript. */
async function transcriptOf(factory: ModeFactory): Promise<Exchange[]> {
  const mode = await factory();
  try {
    await runSharedScenario(mode);
    return mode.transcript.normalized(mode.hosts);
  } finally {
    await mode.close();
  }
}

const locationOf = (exchange: Exchange | undefined): string | undefined => exchange?.headers.location;

describe("the server and msw modes", () => {
  // One mode after the other: while msw listens, it refuses requests to the server's port.
  let server: Exchange[];
  beforeAll(async () => {
    server = await transcriptOf(serverMode);
  });

  it("give byte-identical answers to every SDK call of the shared scenario", async () => {
    const inProcess = await transcriptOf(mswMode("custom-endpoint"));
    expect(server.length).toBeGreaterThan(15);
    expect(inProcess.map((exchange) => exchange.command)).toEqual(server.map((exchange) => exchange.command));
    expect(inProcess).toEqual(server);
  });

  it("answer clients on AWS's host names alike too, but for the Location of a virtual-hosted CreateBucket", async () => {
    const onAwsHosts = await transcriptOf(mswMode("aws-hosts"));
    expect(onAwsHosts[0]?.command).toBe("CreateBucketCommand");
    // S3 answers a path-style CreateBucket with `/<bucket>`, a virtual-hosted one with its URL.
    expect(locationOf(server[0])).toBe("/bucket");
    expect(locationOf(onAwsHosts[0])).toBe("https://bucket.s3.us-east-1.amazonaws.com/");
    const withoutLocation = (exchanges: Exchange[]): Exchange[] =>
      exchanges.map(({ headers: { location: _location, ...headers }, ...rest }) => ({ ...rest, headers }));
    expect(withoutLocation(onAwsHosts)).toEqual(withoutLocation(server));
  });
});
