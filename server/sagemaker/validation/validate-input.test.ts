import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { GtError } from "../../../emulator/errors.js";
import {
  OPERATION_INPUT_SHAPE,
  SAGEMAKER_OPERATIONS,
  SHAPES,
  type SageMakerOperation,
  type ShapeName,
} from "../generated/model.js";
import { isSageMakerOperation, parseOperationInput } from "./index.js";
import type { ShapeTable, StringSpec } from "./shape-spec.js";
import { validateInput } from "./validate-input.js";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const FIXTURE = new URL(
  "../../../test/fixtures/create-labeling-job.video-classification.json",
  import.meta.url,
);

type JsonObject = Record<string, unknown>;

function thrownBy(action: () => unknown): GtError {
  try {
    action();
  } catch (error) {
    if (error instanceof GtError) return error;
    throw error;
  }
  throw new Error("expected a GtError, but nothing was thrown");
}

function validationFailure(operation: SageMakerOperation, body: unknown): { code: string; message: string } {
  const error = thrownBy(() => parseOperationInput(operation, body));
  return { code: error.code, message: error.message };
}

const oneError = (text: string): { code: string; message: string } => ({
  code: "ValidationException",
  message: `1 validation error detected: ${text}`,
});

// ---------------------------------------------------------------------------------------------
// An independent oracle of the rules, written from the brief (not from the validator's code)
// ---------------------------------------------------------------------------------------------

const lowerCamel = (name: string): string => name.slice(0, 1).toLowerCase() + name.slice(1);
const codePoints = (value: string): number => Array.from(value).length;
const wholeMatch = (pattern: string, value: string): boolean =>
  new RegExp(`^(?:${pattern})$`, "u").test(value);

/** The constraints a string value fails, in the order Coral reports them. */
function stringFailures(spec: StringSpec, value: string): string[] {
  const failures: string[] = [];
  const length = codePoints(value);
  if (spec.min !== undefined && length < spec.min) {
    failures.push(`Member must have length greater than or equal to ${spec.min}`);
  }
  if (spec.max !== undefined && length > spec.max) {
    failures.push(`Member must have length less than or equal to ${spec.max}`);
  }
  if (spec.enum !== undefined && !spec.enum.includes(value)) {
    failures.push(`Member must satisfy enum value set: [${spec.enum.join(", ")}]`);
  }
  if (spec.pattern !== undefined && !wholeMatch(spec.pattern, value)) {
    failures.push(`Member must satisfy regular expression pattern: ${spec.pattern}`);
  }
  return failures;
}

/** Java-`toString`-like echo of a value: strings raw, lists `[a, b]`, objects `{K=v, ...}`. */
function echo(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(echo).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}=${echo(item)}`)
      .join(", ")}}`;
  }
  return typeof value === "string" ? value : JSON.stringify(value);
}

function expectedMessage(path: string, shown: string | undefined, constraints: readonly string[]): string {
  const value = shown === undefined ? "Value" : `Value ${shown}`;
  const errors = constraints.map((c) => `${value} at '${path}' failed to satisfy constraint: ${c}`);
  const noun = errors.length === 1 ? "error" : "errors";
  return `${errors.length} validation ${noun} detected: ${errors.join("; ")}`;
}

// ---------------------------------------------------------------------------------------------
// Valid values per shape
// ---------------------------------------------------------------------------------------------

