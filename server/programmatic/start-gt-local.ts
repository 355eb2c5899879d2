import { startServer, type StartOptions } from "../start-server.js";
import { GtLocalAdmin } from "./admin-client.js";

/** What a test gets back: where to point AWS clients, how to drive workers, how to stop. */
export interface GtLocal {
  /** The endpoint URL for every AWS client (SageMaker and S3). */
  endpoint: string;
  portalUrl: string;
  region: string;
  /** Keys ready to hand to an SDK client: the first `accessKeys` entry, else every key works. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  admin: GtLocalAdmin;
  stop(): Promise<void>;
}

/**
 * Starts gt-local inside the calling process for a test: an ephemeral port, in-memory state and a
 * quiet log unless told otherwise. Instances are independent, so several can run side by side.
 */
export async function startGtLocal(options: StartOptions = {}): Promise<GtLocal> {
  const region = options.region ?? "us-east-1";
  const server = await startServer({ port: 0, inMemory: true, logLevel: "silent", ...options, region });
  return {
    endpoint: server.url,
    portalUrl: `${server.url}/_gt/`,
    region,
    credentials: server.credentials,
    admin: new GtLocalAdmin(
      server.url,
      region,
      options.adminToken === undefined ? {} : { token: options.adminToken },
    ),
    stop: () => server.close(),
  };
}
