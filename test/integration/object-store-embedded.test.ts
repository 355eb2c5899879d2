import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Emulator } from "../../emulator/emulator.js";
import { describeObjectStoreContract } from "../contracts/object-store-contract.js";

// The same contract the external store meets on s3rver, against gt-local's own store on disk.
describeObjectStoreContract("EmbeddedObjectStore on a data dir", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "gt-local-contract-"));
  const emulator = new Emulator({
    dataDir,
    inMemory: false,
    accountId: "123456789012",
    defaultRegion: "us-east-1",
  });
  return Promise.resolve({
    store: emulator.objects,
    teardown: async () => {
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
});
