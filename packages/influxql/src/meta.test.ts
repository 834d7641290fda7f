import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { h2oLines, openFixture, type Fixture } from "./test-support/fixture.js";

let f: Fixture;
beforeAll(async () => {
  f = await openFixture(["noaa", "telegraf"]);
  await f.write("noaa", h2oLines(), "s");
  await f.write("noaa", "h2o_temperature,location=coyote_creek degrees=60i 1439856000000000000\nh2o_temperature,location=santa_monica degrees=70i 1439856000000000000");
});
afterAll(async () => f?.close());

const first = async (q: string): Promise<Record<string, unknown>> => (await f.json(q)).results[0]!;

describe("SHOW", () => {
  it("SHOW DATABASES and RETENTION POLICIES", async () => {
    expect(await first("SHOW DATABASES")).toEqual({ statement_id: 0, series: [{ name: "databases", columns: ["name"], values: [["noaa"], ["telegraf"]] }] });
    expect(await first("SHOW RETENTION POLICIES ON noaa")).toEqual({
      statement_id: 0,
      series: [{ columns: ["name", "duration", "shardGroupDuration", "replicaN", "default"], values: [["autogen", "0s", "168h0m0s", 1, true]] }],
    });
  });

  it("SHOW MEASUREMENTS with WITH MEASUREMENT, WHERE and LIMIT", async () => {
    expect(await first("SHOW MEASUREMENTS")).toEqual({ statement_id: 0, series: [{ name: "measurements", columns: ["name"], values: [["h2o_feet"], ["h2o_temperature"]] }] });
    expect((await first("SHOW MEASUREMENTS WITH MEASUREMENT =~ /temp/")).series).toEqual([{ name: "measurements", columns: ["name"], values: [["h2o_temperature"]] }]);
    expect((await first("SHOW MEASUREMENTS LIMIT 1 OFFSET 1")).series).toEqual([{ name: "measurements", columns: ["name"], values: [["h2o_temperature"]] }]);
    expect(await first("SHOW MEASUREMENTS ON telegraf")).toEqual({ statement_id: 0 });
  });

  it("SHOW TAG KEYS, TAG VALUES and FIELD KEYS per measurement", async () => {
    expect((await first("SHOW TAG KEYS FROM h2o_feet")).series).toEqual([{ name: "h2o_feet", columns: ["tagKey"], values: [["location"]] }]);
    expect((await first(`SHOW TAG VALUES FROM h2o_temperature WITH KEY = "location" WHERE location =~ /^santa/`)).series).toEqual([
      { name: "h2o_temperature", columns: ["key", "value"], values: [["location", "santa_monica"]] },
    ]);
    expect((await first("SHOW FIELD KEYS")).series).toEqual([
      { name: "h2o_feet", columns: ["fieldKey", "fieldType"], values: [["level description", "string"], ["water_level", "float"]] },
      { name: "h2o_temperature", columns: ["fieldKey", "fieldType"], values: [["degrees", "integer"]] },
    ]);
  });

  it("SHOW SERIES and the cardinality statements", async () => {
    expect((await first("SHOW SERIES FROM h2o_temperature")).series).toEqual([
      { columns: ["key"], values: [["h2o_temperature,location=coyote_creek"], ["h2o_temperature,location=santa_monica"]] },
    ]);
    // Shapes as influxd 1.6.7 answers: the unscoped estimates are one "cardinality estimation"; the
    // other series forms count per measurement.
    expect((await first("SHOW SERIES CARDINALITY")).series).toEqual([{ columns: ["cardinality estimation"], values: [[4]] }]);
    expect((await first("SHOW SERIES EXACT CARDINALITY")).series).toEqual([
      { name: "h2o_feet", columns: ["count"], values: [[2]] },
      { name: "h2o_temperature", columns: ["count"], values: [[2]] },
    ]);
    expect((await first("SHOW SERIES CARDINALITY FROM h2o_feet")).series).toEqual([{ name: "h2o_feet", columns: ["count"], values: [[2]] }]);
    expect((await first("SHOW MEASUREMENT CARDINALITY")).series).toEqual([{ columns: ["cardinality estimation"], values: [[2]] }]);
    expect((await first("SHOW MEASUREMENT EXACT CARDINALITY")).series).toEqual([{ columns: ["count"], values: [[2]] }]);
    // A measurement counting nothing is left out.
    expect((await first("SHOW TAG VALUES CARDINALITY WITH KEY = nosuch")).series).toBeUndefined();
    expect((await first("SHOW FIELD KEY CARDINALITY FROM h2o_feet")).series).toEqual([{ name: "h2o_feet", columns: ["count"], values: [[2]] }]);
    expect((await first("SHOW TAG VALUES EXACT CARDINALITY FROM h2o_feet WITH KEY = location")).series).toEqual([{ name: "h2o_feet", columns: ["count"], values: [[2]] }]);
  });

  it("refuses time in SHOW MEASUREMENTS' WHERE, as influxd does", async () => {
    expect(await first("SHOW MEASUREMENTS WHERE time > 0")).toEqual({ statement_id: 0, error: "SHOW MEASUREMENTS doesn't support time in WHERE clause" });
  });

  it("answers statements 2.x does not run with an error", async () => {
    expect(await first("CREATE DATABASE x")).toEqual({ statement_id: 0, error: "CREATE DATABASE is not supported by InfluxDB 2.x compatibility" });
  });
});

