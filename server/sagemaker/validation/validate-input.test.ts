import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OPERATION_INPUT_SHAPE, SAGEMAKER_OPERATIONS, SHAPES } from "../generated/model.js";
import { isSageMakerOperation, parseOperationInput } from "./index.js";
import type { ShapeTable } from "./shape-spec.js";
import { validateInput } from "./validate-input.js";
import {
  CASES,
  FIXTURE,
  type JsonObject,
  REPO_ROOT,
  SHAPE_NAMES,
  STRING_SAMPLES,
  minimal,
  oneError,
  sampleString,
  stringFailures,
  thrownBy,
  validationFailure,
} from "./constraint-cases.js";

describe("model-derived constraint table", () => {
  it("covers the model: many cases, almost all breaking exactly one constraint", () => {
    expect(CASES.length).toBeGreaterThan(150);
    expect(CASES.filter((c) => c.isolated).length).toBeGreaterThan(120);
    // Every kind of constraint in the model is exercised.
    for (const kind of ["required", "min", "max", "enum", "pattern"]) {
      expect(CASES.some((c) => c.title.endsWith(` ${kind}`))).toBe(true);
    }
  });

  it("has valid samples for every string shape", () => {
    for (const name of SHAPE_NAMES) {
      const spec = SHAPES[name];
      if (spec.type === "string")
        expect([name, stringFailures(spec, sampleString(name, spec))]).toEqual([name, []]);
    }
  });

  it.each(SAGEMAKER_OPERATIONS)("accepts a minimal valid %s input", (operation) => {
    const body = minimal(OPERATION_INPUT_SHAPE[operation]);
    expect(parseOperationInput(operation, body)).toEqual(body);
  });

  it.each(CASES.map((c) => [c.title, c] as const))("%s", (_title, c) => {
    expect(validationFailure(c.operation, c.body)).toEqual({
      code: "ValidationException",
      message: c.message,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-written cases
// ---------------------------------------------------------------------------------------------

const LABELING_JOB_NAME_PATTERN = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";

describe("validation messages", () => {
  it("reports an invalid labeling job name with AWS's exact wording", () => {
    expect(validationFailure("DescribeLabelingJob", { LabelingJobName: "my_job" })).toEqual(
      oneError(
        `Value 'my_job' at 'labelingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${LABELING_JOB_NAME_PATTERN}`,
      ),
    );
  });

  it("reports length before pattern; a 64-character alphanumeric name fails both ({0,62} caps it at 63)", () => {
    const name = "a".repeat(64);
    expect(validationFailure("DescribeLabelingJob", { LabelingJobName: name })).toEqual({
      code: "ValidationException",
      message:
        `2 validation errors detected: Value '${name}' at 'labelingJobName' failed to satisfy constraint: ` +
        `Member must have length less than or equal to 63; Value '${name}' at 'labelingJobName' failed to ` +
        `satisfy constraint: Member must satisfy regular expression pattern: ${LABELING_JOB_NAME_PATTERN}`,
    });
  });

  it("reports only the length for a 64-character name that matches the pattern", () => {
    const name = `a${"-".repeat(62)}a`;
    expect(validationFailure("DescribeLabelingJob", { LabelingJobName: name })).toEqual(
      oneError(
        `Value '${name}' at 'labelingJobName' failed to satisfy constraint: Member must have length less than or equal to 63`,
      ),
    );
  });

  it("collects several errors in model member order", () => {
    expect(validationFailure("CreateWorkteam", { WorkforceName: "bad name" })).toEqual({
      code: "ValidationException",
      message:
        "4 validation errors detected: " +
        "Value null at 'workteamName' failed to satisfy constraint: Member must not be null; " +
        "Value 'bad name' at 'workforceName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9]([a-zA-Z0-9\\-]){0,62}; " +
        "Value null at 'memberDefinitions' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'description' failed to satisfy constraint: Member must not be null",
    });
  });

  it("walks depth-first: a list's size before its items, items before later members", () => {
    const tags = Array.from({ length: 51 }, (_, i) => ({ Key: i === 0 ? "" : "k", Value: "v" }));
    const { message } = validationFailure("AddTags", { ResourceArn: "arn", Tags: tags });
    const paths = [...message.matchAll(/at '([^']+)'/g)].map((match) => match[1]);
    expect(message.startsWith("3 validation errors detected: ")).toBe(true);
    expect(paths).toEqual(["resourceArn", "tags", "tags.1.member.key"]);
    expect(message).toContain(`Value '[{Key=, Value=v}, {Key=k, Value=v}, `);
  });

  it("names list items as <list>.<1-based index>.member", () => {
    const body = {
      ResourceArn: STRING_SAMPLES.ResourceArn,
      Tags: [
        { Key: "ok", Value: "v" },
        { Key: "", Value: "v" },
        { Key: "ok", Value: "x".repeat(257) },
      ],
    };
    expect(validationFailure("AddTags", body)).toEqual({
      code: "ValidationException",
      message:
        "2 validation errors detected: " +
        "Value '' at 'tags.2.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        `Value '${"x".repeat(257)}' at 'tags.3.member.value' failed to satisfy constraint: Member must have length less than or equal to 256`,
    });
    expect(validationFailure("AddTags", { ...body, Tags: [{ Key: "", Value: "v" }] })).toEqual(
      oneError(
        "Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1",
      ),
    );
  });

  it("reports a null list item as a missing member", () => {
    expect(
      validationFailure("DeleteTags", { ResourceArn: STRING_SAMPLES.ResourceArn, TagKeys: ["a", null] }),
    ).toEqual(
      oneError("Value null at 'tagKeys.2.member' failed to satisfy constraint: Member must not be null"),
    );
  });

  it("uses dotted lowerCamelCase paths for nested members", () => {
    const body = JSON.parse(readFileSync(FIXTURE, "utf8")) as JsonObject;
    const broken = {
      ...body,
      OutputConfig: { S3OutputPath: "ftp://x", KmsKeyId: "no spaces" },
      HumanTaskConfig: { ...(body.HumanTaskConfig as JsonObject), UiConfig: { UiTemplateS3Uri: "nope" } },
    };
    const message = validationFailure("CreateLabelingJob", broken).message;
    expect([...message.matchAll(/at '([^']+)'/g)].map((match) => match[1])).toEqual([
      "outputConfig.s3OutputPath",
      "outputConfig.kmsKeyId",
      "humanTaskConfig.uiConfig.uiTemplateS3Uri",
    ]);
  });

  it("reports integer ranges and enums", () => {
    expect(
      validationFailure("ListLabelingJobs", { MaxResults: 0, SortBy: "Size", SortOrder: "Descending" }),
    ).toEqual({
      code: "ValidationException",
      message:
        "2 validation errors detected: " +
        "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value 'Size' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set: [Name, CreationTime, Status]",
    });
  });

  it("counts string length in code points", () => {
    const scriptA = "\u{1D49C}"; // MATHEMATICAL SCRIPT CAPITAL A: a letter, two UTF-16 units
    const ok = { ResourceArn: STRING_SAMPLES.ResourceArn, Tags: [{ Key: scriptA.repeat(128), Value: "v" }] };
    expect(parseOperationInput("AddTags", ok)).toEqual(ok);
    const tooLong = { ...ok, Tags: [{ Key: scriptA.repeat(129), Value: "v" }] };
    expect(validationFailure("AddTags", tooLong)).toEqual(
      oneError(
        `Value '${scriptA.repeat(129)}' at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128`,
      ),
    );
  });

  it("reports a map key at the map's path and a map value at <map>.<key>", () => {
    const oidc = Object.fromEntries(
      [
        "Issuer",
        "AuthorizationEndpoint",
        "TokenEndpoint",
        "UserInfoEndpoint",
        "LogoutEndpoint",
        "JwksUri",
      ].map((name) => [name, STRING_SAMPLES.OidcEndpoint]),
    );
    const params = { "bad\nkey": "v", prompt: null, display: "x".repeat(513) };
    const body = { WorkforceName: "default", OidcConfig: { ClientId: "id", ClientSecret: "s", ...oidc } };
    expect(
      validationFailure("CreateWorkforce", {
        ...body,
        OidcConfig: { ...body.OidcConfig, AuthenticationRequestExtraParams: params },
      }),
    ).toEqual({
      code: "ValidationException",
      message:
        "3 validation errors detected: " +
        "Value 'bad\nkey' at 'oidcConfig.authenticationRequestExtraParams' failed to satisfy constraint: Member must satisfy regular expression pattern: .*; " +
        "Value null at 'oidcConfig.authenticationRequestExtraParams.prompt' failed to satisfy constraint: Member must not be null; " +
        `Value '${"x".repeat(513)}' at 'oidcConfig.authenticationRequestExtraParams.display' failed to satisfy constraint: Member must have length less than or equal to 512`,
    });
    const good = {
      ...body,
      OidcConfig: { ...body.OidcConfig, AuthenticationRequestExtraParams: { prompt: "login" } },
    };
    expect(parseOperationInput("CreateWorkforce", good)).toEqual(good);
  });

  it("does not echo sensitive values", () => {
    const oidc = Object.fromEntries(
      ["ClientId", "ClientSecret", "Issuer", "AuthorizationEndpoint", "TokenEndpoint"]
        .concat(["UserInfoEndpoint", "LogoutEndpoint", "JwksUri"])
        .map((name) => [name, name.startsWith("Client") ? "x" : STRING_SAMPLES.OidcEndpoint]),
    );
    const body = { WorkforceName: "default", OidcConfig: { ...oidc, ClientSecret: "tab\tsecret" } };
    expect(validationFailure("CreateWorkforce", body)).toEqual(
      oneError(
        "Value at 'oidcConfig.clientSecret' failed to satisfy constraint: Member must satisfy regular expression pattern: [ -~]+",
      ),
    );
  });
});

describe("deserialization", () => {
  const at = (value: unknown): JsonObject => ({
    WorkteamArn: STRING_SAMPLES.WorkteamArn,
    CreationTimeAfter: value,
  });
  const parsedTime = (value: unknown): unknown =>
    parseOperationInput("ListLabelingJobsForWorkteam", at(value)).CreationTimeAfter;

  it("reads timestamps as epoch seconds (number or numeric string) or ISO-8601, into the same Date", () => {
    const whole = new Date("2023-11-14T22:13:20.000Z");
    for (const value of [1700000000, "1700000000", "2023-11-14T22:13:20Z", "2023-11-14T23:13:20+01:00"]) {
      expect(parsedTime(value)).toEqual(whole);
    }
    const half = new Date("2023-11-14T22:13:20.500Z");
    for (const value of [1700000000.5, "1700000000.5", "2023-11-14T22:13:20.500Z", "2023-11-14T22:13:20.5"]) {
      expect(parsedTime(value)).toEqual(half);
    }
  });

  it("rejects values that are not timestamps", () => {
    for (const value of ["yesterday", "2023-02-30T00:00:00Z", "2023-11-14T25:00:00Z", true, [1], {}]) {
      expect(thrownBy(() => parsedTime(value))).toMatchObject({
        code: "SerializationException",
        message:
          "Unexpected value type for 'creationTimeAfter': expected a timestamp (epoch seconds or an ISO-8601 date-time)",
      });
    }
  });

  it.each([
    [
      "a string for an integer",
      { HumanTaskConfig: { NumberOfHumanWorkersPerDataObject: "3" } },
      "humanTaskConfig.numberOfHumanWorkersPerDataObject",
      "an integer",
    ],
    [
      "a fraction for an integer",
      { HumanTaskConfig: { TaskTimeLimitInSeconds: 30.5 } },
      "humanTaskConfig.taskTimeLimitInSeconds",
      "an integer",
    ],
    [
      "an overflowing integer",
      { HumanTaskConfig: { TaskTimeLimitInSeconds: 2 ** 31 } },
      "humanTaskConfig.taskTimeLimitInSeconds",
      "a 32-bit integer",
    ],
    ["a number for a string", { LabelingJobName: 42 }, "labelingJobName", "a string"],
    ["an object for a list", { Tags: { Key: "k", Value: "v" } }, "tags", "a list"],
    ["a list for a structure", { InputConfig: [] }, "inputConfig", "an object"],
    ["a string for a list item structure", { Tags: ["k=v"] }, "tags.1.member", "an object"],
  ] as const)("rejects %s with a SerializationException", (_what, body, path, expected) => {
    expect(thrownBy(() => parseOperationInput("CreateLabelingJob", body))).toMatchObject({
      code: "SerializationException",
      message: `Unexpected value type for '${path}': expected ${expected}`,
    });
  });

  it("reports a type mismatch even when constraints are also violated", () => {
    expect(thrownBy(() => parseOperationInput("CreateLabelingJob", { Tags: 1 })).code).toBe(
      "SerializationException",
    );
  });

  it.each([null, [], "{}", 1, undefined])("rejects a body that is not a JSON object: %j", (body) => {
    expect(thrownBy(() => parseOperationInput("ListWorkteams", body))).toMatchObject({
      code: "SerializationException",
      message: "Unexpected request body: expected a JSON object",
    });
  });

  it("checks booleans strictly", () => {
    const shapes: ShapeTable<"In" | "Flag"> = {
      In: { type: "structure", members: [{ name: "Flag", shape: "Flag", required: false }] },
      Flag: { type: "boolean" },
    };
    expect(validateInput(shapes, "In", { Flag: false })).toEqual({ Flag: false });
    expect(thrownBy(() => validateInput(shapes, "In", { Flag: "true" }))).toMatchObject({
      code: "SerializationException",
      message: "Unexpected value type for 'flag': expected a boolean",
    });
  });

  it("drops unknown members, at every level", () => {
    const body = {
      LabelingJobName: "job",
      Extra: 1,
      __proto__: { polluted: true },
    };
    const parsed = parseOperationInput("StopLabelingJob", JSON.parse(JSON.stringify(body)) as unknown);
    expect(parsed).toEqual({ LabelingJobName: "job" });
    expect(Object.keys(parsed)).toEqual(["LabelingJobName"]);
    const nested = parseOperationInput("AddTags", {
      ResourceArn: STRING_SAMPLES.ResourceArn,
      Tags: [{ Key: "k", Value: "v", Color: "red" }],
    });
    expect(nested.Tags).toEqual([{ Key: "k", Value: "v" }]);
  });

  it("treats null as absent", () => {
    expect(parseOperationInput("ListWorkteams", { SortBy: null, MaxResults: null })).toEqual({});
    expect(validationFailure("StopLabelingJob", { LabelingJobName: null })).toEqual(
      oneError("Value null at 'labelingJobName' failed to satisfy constraint: Member must not be null"),
    );
  });

  it("accepts the documentation's CreateLabelingJob request unchanged", () => {
    const body = JSON.parse(readFileSync(FIXTURE, "utf8")) as unknown;
    const parsed = parseOperationInput("CreateLabelingJob", body);
    expect(parsed).toEqual(body);
    expect(parsed).not.toBe(body);
  });
});

describe("operations", () => {
  it("knows the 18 operations of the model", () => {
    expect(SAGEMAKER_OPERATIONS).toHaveLength(18);
    expect(isSageMakerOperation("CreateLabelingJob")).toBe(true);
    expect(isSageMakerOperation("CreateTrainingJob")).toBe(false);
    expect(isSageMakerOperation("toString")).toBe(false);
  });
});

describe("scripts/gen-model.ts", () => {
  it("--check finds the generated model up to date", { timeout: 60_000 }, () => {
    const result = spawnSync("npx", ["tsx", "scripts/gen-model.ts", "--check"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
  });
});
