// Operators over typed operands in a SELECT list: every expected answer here is influxd 1.6.7's to
// the same statement over the same three points.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParseError } from "./parser.js";
import { openFixture, type Fixture } from "./test-support/fixture.js";

let f: Fixture;
beforeAll(async () => {
  f = await openFixture(["db"]);
  await f.write("db", ['cpu,host=a usage=10,cores=2i,up=true,status="ok" 0', "cpu,host=a usage=20,cores=4i,up=false 60", "cpu,host=b usage=5,cores=8i,up=true 30"].join("\n"), "s");
});
afterAll(async () => f?.close());

const answer = async (q: string): Promise<unknown> => (await f.json(q)).results[0];

describe("the type check of a SELECT list", () => {
  it("refuses an operator its operands' types do not take, in 1.x's words", async () => {
    const refused: Array<[string, string]> = [
      ["SELECT max(up) + 1 FROM cpu", "type error: max(up::boolean) + 1: incompatible types: boolean and integer"],
      ["SELECT -first(up) FROM cpu", "type error: -1 * first(up::boolean): incompatible types: integer and boolean"],
      ["SELECT (usage + 1) * first(up) FROM cpu", "type error: (usage::float + 1) * first(up::boolean): incompatible types: float and boolean"],
      ["SELECT usage & 1 FROM cpu", "type error: usage::float & 1: incompatible types: float and integer"],
      ["SELECT host + 1 FROM cpu", "type error: host::tag + 1: incompatible types: tag and integer"],
      ["SELECT status + 'x' FROM cpu", "type error: status::string + 'x': incompatible types: string and string"],
    ];
    for (const [q, error] of refused) expect(await answer(q), q).toEqual({ statement_id: 0, error });
  });

  it("lets through operands of unknown type and a range with no data", async () => {
    expect(await answer('SELECT "my f" + 1 FROM cpu')).toEqual({ statement_id: 0 });
    expect(await answer("SELECT max(up) + 1 FROM cpu WHERE time > now()")).toEqual({ statement_id: 0 });
    expect(await answer("SELECT mean(usage) + 1 FROM cpu")).toEqual({ statement_id: 0, series: [{ name: "cpu", columns: ["time", "mean"], values: [["1970-01-01T00:00:00Z", 12.666666666666666]] }] });
  });

  it("answers false for a boolean and anything else bitwise", async () => {
    expect(await answer("SELECT first(up) & 1 FROM cpu")).toEqual({ statement_id: 0, series: [{ name: "cpu", columns: ["time", "first"], values: [["1970-01-01T00:00:00Z", false]] }] });
    expect(await answer("SELECT up | cores FROM cpu")).toEqual({
      statement_id: 0,
      series: [{ name: "cpu", columns: ["time", "up_cores"], values: [["1970-01-01T00:00:00Z", false], ["1970-01-01T00:00:30Z", false], ["1970-01-01T00:01:00Z", false]] }],
    });
  });
});

describe("a selector inside an expression", () => {
  it("shows its point's time and fields, and top()/bottom() rows are computed (without the tag column)", async () => {
    expect(await answer("SELECT max(usage) * 2 FROM cpu")).toEqual({ statement_id: 0, series: [{ name: "cpu", columns: ["time", "max"], values: [["1970-01-01T00:01:00Z", 40]] }] });
    expect(await answer("SELECT top(usage, 2) + 1 FROM cpu")).toEqual({ statement_id: 0, series: [{ name: "cpu", columns: ["time", "top"], values: [["1970-01-01T00:00:00Z", 11], ["1970-01-01T00:01:00Z", 21]] }] });
    expect(await answer("SELECT max(usage) + cores, host FROM cpu")).toEqual({ statement_id: 0, series: [{ name: "cpu", columns: ["time", "max_cores", "host"], values: [["1970-01-01T00:01:00Z", 24, "a"]] }] });
    expect(await answer("SELECT top(usage, host, 2) * 10 FROM cpu")).toEqual({ statement_id: 0, series: [{ name: "cpu", columns: ["time", "top"], values: [["1970-01-01T00:00:30Z", 50], ["1970-01-01T00:01:00Z", 200]] }] });
  });
});

describe("comparison and logical operators in a SELECT list", () => {
  it("are a parse error naming the field's position", async () => {
    await expect(f.run("SELECT usage >= 1 FROM cpu")).rejects.toThrow(new ParseError("invalid operator >= in SELECT clause at line 1, char 8; operator is intended for WHERE clause"));
    await expect(f.run("SELECT max(usage) AS m, usage OR up FROM cpu")).rejects.toThrow("invalid operator OR in SELECT clause at line 1, char 25; operator is intended for WHERE clause");
  });
});

describe("a field read as a type (x::integer)", () => {
  it("converts numbers, and reads nothing of another type", async () => {
    expect(await answer("SELECT up::integer FROM cpu")).toEqual({ statement_id: 0 });
    expect(await answer("SELECT usage::integer, cores::float / 3 FROM cpu")).toEqual({
      statement_id: 0,
      series: [{ name: "cpu", columns: ["time", "usage", "cores"], values: [["1970-01-01T00:00:00Z", 10, 0.6666666666666666], ["1970-01-01T00:00:30Z", 5, 2.6666666666666665], ["1970-01-01T00:01:00Z", 20, 1.3333333333333333]] }],
    });
    expect(await answer("SELECT up::integer, status FROM cpu")).toEqual({ statement_id: 0, series: [{ name: "cpu", columns: ["time", "up", "status"], values: [["1970-01-01T00:00:00Z", null, "ok"]] }] });
  });

  it("feeds aggregates the converted values", async () => {
    expect(await answer("SELECT max(usage::integer), sum(cores::float), count(up::integer) FROM cpu")).toEqual({
      statement_id: 0,
      series: [{ name: "cpu", columns: ["time", "max", "sum", "count"], values: [["1970-01-01T00:00:00Z", 20, 14, null]] }],
    });
    expect(await answer("SELECT max(usage::integer), host FROM cpu")).toEqual({ statement_id: 0, series: [{ name: "cpu", columns: ["time", "max", "host"], values: [["1970-01-01T00:01:00Z", 20, "a"]] }] });
  });

  it("compares converted values in WHERE", async () => {
    expect(await answer("SELECT usage FROM cpu WHERE usage::integer = 10 OR cores::float > 7")).toEqual({
      statement_id: 0,
      series: [{ name: "cpu", columns: ["time", "usage"], values: [["1970-01-01T00:00:00Z", 10], ["1970-01-01T00:00:30Z", 5]] }],
    });
  });

  it("takes only field or tag after *, and names unsigned among the types", async () => {
    await expect(f.run("SELECT *::integer FROM cpu")).rejects.toThrow("found integer, expected field, tag at line 1, char 11");
    await expect(f.run("SELECT usage::foo FROM cpu")).rejects.toThrow("found foo, expected float, integer, unsigned, string, boolean, field, tag at line 1, char 15");
  });
});
