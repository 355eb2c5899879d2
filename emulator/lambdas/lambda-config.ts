import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, isAbsolute, join, resolve } from "node:path";
import { isLambdaKey, lambdaFunctionName } from "./lambda-arn.js";
import type { LambdaConfig } from "./lambda-invoker.js";

export const CONFIG_FILE_NAME = "gt-local.config.json";

const MODULE_EXTENSIONS = [".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"];

/**
 * Reads `gt-local.config.json` from `dir` when present:
 * `{"lambdas": {"<function ARN or name>": "./handler.js"}, "lambdaEndpoint": "http://127.0.0.1:3001",
 * "lambdaEndpointFunctionNames": {"<ARN or name>": "<name>"}, "lambdaTimeoutMs": 60000}` (other
 * keys are left to their owners), then applies the CLI's `--lambda <arn>=<path>` pairs and
 * `--lambda-endpoint`, which win. Relative module paths are relative to `dir`. Every mistake is a
 * plain `Error` with a one-line message.
 */
export function loadLambdaConfig(options: {
  dir: string;
  cliPairs?: string[];
  cliEndpoint?: string;
}): LambdaConfig {
  const baseDir = resolve(options.dir);
  const file = join(baseDir, CONFIG_FILE_NAME);
  const fromFile = existsSync(file) ? readConfigFile(file) : {};
  const modules = { ...fromFile.lambdas };
  const checkModule = (key: string, path: string, where: string): void => {
    if (!isLambdaKey(key)) {
      throw new Error(`${where}: "${key}" is neither a Lambda function ARN nor a function name`);
    }
    checkModulePath(isAbsolute(path) ? path : resolve(baseDir, path), path, key, where);
  };
  for (const [key, path] of Object.entries(modules)) checkModule(key, path, file);

  for (const pair of options.cliPairs ?? []) {
    const separator = pair.indexOf("=");
    const key = pair.slice(0, separator).trim();
    const path = pair.slice(separator + 1).trim();
    if (separator < 0 || key === "" || path === "") {
      throw new Error(`--lambda expects <function ARN or name>=<module path>, got "${pair}"`);
    }
    checkModule(key, path, "--lambda");
    // A function name on the command line also overrides the file's exact ARNs of that name.
    if (!key.startsWith("arn:")) {
      for (const fileKey of Object.keys(modules)) {
        if (fileKey.startsWith("arn:") && lambdaFunctionName(fileKey) === key)
          Reflect.deleteProperty(modules, fileKey);
      }
    }
    modules[key] = path;
  }

  const endpoint =
    options.cliEndpoint !== undefined
      ? checkEndpoint(options.cliEndpoint, "--lambda-endpoint")
      : fromFile.lambdaEndpoint;
  const config: LambdaConfig = { modules, baseDir };
  if (endpoint !== undefined) config.endpoint = endpoint;
  if (fromFile.lambdaEndpointFunctionNames)
    config.endpointFunctionNames = fromFile.lambdaEndpointFunctionNames;
  if (fromFile.lambdaTimeoutMs !== undefined) config.timeoutMs = fromFile.lambdaTimeoutMs;
  return config;
}

interface ConfigFile {
  lambdas?: Record<string, string>;
  lambdaEndpoint?: string;
  lambdaEndpointFunctionNames?: Record<string, string>;
  lambdaTimeoutMs?: number;
}

const oneLine = (text: string): string => text.replace(/\s+/gu, " ").trim();

function readConfigFile(file: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(
      `Cannot read ${file}: ${oneLine(error instanceof Error ? error.message : String(error))}`,
      { cause: error },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${file} is not valid JSON: ${oneLine(error instanceof Error ? error.message : String(error))}`,
      { cause: error },
    );
  }
  if (!isObject(parsed)) throw new Error(`${file} must hold a JSON object`);
  const config: ConfigFile = {};
  if (parsed.lambdas !== undefined) config.lambdas = stringTable(parsed.lambdas, "lambdas", file);
  if (parsed.lambdaEndpoint !== undefined) {
    if (typeof parsed.lambdaEndpoint !== "string")
      throw new Error(`${file}: "lambdaEndpoint" must be a URL string`);
    config.lambdaEndpoint = checkEndpoint(parsed.lambdaEndpoint, `${file}: "lambdaEndpoint"`);
  }
  if (parsed.lambdaEndpointFunctionNames !== undefined) {
    config.lambdaEndpointFunctionNames = stringTable(
      parsed.lambdaEndpointFunctionNames,
      "lambdaEndpointFunctionNames",
      file,
    );
  }
  if (parsed.lambdaTimeoutMs !== undefined) {
    const timeout = parsed.lambdaTimeoutMs;
    if (typeof timeout !== "number" || !Number.isInteger(timeout) || timeout <= 0) {
      throw new Error(`${file}: "lambdaTimeoutMs" must be a positive integer (milliseconds)`);
    }
    config.lambdaTimeoutMs = timeout;
  }
  return config;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function stringTable(value: unknown, name: string, file: string): Record<string, string> {
  const shape = `"${name}" must be an object of "<function ARN or name>": "<string>" entries`;
  if (!isObject(value)) throw new Error(`${file}: ${shape}`);
  const table: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== "string" || entry.trim() === "") {
      throw new Error(`${file}: "${name}"."${key}" must be a non-empty string (${shape})`);
    }
    table[key] = entry.trim();
  }
  return table;
}

function checkModulePath(absolute: string, given: string, key: string, where: string): void {
  if (!MODULE_EXTENSIONS.includes(extname(absolute))) {
    throw new Error(
      `${where}: the module for ${key}, ${given}, must be a ${MODULE_EXTENSIONS.join(", ")} file`,
    );
  }
  if (!existsSync(absolute) || !statSync(absolute).isFile()) {
    throw new Error(`${where}: the module for ${key}, ${given}, does not exist (looked for ${absolute})`);
  }
}

function checkEndpoint(endpoint: string, where: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`${where}: "${endpoint}" is not a URL (expected e.g. http://127.0.0.1:3001)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`${where}: "${endpoint}" must be an http:// or https:// URL`);
  }
  return endpoint;
}
