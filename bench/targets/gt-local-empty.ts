// A real gt-local server (in memory, no request log) with nothing in it; the benchmark sets up what
// it measures over HTTP. argv[2] may hold startServer options as JSON (startDelayMs, ...).
import { startServer, type StartOptions } from "../../server/start-server.js";

const options = JSON.parse(process.argv[2] ?? "{}") as StartOptions;
const server = await startServer({ port: 0, inMemory: true, logLevel: "silent", ...options });
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
// Exit normally on a signal so `--cpu-prof` can write its profile.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
