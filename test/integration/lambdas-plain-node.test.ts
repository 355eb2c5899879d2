import { execFile } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Vitest loads modules through its own runner, and `npm start` through tsx; the built server
 * (`dist/`) runs on plain Node, which cannot import TypeScript by itself. This file compiles
 * `emulator/lambdas/` to JavaScript and runs it in a plain `node` child process, so every kind of
 * handler module is proved to load the way production loads it.
 */
const SOURCE_DIR = resolve(import.meta.dirname, "../../emulator/lambdas");
const NODE_MODULES = resolve(import.meta.dirname, "../../node_modules");

const HANDLERS: Record<string, string> = {
  "async.mjs": `export async function handler(event) { return { kind: "mjs", got: event.dataObject }; }`,
  "callback.cjs": `exports.handler = (event, context, callback) =>
    callback(null, { kind: "cjs", got: event.dataObject, name: context.functionName });`,
  "commonjs.js": `module.exports = async (event) => ({ kind: "js-cjs", got: event.dataObject });`,
  "typed.ts": `interface Event { dataObject: { "source-ref": string } }
    export default async function (event: Event): Promise<object> { return { kind: "ts", got: event.dataObject }; }`,
  "throws.ts": `export const handler = async (): Promise<never> => { throw new Error("typed failure"); };`,
};

const DRIVER = `
import { createLambdaInvoker } from "../lambdas/lambda-invoker.js";
const arn = (name) => "arn:aws:lambda:us-east-1:123456789012:function:" + name;
const lambdas = createLambdaInvoker({
  baseDir: new URL("../handlers/", import.meta.url).pathname,
  modules: { async: "async.mjs", callback: "callback.cjs", commonjs: "commonjs.js", typed: "typed.ts", throws: "throws.ts" },
});
const event = { version: "2018-10-16", labelingJobArn: "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/j",
  dataObject: { "source-ref": "s3://b/k.mp4" } };
const results = {};
for (const name of ["async", "callback", "commonjs", "typed", "throws"]) {
  try {
    results[name] = await lambdas.invoke(arn(name), event);
  } catch (error) {
    results[name] = { kind: error.kind, message: error.message };
  }
}
await lambdas.close();
console.log(JSON.stringify(results));
`;

describe("Lambda modules under plain Node (no tsx loader registered)", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "gt-local-lambdas-node-"));
    symlinkSync(NODE_MODULES, join(dir, "node_modules"), "dir");
    for (const sub of ["lambdas", "handlers", "driver"]) mkdirSync(join(dir, sub));
    writeFileSync(join(dir, "lambdas", "package.json"), `{ "type": "module" }`);
    writeFileSync(join(dir, "driver", "package.json"), `{ "type": "module" }`);
    for (const file of readdirSync(SOURCE_DIR)) {
      if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
      const { outputText } = ts.transpileModule(readFileSync(join(SOURCE_DIR, file), "utf8"), {
        compilerOptions: {
          module: ts.ModuleKind.ESNext,
          target: ts.ScriptTarget.ES2022,
          verbatimModuleSyntax: true,
        },
      });
      writeFileSync(join(dir, "lambdas", file.replace(/\.ts$/u, ".js")), outputText);
    }
    for (const [file, source] of Object.entries(HANDLERS)) writeFileSync(join(dir, "handlers", file), source);
    writeFileSync(join(dir, "driver", "run.js"), DRIVER);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("loads .mjs, .cjs, CommonJS .js and .ts handlers", async () => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const { stdout } = await promisify(execFile)(process.execPath, [join(dir, "driver", "run.js")], {
      env,
      timeout: 20_000,
    });
    const got = { "source-ref": "s3://b/k.mp4" };
    expect(JSON.parse(stdout)).toEqual({
      async: { kind: "mjs", got },
      callback: { kind: "cjs", got, name: "callback" },
      commonjs: { kind: "js-cjs", got },
      typed: { kind: "ts", got },
      throws: { kind: "failed", message: expect.stringContaining("typed failure") as unknown },
    });
  });
});
