/** Reading a builtin's named arguments with Flux's messages for missing or mistyped ones. */
import type { SourceLocation } from "../ast/nodes.js";
import { FluxRuntimeError } from "../interpreter/errors.js";
import type { TableStream } from "../table/types.js";
import type { Duration } from "../values/duration.js";
import type { FunctionValue, RecordValue, StreamValue, Value } from "../values/value.js";

type KindOf<K extends Value["kind"]> = Extract<Value, { kind: K }>;

export class Args {
  constructor(
    readonly fn: string,
    readonly values: ReadonlyMap<string, Value>,
    readonly site: SourceLocation | undefined,
  ) {}

  fail(detail: string): never {
    throw new FluxRuntimeError(detail, this.site);
  }

  has(name: string): boolean {
    const v = this.values.get(name);
    return v !== undefined && v.kind !== "null";
  }

  get(name: string): Value | undefined {
    const v = this.values.get(name);
    return v === undefined || v.kind === "null" ? undefined : v;
  }

  private typed<K extends Value["kind"]>(name: string, kinds: readonly K[]): KindOf<K> | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (!(kinds as readonly string[]).includes(v.kind)) {
      this.fail(`keyword argument "${name}" should be of kind ${kinds.join(" or ")}, but got ${v.kind}`);
    }
    return v as KindOf<K>;
  }

  private required<T>(name: string, value: T | undefined): T {
    if (value === undefined) this.fail(`missing required argument ${name}`);
    return value;
  }

  stream(name = "tables"): StreamValue {
    return this.required(name, this.typed(name, ["stream"]));
  }

  tables(name = "tables"): TableStream {
    return this.stream(name).stream;
  }

  optionalString(name: string): string | undefined {
    return this.typed(name, ["string"])?.value;
  }
  string(name: string, fallback?: string): string {
    return this.required(name, this.optionalString(name) ?? fallback);
  }

  optionalInt(name: string): bigint | undefined {
    return this.typed(name, ["int"])?.value;
  }
  int(name: string, fallback?: bigint): bigint {
    return this.required(name, this.optionalInt(name) ?? fallback);
  }

  optionalNumber(name: string): number | undefined {
    const v = this.typed(name, ["int", "uint", "float"]);
    return v === undefined ? undefined : Number(v.value);
  }
  number(name: string, fallback?: number): number {
    return this.required(name, this.optionalNumber(name) ?? fallback);
  }

  optionalBool(name: string): boolean | undefined {
    return this.typed(name, ["bool"])?.value;
  }
  bool(name: string, fallback?: boolean): boolean {
    return this.required(name, this.optionalBool(name) ?? fallback);
  }

  optionalDuration(name: string): Duration | undefined {
    return this.typed(name, ["duration"])?.value;
  }
  duration(name: string, fallback?: Duration): Duration {
    return this.required(name, this.optionalDuration(name) ?? fallback);
  }

  /** A time, or a duration relative to `now` (as `range(start: -1h)` takes). */
  optionalTime(name: string, now: () => bigint, add: (t: bigint, d: Duration) => bigint): bigint | undefined {
    const v = this.typed(name, ["time", "duration", "int"]);
    if (v === undefined) return undefined;
    if (v.kind === "duration") return add(now(), v.value);
    if (v.kind === "int") return v.value * 1_000_000_000n;
    return v.value;
  }

  optionalFunction(name: string): FunctionValue | undefined {
    return this.typed(name, ["function"]);
  }
  function(name: string): FunctionValue {
    return this.required(name, this.optionalFunction(name));
  }

  optionalRecord(name: string): RecordValue | undefined {
    return this.typed(name, ["record"]);
  }
  record(name: string): RecordValue {
    return this.required(name, this.optionalRecord(name));
  }

  optionalArray(name: string): readonly Value[] | undefined {
    return this.typed(name, ["array"])?.elements;
  }
  array(name: string): readonly Value[] {
    return this.required(name, this.optionalArray(name));
  }

  optionalStrings(name: string): string[] | undefined {
    const elements = this.optionalArray(name);
    if (elements === undefined) return undefined;
    return elements.map((e) => (e.kind === "string" ? e.value : this.fail(`keyword argument "${name}" should be an array of strings, got ${e.kind}`)));
  }
  strings(name: string, fallback?: string[]): string[] {
    return this.required(name, this.optionalStrings(name) ?? fallback);
  }
}
