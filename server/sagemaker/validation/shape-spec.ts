/**
 * The constraint data of one model shape, as `scripts/gen-model.ts` emits it into
 * `server/sagemaker/generated/model.ts` (`SHAPES`). `N` is the union of shape names, so references
 * between shapes are checked by the compiler in the generated table.
 */

interface ShapeSpecBase {
  /** Smithy `@sensitive`: the value is never echoed in an error message. */
  readonly sensitive?: boolean;
}

export interface StructureMemberSpec<N extends string = string> {
  /** The member name as in the model (PascalCase); the wire name of the JSON protocol. */
  readonly name: string;
  readonly shape: N;
  readonly required: boolean;
}

export interface StructureSpec<N extends string = string> extends ShapeSpecBase {
  readonly type: "structure";
  /** In model order: validation errors are reported in this order. */
  readonly members: readonly StructureMemberSpec<N>[];
  readonly exception?: boolean;
}

export interface StringSpec extends ShapeSpecBase {
  readonly type: "string";
  /** Length bounds, in Unicode code points. */
  readonly min?: number;
  readonly max?: number;
  /** The pattern text exactly as in the model; it must match the whole value. */
  readonly pattern?: string;
  /** Allowed values, in model order. */
  readonly enum?: readonly string[];
}

export interface IntegerSpec extends ShapeSpecBase {
  readonly type: "integer";
  readonly min?: number;
  readonly max?: number;
}

export interface BooleanSpec extends ShapeSpecBase {
  readonly type: "boolean";
}

export interface TimestampSpec extends ShapeSpecBase {
  readonly type: "timestamp";
}

export interface ListSpec<N extends string = string> extends ShapeSpecBase {
  readonly type: "list";
  readonly member: N;
  /** Bounds on the number of items. */
  readonly min?: number;
  readonly max?: number;
}

export interface MapSpec<N extends string = string> extends ShapeSpecBase {
  readonly type: "map";
  readonly key: N;
  readonly value: N;
  /** Bounds on the number of entries. */
  readonly min?: number;
  readonly max?: number;
}

export type ShapeSpec<N extends string = string> =
  StructureSpec<N> | StringSpec | IntegerSpec | BooleanSpec | TimestampSpec | ListSpec<N> | MapSpec<N>;

export type ShapeType = ShapeSpec["type"];

/** A table of shapes keyed by name, closed over its own names. */
export type ShapeTable<N extends string = string> = Readonly<Record<N, ShapeSpec<N>>>;
