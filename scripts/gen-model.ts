/**
 * Generates `server/sagemaker/generated/model.ts` (types, operation table and the constraint table
 * the runtime validator walks) from the vendored botocore model slice.
 *
 *   npx tsx scripts/gen-model.ts           write the file
 *   npx tsx scripts/gen-model.ts --check   write nothing; exit 1 if the file on disk is stale
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ShapeSpec, StructureMemberSpec } from "../server/sagemaker/validation/shape-spec.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const MODEL_PATH = "server/sagemaker/model/sagemaker-labeling-model.json";
const OUTPUT_PATH = "server/sagemaker/generated/model.ts";

// ---------------------------------------------------------------------------------------------
// Reading the model (checked at runtime: the JSON is data, not trusted types)
// ---------------------------------------------------------------------------------------------

interface Operation {
  readonly name: string;
  readonly input: string;
  readonly output: string | null;
}

interface Model {
  readonly operations: readonly Operation[];
  /** In model order. */
  readonly shapes: ReadonlyMap<string, ShapeSpec>;
}

class ModelError extends Error {}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function objectAt(value: unknown, where: string): Record<string, unknown> {
  if (!isObject(value)) throw new ModelError(`${where}: expected an object`);
  return value;
}

function optionalNumber(value: unknown, where: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new ModelError(`${where}: expected an integer`);
  }
  return value;
}

function optionalString(value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new ModelError(`${where}: expected a string`);
  return value;
}

function stringArray(value: unknown, where: string): string[] {
  if (!Array.isArray(value)) throw new ModelError(`${where}: expected an array`);
  return value.map((item, index) => {
    if (typeof item !== "string") throw new ModelError(`${where}[${index}]: expected a string`);
    return item;
  });
}

function shapeRef(value: unknown, where: string): string {
  const shape = objectAt(value, where).shape;
  if (typeof shape !== "string") throw new ModelError(`${where}.shape: expected a string`);
  return shape;
}