/** Hand-made valid values for patterned strings (checked against the model below). */
const STRING_SAMPLES: Partial<Record<ShapeName, string>> = {
  AccountId: "123456789012",
  AuthenticationRequestExtraParamsKey: "prompt",
  AuthenticationRequestExtraParamsValue: "login",
  Cidr: "10.0.0.0/16",
  ClientId: "client-id",
  ClientSecret: "client-secret",
  CognitoUserGroup: "labelers",
  CognitoUserPool: "us-east-1_abcDEF123",
  Group: "labelers",
  HumanTaskUiArn: "arn:aws:sagemaker:us-east-1:123456789012:human-task-ui/my-ui",
  JobReferenceCode: "ref",
  JobReferenceCodeContains: "ref",
  KmsKeyId: "key",
  LabelAttributeName: "label",
  LabelingJobAlgorithmSpecificationArn:
    "arn:aws:sagemaker:us-east-1:027400017018:labeling-job-algorithm-specification/image-classification",
  LabelingJobArn: "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/job",
  LabelingJobName: "job",
  LambdaFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:fn",
  ModelArn: "arn:aws:sagemaker:us-east-1:123456789012:model/model",
  NameContains: "job",
  NextToken: "token",
  NotificationTopicArn: "arn:aws:sns:us-east-1:123456789012:topic",
  OidcEndpoint: "https://idp.example.com/oauth2",
  ResourceArn: "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/job",
  RoleArn: "arn:aws:iam::123456789012:role/GroundTruth",
  S3Uri: "s3://bucket/key",
  Scope: "openid profile",
  SecurityGroupId: "sg-1",
  SnsTopicArn: "arn:aws:sns:us-east-1:123456789012:topic",
  String200: "A team",
  SubnetId: "subnet-1",
  TagKey: "key",
  TagValue: "value",
  TaskDescription: "Describe it",
  TaskInput: "{}",
  TaskKeyword: "images",
  TaskTitle: "Title",
  TemplateContent: "<p>{{ task.input }}</p>",
  WorkforceArn: "arn:aws:sagemaker:us-east-1:123456789012:workforce/default",
  WorkforceName: "default",
  WorkforceSecurityGroupId: "sg-0abc",
  WorkforceSubnetId: "subnet-0abc",
  WorkforceVpcEndpointId: "vpce-0abc",
  WorkforceVpcId: "vpc-0abc",
  WorkteamArn: "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/team",
  WorkteamName: "team",
};

const SHAPE_NAMES = Object.keys(SHAPES).filter((name): name is ShapeName => name in SHAPES);

function sampleString(name: ShapeName, spec: StringSpec): string {
  return STRING_SAMPLES[name] ?? spec.enum?.[0] ?? "a".repeat(Math.max(spec.min ?? 0, 1));
}

/** A minimal valid value: structures with their required members only, lists at their minimum size. */
function minimal(name: ShapeName): unknown {
  const spec = SHAPES[name];
  switch (spec.type) {
    case "structure":
      return Object.fromEntries(
        spec.members
          .filter((member) => member.required)
          .map((member) => [member.name, minimal(member.shape)]),
      );
    case "list":
      return Array.from({ length: spec.min ?? 0 }, () => minimal(spec.member));
    case "map":
      return mapOf(name, spec.min ?? 0);
    case "string":
      return sampleString(name, spec);
    case "integer":
      return Math.min(spec.min ?? 1, spec.max ?? Number.MAX_SAFE_INTEGER);
    case "boolean":
      return true;
    case "timestamp":
      return 1700000000;
  }
}

