import { describe, expect, it } from "vitest";
import type { MonoType, ParameterType, Statement, TypeExpression } from "../ast/nodes.js";
import { astToJSON, parse } from "../index.js";

/** A compact rendering of a type, to state expectations in one line. */
function show(t: MonoType): string {
  switch (t.type) {
    case "TvarType":
    case "NamedType":
      return t.name.name;
    case "ArrayType":
      return `[${show(t.element)}]`;
    case "StreamType":
      return `stream[${show(t.element)}]`;
    case "DictType":
      return `[${show(t.key)}:${show(t.val)}]`;
    case "DynamicType":
      return "dynamic";
    case "RecordType":
      return `{${t.tvar ? `${t.tvar.name} with ` : ""}${t.properties
        .map((p) => `${p.name.type === "Identifier" ? p.name.name : JSON.stringify(p.name.value)}: ${show(p.monotype)}`)
        .join(", ")}}`;
    case "FunctionType":
      return `(${t.parameters.map(showParameter).join(", ")}) => ${show(t.monotype)}`;
  }
}

function showParameter(p: ParameterType): string {
  switch (p.type) {
    case "Required":
      return `${p.name.name}: ${show(p.monotype)}`;
    case "Optional":
      return `?${p.name.name}: ${show(p.monotype)}${p.default ? ` = ${JSON.stringify(p.default.value)}` : ""}`;
    case "Pipe":
      return `<-${p.name?.name ?? ""}: ${show(p.monotype)}`;
  }
}

function builtin(source: string): { statement: Statement; ty: TypeExpression } {
  const result = parse(source);
  expect(result.errors).toEqual([]);
  const statement = result.package.files[0]?.body[0];
  if (statement?.type !== "BuiltinStatement") throw new Error("expected a builtin statement");
  return { statement, ty: statement.ty };
}

describe("builtin statements and type expressions", () => {
  it("reads a standard-library style declaration", () => {
    const { statement, ty } = builtin(
      "builtin from : (?bucket: string, ?bucketID: string) => stream[{A with _time: time}] where A: Record",
    );
    expect(statement.location?.start).toEqual({ line: 1, column: 1 });
    // The statement runs to the end of its constraints: 99 characters.
    expect(statement.location?.end).toEqual({ line: 1, column: 100 });
    expect(show(ty.monotype)).toBe("(?bucket: string, ?bucketID: string) => stream[{A with _time: time}]");
    expect(ty.constraints.map((c) => `${c.tvar.name}: ${c.kinds.map((k) => k.name).join(" + ")}`)).toEqual(["A: Record"]);
  });

  it("reads pipe parameters, nested functions and several constraints", () => {
    const { ty } = builtin("builtin filter : (<-tables: stream[A], fn: (r: A) => bool, ?onEmpty: string) => stream[A] where A: Record, B: Addable + Comparable");
    expect(show(ty.monotype)).toBe("(<-tables: stream[A], fn: (r: A) => bool, ?onEmpty: string) => stream[A]");
    expect(ty.constraints.map((c) => c.kinds.length)).toEqual([1, 2]);
    expect(show(builtin("builtin f : (<-: int) => int").ty.monotype)).toBe("(<-: int) => int");
  });

  it("reads arrays, dictionaries, records with string keys, dynamic and defaults", () => {
    expect(show(builtin("builtin a : [int]").ty.monotype)).toBe("[int]");
    expect(show(builtin("builtin d : [string:int]").ty.monotype)).toBe("[string:int]");
    expect(show(builtin('builtin r : {"a b": int, c: [T]}').ty.monotype)).toBe('{"a b": int, c: [T]}');
    expect(show(builtin("builtin e : {}").ty.monotype)).toBe("{}");
    expect(show(builtin("builtin x : dynamic").ty.monotype)).toBe("dynamic");
    expect(show(builtin('builtin g : (?column: A = "_value") => A').ty.monotype)).toBe('(?column: A = "_value") => A');
  });

  it("gives the type expression its monotype's location", () => {
    const { statement, ty } = builtin("builtin x : int");
    expect(statement.location?.source).toBe("builtin x : int");
    expect(ty.location?.source).toBe("int");
    expect(ty.monotype.type).toBe("NamedType");
  });

  it("tells type variables (one letter) from named types", () => {
    expect(builtin("builtin t : T").ty.monotype.type).toBe("TvarType");
    expect(builtin("builtin t : int").ty.monotype.type).toBe("NamedType");
  });

  it("reports a missing colon", () => {
    expect(parse("builtin x int").errors[0]?.message).toBe("expected COLON, got IDENT (int) at 1:11");
  });

  it("writes InfluxDB's shape: the name is kept, the type is not", () => {
    const json = JSON.parse(astToJSON(parse("builtin x : int").package)) as { files: { body: unknown[] }[] };
    expect(json.files[0]?.body[0]).toMatchObject({
      type: "BuiltinStatement",
      id: { type: "Identifier", name: "x" },
      ty: { type: "TypeExpression", monotype: null, constraints: null },
    });
  });
});