describe("DELETE and DROP MEASUREMENT", () => {
  it("deletes by tag and time, then drops a measurement", async () => {
    await f.write("telegraf", "cpu,host=a v=1 1000000000\ncpu,host=a v=2 2000000000\ncpu,host=b v=3 1000000000\nmem,host=a v=4 1000000000");
    const run = (q: string) => f.json(q, { db: "telegraf" });
    expect((await run("DELETE FROM cpu WHERE host = 'a' AND time <= 1s")).results).toEqual([{ statement_id: 0 }]);
    expect(((await run("SELECT v FROM cpu GROUP BY host")).results[0]!.series as Array<{ values: unknown[][] }>).map((s) => s.values.length)).toEqual([1, 1]);
    await run("DROP MEASUREMENT cpu");
    expect((await run("SHOW MEASUREMENTS")).results[0]!.series).toEqual([{ name: "measurements", columns: ["name"], values: [["mem"]] }]);
    expect((await run("DELETE FROM mem WHERE v > 1")).results[0]!.error).toBe("DELETE supports only tag equality and time conditions");
  });
});

describe("WHERE in SHOW statements as 1.6 reads it", () => {
  beforeAll(async () => {
    await f.write("telegraf", ["net,host=a,region=east rx=1 0", "net,host=c,region=west rx=2 0", "disk,host=c,path=/ used=3 0", "proc,role=db n=1 0"].join("\n"), "s");
  });
  const names = async (q: string): Promise<unknown> => ((await f.json(q, { db: "telegraf" })).results[0]!.series as Array<{ values: unknown[][] }> | undefined)?.[0]?.values.map((r) => r[0]);
  const errorOf = async (q: string): Promise<unknown> => (await f.json(q, { db: "telegraf" })).results[0]!.error;

  it("SHOW MEASUREMENTS names measurements by their tag values, not by series", async () => {
    // net has region=east and host=c, on different series.
    expect(await names("SHOW MEASUREMENTS WHERE region = 'east' AND host = 'c'")).toEqual(["net"]);
    // != names measurements holding the tag without that value: none has host without a.
    expect(await names("SHOW MEASUREMENTS WHERE host != 'a'")).toEqual(["disk"]);
    expect(await names("SHOW MEASUREMENTS WHERE host !~ /z/ OR role = 'db'")).toEqual(["disk", "mem", "net", "proc"]);
    expect(await names("SHOW MEASUREMENTS WHERE host = ''")).toBeUndefined();
    expect(await names("SHOW MEASUREMENTS WHERE path =~ /.*/")).toEqual(["disk"]);
  });

  it("refuses other conditions in 1.x's words", async () => {
    expect(await errorOf("SHOW MEASUREMENTS WHERE rx > 1")).toBe("invalid tag comparison operator");
    expect(await errorOf("SHOW MEASUREMENTS WHERE 'a' = host")).toBe("left side of '=' must be a tag key");
    expect(await errorOf("SHOW MEASUREMENTS WHERE host = 5")).toBe("right side of '=' must be a tag value string");
    expect(await errorOf("SHOW SERIES WHERE host > 'a'")).toBe("invalid tag comparison operator");
    expect(await errorOf("SHOW TAG VALUES WITH KEY = host WHERE 'a' = host")).toBe("left side of '=' must be a tag key");
    // A field's value compared with = holds for every series there.
    expect(await names("SHOW TAG VALUES FROM net WITH KEY = host WHERE rx = 1")).toEqual(["host", "host"]);
  });

  it("cardinalities: none counted is no row, time is refused, tag values count series holding the compared tags", async () => {
    expect(await names("SHOW MEASUREMENT EXACT CARDINALITY WHERE host = 'zz'")).toBeUndefined();
    expect(await errorOf("SHOW SERIES CARDINALITY WHERE time > 0")).toBe("SHOW SERIES EXACT CARDINALITY doesn't support time in WHERE clause");
    expect(await errorOf("SHOW FIELD KEY EXACT CARDINALITY WHERE time > 0")).toBe("SHOW FIELD KEY CARDINALITY doesn't support time in WHERE clause");
    expect(await names("SHOW TAG VALUES EXACT CARDINALITY WITH KEY = host WHERE time > 0")).toBeUndefined();
    expect(await names("SHOW TAG VALUES EXACT CARDINALITY WITH KEY = role WHERE host != 'a'")).toBeUndefined();
    expect(await names("SHOW TAG VALUES EXACT CARDINALITY WITH KEY = host WHERE path != 'x'")).toEqual([1]);
  });
});