function readShape(name: string, raw: Record<string, unknown>): ShapeSpec {
  const where = `shapes.${name}`;
  const min = optionalNumber(raw.min, `${where}.min`);
  const max = optionalNumber(raw.max, `${where}.max`);
  const flags = {
    ...(raw.sensitive === true ? { sensitive: true } : {}),
  };
  const bounds = { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
  switch (raw.type) {
    case "structure": {
      const members = objectAt(raw.members ?? {}, `${where}.members`);
      const required = raw.required === undefined ? [] : stringArray(raw.required, `${where}.required`);
      for (const name of required) {
        if (!(name in members)) throw new ModelError(`${where}.required: unknown member ${name}`);
      }
      const memberSpecs: StructureMemberSpec[] = Object.entries(members).map(([memberName, ref]) => ({
        name: memberName,
        shape: shapeRef(ref, `${where}.members.${memberName}`),
        required: required.includes(memberName),
      }));
      return {
        type: "structure",
        members: memberSpecs,
        ...flags,
        ...(raw.exception === true ? { exception: true } : {}),
      };
    }
    case "string": {
      const pattern = optionalString(raw.pattern, `${where}.pattern`);
      if (pattern !== undefined) {
        try {
          new RegExp(`^(?:${pattern})$`, "u");
        } catch (error) {
          throw new ModelError(`${where}.pattern does not compile with the u flag: ${String(error)}`);
        }
      }
      const values = raw.enum === undefined ? undefined : stringArray(raw.enum, `${where}.enum`);
      return {
        type: "string",
        ...bounds,
        ...(pattern === undefined ? {} : { pattern }),
        ...(values === undefined ? {} : { enum: values }),
        ...flags,
      };
    }
    case "integer":
      return { type: "integer", ...bounds, ...flags };
    case "boolean":
      return { type: "boolean", ...flags };
    case "timestamp":
      return { type: "timestamp", ...flags };
    case "list":
      return { type: "list", member: shapeRef(raw.member, `${where}.member`), ...bounds, ...flags };
    case "map":
      return {
        type: "map",
        key: shapeRef(raw.key, `${where}.key`),
        value: shapeRef(raw.value, `${where}.value`),
        ...bounds,
        ...flags,
      };
    default:
      throw new ModelError(`${where}.type: unsupported shape type ${JSON.stringify(raw.type)}`);
  }
}

function referencedShapes(spec: ShapeSpec): string[] {
  switch (spec.type) {
    case "structure":
      return spec.members.map((member) => member.shape);
    case "list":
      return [spec.member];
    case "map":
      return [spec.key, spec.value];
    default:
      return [];
  }
}

function readModel(text: string): Model {
  const root = objectAt(JSON.parse(text) as unknown, "model");
  const shapes = new Map<string, ShapeSpec>();
  for (const [name, raw] of Object.entries(objectAt(root.shapes, "shapes"))) {
    shapes.set(name, readShape(name, objectAt(raw, `shapes.${name}`)));
  }
  const operations = Object.entries(objectAt(root.operations, "operations")).map(([name, raw]) => {
    const op = objectAt(raw, `operations.${name}`);
    return {
      name,
      input: shapeRef(op.input, `operations.${name}.input`),
      output: op.output === undefined ? null : shapeRef(op.output, `operations.${name}.output`),
    };
  });
  const check = (shape: string, where: string): void => {
    if (!shapes.has(shape)) throw new ModelError(`${where}: unknown shape ${shape}`);
  };
  for (const op of operations) {
    check(op.input, `operations.${op.name}.input`);
    if (op.output !== null) check(op.output, `operations.${op.name}.output`);
  }
  for (const [name, spec] of shapes) {
    for (const ref of referencedShapes(spec)) check(ref, `shapes.${name}`);
  }
  return { operations, shapes };
}

// ---------------------------------------------------------------------------------------------
// Emitting TypeScript
// ---------------------------------------------------------------------------------------------

/** Names the generated file declares or uses itself; a shape may not take them. */
const RESERVED_NAMES = new Set([
  "SageMakerOperation",
  "SAGEMAKER_OPERATIONS",
  "ShapeName",
  "ShapeSpec",
  "SHAPES",
  "OperationShapes",
  "OPERATION_INPUT_SHAPE",
  "OPERATION_OUTPUT_SHAPE",
  "Record",
  "Date",
  "Array",
  ...["any", "unknown", "never", "string", "number", "boolean", "object", "symbol", "bigint", "void"],
  ...["undefined", "null"],
]);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const MAX_LINE = 110;

const literal = (value: string): string => JSON.stringify(value);
const propertyKey = (name: string): string => (IDENTIFIER.test(name) ? name : literal(name));

/** `export type Name = A | B;`, one member a line when it would be long. */
function unionType(name: string, values: readonly string[]): string {
  const oneLine = `export type ${name} = ${values.join(" | ")};`;
  if (oneLine.length <= MAX_LINE) return oneLine;
  return `export type ${name} =\n${values.map((value) => `  | ${value}`).join("\n")};`;
}

function typeDeclaration(name: string, spec: ShapeSpec): string {
  switch (spec.type) {
    case "structure": {
      if (spec.members.length === 0) return `export interface ${name} {}`;
      const lines = spec.members.map(
        (member) => `  ${propertyKey(member.name)}${member.required ? "" : "?"}: ${member.shape};`,
      );
      return `export interface ${name} {\n${lines.join("\n")}\n}`;
    }
    case "string":
      return spec.enum === undefined
        ? `export type ${name} = string;`
        : unionType(name, spec.enum.map(literal));
    case "integer":
      return `export type ${name} = number;`;
    case "boolean":
      return `export type ${name} = boolean;`;
    case "timestamp":
      return `export type ${name} = Date;`;
    case "list":
      return `export type ${name} = ${spec.member}[];`;
    case "map":
      return `export type ${name} = Record<string, ${spec.value}>;`;
  }
}

/** One `Name: { ... },` entry of the `SHAPES` table. */
function specEntry(name: string, spec: ShapeSpec): string {
  const key = propertyKey(name);
  const fields: string[] = [`type: ${literal(spec.type)}`];
  if ("min" in spec && spec.min !== undefined) fields.push(`min: ${spec.min}`);
  if ("max" in spec && spec.max !== undefined) fields.push(`max: ${spec.max}`);
  if (spec.type === "string") {
    if (spec.pattern !== undefined) fields.push(`pattern: ${literal(spec.pattern)}`);
    if (spec.enum !== undefined) fields.push(`enum: [${spec.enum.map(literal).join(", ")}]`);
  }
  if (spec.type === "list") fields.push(`member: ${literal(spec.member)}`);
  if (spec.type === "map") fields.push(`key: ${literal(spec.key)}`, `value: ${literal(spec.value)}`);
  if (spec.sensitive === true) fields.push("sensitive: true");
  if (spec.type === "structure") {
    if (spec.exception === true) fields.push("exception: true");
    const members = spec.members.map((member) => {
      const parts = [
        `name: ${literal(member.name)}`,
        `shape: ${literal(member.shape)}`,
        `required: ${String(member.required)}`,
      ];
      const oneLine = `      { ${parts.join(", ")} },`;
      return oneLine.length <= MAX_LINE
        ? oneLine
        : `      {\n${parts.map((part) => `        ${part},`).join("\n")}\n      },`;
    });
    fields.push(members.length === 0 ? "members: []" : `members: [\n${members.join("\n")}\n    ]`);
  } else {
    const oneLine = `  ${key}: { ${fields.join(", ")} },`;
    if (oneLine.length <= MAX_LINE) return oneLine;
  }
  return `  ${key}: {\n${fields.map((field) => `    ${field},`).join("\n")}\n  },`;
}

function generate(model: Model): string {
  for (const name of model.shapes.keys()) {
    if (RESERVED_NAMES.has(name) || !IDENTIFIER.test(name)) {
      throw new ModelError(`shape name ${name} cannot be used as a TypeScript type name here`);
    }
  }
  const ops = model.operations;
  const shapeNames = [...model.shapes.keys()];
  const out: string[] = [];
  out.push(
    `// Generated by scripts/gen-model.ts from ${MODEL_PATH}. Do not edit.`,
    "// Regenerate with `npm run gen:model`; CI runs `npm run check:model`.",
    "",
    `import type { ShapeSpec } from "../validation/shape-spec.js";`,
    "",
    "// --- Operations ---------------------------------------------------------------------------",
    "",
    unionType(
      "SageMakerOperation",
      ops.map((op) => literal(op.name)),
    ),
    "",
    "export const SAGEMAKER_OPERATIONS: readonly SageMakerOperation[] = [",
    ...ops.map((op) => `  ${literal(op.name)},`),
    "];",
    "",
    "// --- Shape types (named as in the model) ---------------------------------------------------",
    "",
  );
  for (const [name, spec] of model.shapes) {
    out.push(typeDeclaration(name, spec), "");
  }
  out.push(
    "export interface OperationShapes {",
    ...ops.map((op) => {
      const input = `input: ${op.input}`;
      const output = `output: ${op.output ?? "Record<string, never>"}`;
      const oneLine = `  ${propertyKey(op.name)}: { ${input}; ${output} };`;
      return oneLine.length <= MAX_LINE
        ? oneLine
        : `  ${propertyKey(op.name)}: {\n    ${input};\n    ${output};\n  };`;
    }),
    "}",
    "",
    "// --- Constraint data for the runtime validator ---------------------------------------------",
    "",
    unionType("ShapeName", shapeNames.map(literal)),
    "",
    "/** Every shape's constraints; structure members are in model order. */",
    "export const SHAPES: Readonly<Record<ShapeName, ShapeSpec<ShapeName>>> = {",
    ...shapeNames.map((name) => {
      const spec = model.shapes.get(name);
      if (spec === undefined) throw new ModelError(`missing shape ${name}`);
      return specEntry(name, spec);
    }),
    "};",
    "",
    "export const OPERATION_INPUT_SHAPE: Readonly<Record<SageMakerOperation, ShapeName>> = {",
    ...ops.map((op) => `  ${propertyKey(op.name)}: ${literal(op.input)},`),
    "};",
    "",
    "/** `null` for an operation whose output is empty (no output shape in the model). */",
    "export const OPERATION_OUTPUT_SHAPE: Readonly<Record<SageMakerOperation, ShapeName | null>> = {",
    ...ops.map((op) => `  ${propertyKey(op.name)}: ${op.output === null ? "null" : literal(op.output)},`),
    "};",
    "",
  );
  return out.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

function main(args: readonly string[]): number {
  const unknown = args.filter((arg) => arg !== "--check");
  if (unknown.length > 0) {
    console.error(`gen-model: unknown argument(s): ${unknown.join(" ")}\nusage: gen-model.ts [--check]`);
    return 2;
  }
  const check = args.includes("--check");
  const expected = generate(readModel(readFileSync(join(ROOT, MODEL_PATH), "utf8")));
  const outputFile = join(ROOT, OUTPUT_PATH);
  const current = existsSync(outputFile) ? readFileSync(outputFile, "utf8").replace(/\r\n/g, "\n") : null;
  if (check) {
    if (current === expected) {
      console.log(`gen-model: ${OUTPUT_PATH} is up to date.`);
      return 0;
    }
    console.error(
      current === null
        ? `gen-model: ${OUTPUT_PATH} is missing. Run \`npm run gen:model\` and commit the result.`
        : `gen-model: ${OUTPUT_PATH} is stale (it differs from what ${MODEL_PATH} generates). ` +
            "Run `npm run gen:model` and commit the result; do not edit the generated file by hand.",
    );
    return 1;
  }
  if (current === expected) {
    console.log(`gen-model: ${OUTPUT_PATH} is already up to date.`);
    return 0;
  }
  mkdirSync(dirname(outputFile), { recursive: true });
  writeFileSync(outputFile, expected);
  console.log(`gen-model: wrote ${OUTPUT_PATH}.`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof ModelError)) throw error;
  console.error(`gen-model: invalid model ${MODEL_PATH}: ${error.message}`);
  process.exitCode = 1;
}
