// Baseline: the cheapest express JSON endpoint on the same port setup gt-local uses.
import express from "express";
import type { AddressInfo } from "node:net";

const app = express();
app.disable("x-powered-by");
app.set("etag", false);
app.post("/", (_req, res) => {
  res.json({ ok: true });
});
const server = app.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