/** A map of `size` valid entries with distinct keys. */
function mapOf(name: ShapeName, size: number): JsonObject {
  const spec = SHAPES[name];
  if (spec.type !== "map") throw new Error(`${name} is not a map`);
  const key = minimal(spec.key);
  return Object.fromEntries(
    Array.from({ length: size }, (_, index) => [
      `${String(key)}${index === 0 ? "" : String(index)}`,
      minimal(spec.value),
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// Locations of constrained members, derived from the model
// ---------------------------------------------------------------------------------------------

type Step =
  { readonly kind: "member"; readonly name: string } | { readonly kind: "item" } | { readonly kind: "entry" };

interface Location {
  readonly operation: SageMakerOperation;
  readonly steps: readonly Step[];
  readonly shape: ShapeName;
  readonly required: boolean;
  readonly path: string;
}

const joinPath = (parent: string, child: string): string => (parent === "" ? child : `${parent}.${child}`);

function locations(operation: SageMakerOperation): Location[] {
  const found: Location[] = [];
  const visit = (shape: ShapeName, steps: Step[], path: string, stack: readonly ShapeName[]): void => {
    if (stack.includes(shape)) return; // recursive shapes: one level is enough
    const spec = SHAPES[shape];
    const inner = [...stack, shape];
    const add = (child: ShapeName, step: Step, childPath: string, required: boolean): void => {
      const childSteps = [...steps, step];
      found.push({ operation, steps: childSteps, shape: child, required, path: childPath });
      visit(child, childSteps, childPath, inner);
    };
    if (spec.type === "structure") {
      for (const member of spec.members) {
        add(
          member.shape,
          { kind: "member", name: member.name },
          joinPath(path, lowerCamel(member.name)),
          member.required,
        );
      }
    } else if (spec.type === "list") {
      add(spec.member, { kind: "item" }, joinPath(path, "1.member"), false);
    } else if (spec.type === "map") {
      add(spec.value, { kind: "entry" }, joinPath(path, String(minimal(spec.key))), false);
    }
  };
  visit(OPERATION_INPUT_SHAPE[operation], [], "", []);
  return found;
}

const DELETE = Symbol("delete");
const isList = (value: unknown): value is readonly unknown[] => Array.isArray(value);
type Leaf = (current: unknown) => unknown;

/** `current` (or a minimal valid value of `shape`) with the value at `steps` replaced by `leaf`. */
function withLeaf(shape: ShapeName, current: unknown, steps: readonly Step[], leaf: Leaf): unknown {
  const [step, ...rest] = steps;
  if (step === undefined) return leaf(current);
  const spec = SHAPES[shape];
  const base = current ?? minimal(shape);
  if (step.kind === "member" && spec.type === "structure") {
    const member = spec.members.find((m) => m.name === step.name);
    if (member === undefined || typeof base !== "object" || base === null) throw new Error("bad location");
    const object: JsonObject = { ...base };
    const child = withLeaf(member.shape, object[step.name], rest, leaf);
    if (child === DELETE)
      return Object.fromEntries(Object.entries(object).filter(([key]) => key !== step.name));
    return { ...object, [step.name]: child };
  }
  if (step.kind === "item" && spec.type === "list" && isList(base)) {
    const items: unknown[] = base.length === 0 ? [minimal(spec.member)] : [...base];
    items[0] = withLeaf(spec.member, items[0], rest, leaf);
    return items;
  }
  if (step.kind === "entry" && spec.type === "map") {
    const key = String(minimal(spec.key));
    const object: JsonObject = typeof base === "object" && base !== null ? { ...base } : {};
    return { ...object, [key]: withLeaf(spec.value, object[key], rest, leaf) };
  }
  throw new Error(`step ${step.kind} does not fit shape ${shape}`);
}

function inputWith(location: Location, leaf: Leaf): unknown {
  return withLeaf(OPERATION_INPUT_SHAPE[location.operation], undefined, location.steps, leaf);
}

interface ConstraintCase {
  readonly title: string;
  readonly operation: SageMakerOperation;
  readonly body: unknown;
  readonly message: string;
  /** Whether exactly one constraint is broken (false when the model makes that impossible). */
  readonly isolated: boolean;
}

const PATTERN_BREAKERS = ["\n", "!", " ", "\u0001", "#", "_", "é", "\u{1F600}", "~", "\uFFFF"];

/** Values of valid length that break the pattern, and lengthened values that keep it. */
function stringCandidates(name: ShapeName, spec: StringSpec): { value: string; target: string }[] {
  const sample = sampleString(name, spec);
  const chars = Array.from(sample);
  const candidates: { value: string; target: string }[] = [];
  if (spec.min !== undefined && spec.min > 0) {
    candidates.push({ value: chars.slice(0, spec.min - 1).join(""), target: "min" });
  }
  if (spec.max !== undefined) {
    const extra = spec.max + 1 - chars.length;
    for (const c of new Set([...chars.toReversed(), "a", "0", "-", " "])) {
      candidates.push({ value: sample + c.repeat(extra), target: "max" });
      candidates.push({ value: sample.slice(0, 1) + c.repeat(extra) + sample.slice(1), target: "max" });
    }
  }
  if (spec.enum !== undefined) candidates.push({ value: "NotAnEnumValue", target: "enum" });
  if (spec.pattern !== undefined) {
    for (const bad of PATTERN_BREAKERS) {
      const shorter = chars.slice(0, -1).join("");
      for (const value of [sample + bad, bad + sample, bad + sample.slice(1), shorter + bad, bad]) {
        candidates.push({ value, target: "pattern" });
      }
    }
  }
  return candidates;
}

/** The string cases of a map's key shape, each as a one-entry map with that key. */
function keyCases(location: Location, keyShape: ShapeName, valueShape: ShapeName): ConstraintCase[] {
  const keySpec = SHAPES[keyShape];
  if (keySpec.type !== "string") return [];
  const byTarget = new Map<string, { value: string; failures: string[] }>();
  for (const { value, target } of stringCandidates(keyShape, keySpec)) {
    const failures = stringFailures(keySpec, value);
    if (failures.length === 1 && !byTarget.has(target)) byTarget.set(target, { value, failures });
  }
  return [...byTarget].map(([target, { value, failures }]) => ({
    title: `${location.operation} ${location.path} key ${target}`,
    operation: location.operation,
    body: inputWith(location, () => ({ [value]: minimal(valueShape) })),
    message: expectedMessage(location.path, `'${value}'`, failures),
    isolated: true,
  }));
}

function casesAt(location: Location): ConstraintCase[] {
  const spec = SHAPES[location.shape];
  const { operation, path } = location;
  const cases: ConstraintCase[] = [];
  const add = (
    what: string,
    value: unknown,
    shown: string | undefined,
    failures: readonly string[],
  ): void => {
    cases.push({
      title: `${operation} ${path} ${what}`,
      operation,
      body: inputWith(location, () => value),
      message: expectedMessage(path, spec.sensitive === true ? undefined : shown, failures),
      isolated: failures.length === 1,
    });
  };
  if (location.required) {
    cases.push({
      title: `${operation} ${path} required`,
      operation,
      body: inputWith(location, () => DELETE),
      message: expectedMessage(path, "null", ["Member must not be null"]),
      isolated: true,
    });
  }
  switch (spec.type) {
    case "string": {
      // Per constraint, the first candidate breaking it alone; else the first one breaking it at all.
      const byTarget = new Map<string, { value: string; failures: string[] }>();
      for (const { value, target } of stringCandidates(location.shape, spec)) {
        const failures = stringFailures(spec, value);
        const previous = byTarget.get(target);
        const isolated = failures.length === 1;
        if (failures.length > 0 && (previous === undefined || (previous.failures.length > 1 && isolated))) {
          byTarget.set(target, { value, failures });
        }
      }
      for (const [target, { value, failures }] of byTarget) add(target, value, `'${value}'`, failures);
      break;
    }
    case "integer":
      if (spec.min !== undefined) {
        add("min", spec.min - 1, `'${spec.min - 1}'`, [
          `Member must have value greater than or equal to ${spec.min}`,
        ]);
      }
      if (spec.max !== undefined) {
        add("max", spec.max + 1, `'${spec.max + 1}'`, [
          `Member must have value less than or equal to ${spec.max}`,
        ]);
      }
      break;
    case "list":
    case "map": {
      // A map key's violations are reported at the map's own path.
      if (spec.type === "map") cases.push(...keyCases(location, spec.key, spec.value));
      const sized = (size: number): unknown =>
        spec.type === "list"
          ? Array.from({ length: size }, () => minimal(spec.member))
          : mapOf(location.shape, size);
      if (spec.min !== undefined && spec.min > 0) {
        const value = sized(spec.min - 1);
        add("min", value, `'${echo(value)}'`, [
          `Member must have length greater than or equal to ${spec.min}`,
        ]);
      }
      if (spec.max !== undefined) {
        const value = sized(spec.max + 1);
        add("max", value, `'${echo(value)}'`, [`Member must have length less than or equal to ${spec.max}`]);
      }
      break;
    }
    default:
      break;
  }
  return cases;
}

const ALL_LOCATIONS = SAGEMAKER_OPERATIONS.flatMap(locations);
const CASES = ALL_LOCATIONS.flatMap(casesAt);

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
