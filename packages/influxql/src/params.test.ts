// `params` as InfluxDB 1.6.7 reads it: every expected text here is influxd 1.6.7's answer to the
// same request (the differential suite, e2e/src/v1, sends the same ones to both).
import { describe, expect, it } from "vitest";
import type { SelectStatement } from "./ast.js";
import { goFloatText, parseParams, ParamsError } from "./params.js";
import { parseQuery } from "./parser.js";

const refusal = (text: string): string => {
  try {
    parseParams(text);
  } catch (error) {
    if (error instanceof ParamsError) return error.message;
    throw error;
  }
  throw new Error(`${text} was accepted`);
};

/** The parse error of `q` with `params` bound, or undefined when it parses. */
const parseError = (q: string, params: string): string | undefined => {
  try {
    parseQuery(q, parseParams(params));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
};
const select = (q: string, params: string): SelectStatement => parseQuery(q, parseParams(params))[0] as SelectStatement;

describe("the params text", () => {
  it("is refused as Go's JSON decoder refuses it", () => {
    expect(refusal("[1]")).toBe("error parsing query parameters: json: cannot unmarshal array into Go value of type map[string]interface {}");
    expect(refusal('"x"')).toBe("error parsing query parameters: json: cannot unmarshal string into Go value of type map[string]interface {}");
    expect(refusal('{"n":')).toBe("error parsing query parameters: unexpected EOF");
    expect(refusal('{"n":1x}')).toBe("error parsing query parameters: invalid character 'x' after object key:value pair");
    expect(refusal("{n:1}")).toBe("error parsing query parameters: invalid character 'n' looking for beginning of object key string");
    expect(refusal('{"n":tru}')).toBe("error parsing query parameters: invalid character '}' in literal true (expecting 'e')");
    expect(refusal('{"n":"a\\x"}')).toBe("error parsing query parameters: invalid character 'x' in string escape code");
    expect(refusal("  ")).toBe("error parsing query parameters: EOF");
  });

  it("stops after the first value, and null binds nothing", () => {
    expect(parseParams('{"n":1} trailing')).toEqual({ n: 1n });
    expect(parseParams("null")).toEqual({});
  });

  it("keeps numbers as written: a `.` makes a float; an integer must fit in 64 bits", () => {
    expect(parseParams('{"a":2,"b":2.0,"c":-0.5}')).toEqual({ a: 2n, b: { kind: "float", value: 2 }, c: { kind: "float", value: -0.5 } });
    expect(refusal('{"n":1e1}')).toBe('error parsing json value: strconv.ParseInt: parsing "1e1": invalid syntax');
    expect(refusal('{"n":99999999999999999999}')).toBe('error parsing json value: strconv.ParseInt: parsing "99999999999999999999": value out of range');
  });
});

describe("bound values", () => {
  const limit = "SELECT usage_user FROM cpu WHERE host = 'a' LIMIT $n";
  it("are the token their kind makes, at the parameter's position", () => {
    expect(select(limit, '{"n":{"integer":2}}').limit).toBe(2);
    expect(parseError(limit, '{"n":2.0}')).toBe("found 2, expected integer at line 1, char 51");
    expect(parseError(limit, '{"n":2.5}')).toBe("found 2.5, expected integer at line 1, char 51");
    expect(parseError(limit, '{"n":{"float":2}}')).toBe("found 2, expected integer at line 1, char 51");
    expect(parseError(limit, '{"n":true}')).toBe("found TRUE, expected integer at line 1, char 51");
    const s = select("SELECT $f FROM $m WHERE host =~ $h GROUP BY time($d), $t", '{"f":{"identifier":"usage"},"m":{"regex":"^cp"},"h":{"regex":"^c"},"d":{"duration":5400000000000},"t":{"ident":"host"}}');
    expect(s.fields[0]!.expr).toEqual({ kind: "ref", name: "usage" });
    expect(s.sources).toEqual([{ kind: "measurement", regex: "^cp" }]);
    expect(s.condition).toEqual({ kind: "binary", op: "=~", left: { kind: "ref", name: "host" }, right: { kind: "regex", pattern: "^c" } });
    expect(s.dimensions).toEqual([{ kind: "time", every: 5_400_000_000_000n, offset: 0n }, { kind: "tag", name: "host" }]);
    expect(select("SELECT $f(v) FROM m", '{"f":{"identifier":"max"}}').fields[0]!.expr).toEqual({ kind: "call", name: "max", args: [{ kind: "ref", name: "v" }] });
    expect(select("SELECT v FROM m WHERE v > $v", '{"v":{"number":40}}').condition).toEqual({ kind: "binary", op: ">", left: { kind: "ref", name: "v" }, right: { kind: "number", value: 40 } });
  });

  it("refuse where their token does not fit, naming the value", () => {
    const regex = "SELECT usage_user FROM cpu WHERE host =~ $h LIMIT 1";
    expect(parseError(regex, '{"h":{"string":"c"}}')).toBe("found c, expected regex at line 1, char 42");
    expect(parseError(regex, '{"h":{"duration":"1h"}}')).toBe("found 1h, expected regex at line 1, char 42");
    expect(parseError(regex, '{"h":{"regex":"("}}')).toBe("error parsing regexp: missing closing ): `(` at line 1, char 42");
    expect(parseError("SELECT usage_user AS $a FROM cpu", '{"a":"x"}')).toBe("found x, expected identifier at line 1, char 22");
  });

  it("that 1.x cannot bind are errors only where used, in 1.x's words", () => {
    const regex = "SELECT usage_user FROM cpu WHERE host =~ $h LIMIT 1";
    expect(parseError(regex, '{"h":{"boolean":true}}')).toBe("found unknown bind object type: boolean, expected regex at line 1, char 42");
    expect(parseError(regex, '{"h":{"regex":"^c","x":1}}')).toBe("found bound object parameter value must have exactly one entry, expected regex at line 1, char 42");
    expect(parseError(regex, '{"h":null}')).toBe("found unable to bind parameter with type <nil>, expected regex at line 1, char 42");
    // Where an expression goes, 1.x looks the message up as a parameter's name.
    const equal = "SELECT usage_user FROM cpu WHERE host = $n";
    expect(parseError(equal, '{"n":[1]}')).toBe("missing parameter: unable to bind parameter with type []interface {}");
    expect(parseError(equal, '{"n":{"a":{"b":1}}}')).toBe("missing parameter: unknown bind object type: a");
    expect(parseError(equal, '{"n":{"string":1}}')).toBe("missing parameter: string literal must be a string value");
    expect(parseError(limit, '{"n":{"integer":"2"}}')).toBe("found integer literal must be an integer value, expected integer at line 1, char 51");
    expect(parseError(limit, '{"n":{"integer":99999999999999999999}}')).toBe('found strconv.ParseInt: parsing "99999999999999999999": value out of range, expected integer at line 1, char 51');
    expect(parseError("SELECT a FROM b GROUP BY time($d)", '{"d":{"duration":1.5}}')).toBe("missing parameter: duration literal must be a string or integer value");
    expect(parseError("SELECT a FROM b GROUP BY time($d)", '{"d":{"duration":"abc"}}')).toBe("invalid duration");
    expect(parseError(regex, '{"other":null}')).toBe("found $h, expected regex at line 1, char 42");
    // `$` alone binds nothing, even with a value under the empty name.
    expect(parseError("SELECT usage_user FROM cpu WHERE host = $ LIMIT 1", '{"":"a"}')).toBe("empty bound parameter");
  });

  it("in time()'s offset, fill() and tz() as 1.x reads those calls", () => {
    const offset = (params: string): SelectStatement => select("SELECT max(v) FROM m GROUP BY time(1h, $o)", params);
    expect(offset('{"o":{"duration":"10m"}}').dimensions).toEqual([{ kind: "time", every: 3_600_000_000_000n, offset: 600_000_000_000n }]);
    expect(select("SELECT max(v) FROM m GROUP BY time(1h, -$o)", '{"o":{"duration":"10m"}}').dimensions).toEqual([{ kind: "time", every: 3_600_000_000_000n, offset: -600_000_000_000n }]);
    expect(offset('{"o":"10m"}').invalid).toBe("time dimension offset must be duration or now()");
    expect(select("SELECT max(v) FROM m GROUP BY time(1h, '10m')", "").invalid).toBe("time dimension offset must be duration or now()");
    expect(parseError("SELECT max(v) FROM m GROUP BY time(1h, $o)", "{}")).toBe("missing parameter: o");
    const fill = (params: string): SelectStatement["fill"] => select("SELECT count(v) FROM m GROUP BY time(1m) fill($f)", params).fill;
    expect(fill('{"f":{"identifier":"previous"}}')).toEqual({ kind: "previous" });
    expect(fill('{"f":{"float":3}}')).toEqual({ kind: "value", value: 3 });
    expect(() => fill('{"f":true}')).toThrow("expected number argument in fill()");
    expect(() => fill('{"f":null}')).toThrow("missing parameter: unable to bind parameter with type <nil>");
    expect(select("SELECT v FROM m tz($z)", '{"z":"Europe/Paris"}').tz).toBe("Europe/Paris");
    expect(parseError("SELECT v FROM m tz($z)", '{"z":{"identifier":"Europe/Paris"}}')).toBe("expected string argument in tz()");
    expect(parseError("SELECT v FROM m tz($z)", "{}")).toBe("missing parameter: z");
    expect(parseError("SELECT v FROM m tz()", "")).toBe("tz requires exactly one argument");
  });
});

describe("goFloatText", () => {
  it("writes a float as Go's FormatFloat(v, 'f', -1, 64)", () => {
    expect([2, 1.5, -0.25, 1e21, 1.25e22, 1e-7, 1.5e-7].map(goFloatText)).toEqual(["2", "1.5", "-0.25", "1000000000000000000000", "12500000000000000000000", "0.0000001", "0.00000015"]);
  });
});
