import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLambdaInvoker, loadLambdaConfig } from "../../emulator/lambdas/lambda-invoker.js";

const PRE_ARN = "arn:aws:lambda:us-east-1:123456789012:function:my-pre";
const ACS_ARN = "arn:aws:lambda:us-east-1:123456789012:function:my-acs";

describe("Lambda configuration: gt-local.config.json and --lambda pairs", () => {
  let dir: string;
  const writeConfig = (content: unknown): void => {
    writeFileSync(
      join(dir, "gt-local.config.json"),
      typeof content === "string" ? content : JSON.stringify(content),
    );
  };
  const loadError = (options: { cliPairs?: string[]; cliEndpoint?: string } = {}): string => {
    try {
      loadLambdaConfig({ dir, ...options });
    } catch (error) {
      if (error instanceof Error) return error.message;
    }
    throw new Error("expected loadLambdaConfig to fail");
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "gt-local-lambda-config-"));
    for (const file of ["pre.mjs", "pre-cli.mjs", "acs.cjs"]) {
      writeFileSync(join(dir, file), `export const handler = async () => ({ from: "${file}" });`);
    }
    writeFileSync(join(dir, "acs.cjs"), `exports.handler = async () => [{ from: "acs.cjs" }];`);
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("is empty without a file or flags", () => {
    expect(loadLambdaConfig({ dir })).toEqual({ modules: {}, baseDir: dir });
  });

  it("merges the file with the command line, the command line winning", () => {
    writeConfig({
      lambdas: { [PRE_ARN]: "./pre.mjs", "my-acs": "./acs.cjs" },
      lambdaEndpoint: "http://127.0.0.1:3001",
      lambdaEndpointFunctionNames: {
        "arn:aws:lambda:us-east-1:123456789012:function:other": "OtherFunction",
      },
      lambdaTimeoutMs: 5000,
      // Keys for other parts of gt-local are not this loader's business.
      port: 4800,
    });
    const config = loadLambdaConfig({
      dir,
      cliPairs: [`${PRE_ARN}=./pre-cli.mjs`, "extra=pre.mjs"],
      cliEndpoint: "http://localhost:3002",
    });
    expect(config).toEqual({
      baseDir: dir,
      modules: { [PRE_ARN]: "./pre-cli.mjs", "my-acs": "./acs.cjs", extra: "pre.mjs" },
      endpoint: "http://localhost:3002",
      endpointFunctionNames: { "arn:aws:lambda:us-east-1:123456789012:function:other": "OtherFunction" },
      timeoutMs: 5000,
    });
  });

  it("lets a function name on the command line override the file's ARN of that name", async () => {
    writeConfig({ lambdas: { [PRE_ARN]: "./pre.mjs" } });
    const config = loadLambdaConfig({ dir, cliPairs: ["my-pre=./pre-cli.mjs"] });
    expect(config.modules).toEqual({ "my-pre": "./pre-cli.mjs" });
    const lambdas = createLambdaInvoker(config);
    await expect(lambdas.invoke(PRE_ARN, {})).resolves.toEqual({ from: "pre-cli.mjs" });
    await lambdas.close();
  });

  it("gives an invoker that runs the configured modules, relative to the directory", async () => {
    writeConfig({ lambdas: { [PRE_ARN]: "./pre.mjs", [ACS_ARN]: "acs.cjs" } });
    const lambdas = createLambdaInvoker(loadLambdaConfig({ dir }));
    await expect(lambdas.invoke(PRE_ARN, {})).resolves.toEqual({ from: "pre.mjs" });
    await expect(lambdas.invoke(ACS_ARN, {})).resolves.toEqual([{ from: "acs.cjs" }]);
    await lambdas.close();
  });

  it("reports a file that is not JSON in one line naming the file", () => {
    writeConfig(`{ "lambdas": { "my-pre": "./pre.mjs", } }`);
    const message = loadError();
    expect(message).toContain(join(dir, "gt-local.config.json"));
    expect(message).toContain("is not valid JSON");
    expect(message).not.toContain("\n");
  });

  it.each([
    [[1, 2], "must hold a JSON object"],
    [{ lambdas: ["./pre.mjs"] }, `"lambdas" must be an object`],
    [{ lambdas: { "my-pre": 42 } }, `"lambdas"."my-pre" must be a non-empty string`],
    [
      { lambdas: { "./pre.mjs": "my-pre" } },
      `"./pre.mjs" is neither a Lambda function ARN nor a function name`,
    ],
    [{ lambdas: { "my-pre": "./missing.mjs" } }, "does not exist"],
    [{ lambdas: { "my-pre": "./handler.py" } }, "must be a .js, .mjs, .cjs, .ts"],
    [{ lambdaEndpoint: "127.0.0.1:3001" }, `"lambdaEndpoint"`],
    [{ lambdaTimeoutMs: -1 }, `"lambdaTimeoutMs" must be a positive integer`],
  ])("rejects the malformed file %j", (content, expected) => {
    writeConfig(content);
    const message = loadError();
    expect(message).toContain(expected);
    expect(message).not.toContain("\n");
  });

  it.each([
    [["my-pre"], "--lambda expects <function ARN or name>=<module path>"],
    [["=./pre.mjs"], "--lambda expects"],
    [["my-pre="], "--lambda expects"],
    [["my-pre=./nope.mjs"], "does not exist"],
    [["arn:aws:s3:::bucket=./pre.mjs"], "neither a Lambda function ARN nor a function name"],
  ])("rejects the malformed pair %j", (cliPairs, expected) => {
    expect(loadError({ cliPairs })).toContain(expected);
  });

  it("rejects an endpoint that is not an http(s) URL", () => {
    expect(loadError({ cliEndpoint: "localhost:3001" })).toContain("--lambda-endpoint");
    expect(loadError({ cliEndpoint: "ftp://localhost:3001" })).toContain("http:// or https://");
  });
});
