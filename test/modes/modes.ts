import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { setupServer } from "msw/node";
import { ManualClock } from "../../emulator/clock.js";
import { gtLocalHandlers, type GtLocalHandlersOptions } from "../../server/msw/index.js";
import { startGtLocal, type GtLocalAdmin } from "../../server/programmatic/index.js";
import { Transcript } from "./transcript.js";

/*
 * The two ways to run gt-local in a test, behind one shape: a server on port 0 (startGtLocal) or
 * msw handlers in-process (gtLocalHandlers), with real SDK clients whose answers are recorded.
 */

export interface ModeUnderTest {
  sagemaker: SageMakerClient;
  s3: S3Client;
  admin: GtLocalAdmin;
  transcript: Transcript;
  /** Host names the clients reached, which answers may echo (workteam SubDomains). */
  hosts: string[];
  close(): Promise<void>;
}

/** Every mode starts its clock here, so timestamps agree between modes. */
export const MODE_START = new Date("2026-03-02T09:30:00.000Z");

/** A new job stays Initializing until the test advances the clock by this much. */
export const START_DELAY_MS = 1000;

export type ModeFactory = () => Promise<ModeUnderTest>;

function clients(
  config: { region: string; credentials: { accessKeyId: string; secretAccessKey: string } },
  endpoint: string | undefined,
): { sagemaker: SageMakerClient; s3: S3Client; transcript: Transcript } {
  const common = {
    region: config.region,
    credentials: config.credentials,
    maxAttempts: 1,
    ...(endpoint === undefined ? {} : { endpoint }),
  };
  const sagemaker = new SageMakerClient(common);
  // Path-style on a custom endpoint, as the README shows; AWS's hosts get the SDK's own default.
  const s3 = new S3Client({ ...common, ...(endpoint === undefined ? {} : { forcePathStyle: true }) });
  const transcript = new Transcript();
  transcript.attach(sagemaker);
  transcript.attach(s3);
  return { sagemaker, s3, transcript };
}

/** The server on an ephemeral port, clients given its URL. */
export const serverMode: ModeFactory = async () => {
  const gtLocal = await startGtLocal({ clock: new ManualClock(MODE_START), startDelayMs: START_DELAY_MS });
  const made = clients(gtLocal, gtLocal.endpoint);
  return {
    ...made,
    admin: gtLocal.admin,
    hosts: [new URL(gtLocal.endpoint).host],
    close: async () => {
      made.sagemaker.destroy();
      made.s3.destroy();
      await gtLocal.stop();
    },
  };
};

/**
 * msw handlers in this process. `aws-hosts`: clients with no endpoint (AWS's host names, region
 * and dummy keys only); `custom-endpoint`: clients given the handlers' endpoint.
 */
export const mswMode =
  (addressing: "aws-hosts" | "custom-endpoint", options: GtLocalHandlersOptions = {}): ModeFactory =>
  () => {
    const handlers = gtLocalHandlers({
      clock: new ManualClock(MODE_START),
      startDelayMs: START_DELAY_MS,
      ...options,
    });
    const server = setupServer(...handlers);
    // Anything the handlers do not answer must fail the test, not pass through to the network.
    server.listen({ onUnhandledRequest: "error" });
    const made = clients(handlers, addressing === "custom-endpoint" ? handlers.endpoint : undefined);
    return Promise.resolve({
      ...made,
      admin: handlers.admin,
      hosts:
        addressing === "custom-endpoint"
          ? [new URL(handlers.endpoint).host]
          : [`api.sagemaker.${handlers.region}.amazonaws.com`],
      close: async () => {
        made.sagemaker.destroy();
        made.s3.destroy();
        server.close();
        await handlers.close();
      },
    });
  };
