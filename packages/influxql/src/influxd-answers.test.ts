// Answers where Fluxgate differed from influxd 1.6.7 (found by e2e/src/v1/differential.test.ts);
// every expected value here is influxd's answer to the same statement over the same points.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFixture, type Fixture } from "./test-support/fixture.js";

let f: Fixture;
beforeAll(async () => {
  f = await openFixture(["db"]);
  await f.write(
    "db",
    [
      "cpu,host=a usage=10,system=7.5,cores=2i,status=\"ok\" 0",
      "cpu,host=a usage=20,cores=4i 60",
      "cpu,host=a usage=30,system=1.5,cores=4i 120",
      "cpu,host=b usage=5,system=2,cores=8i 30",
      "cpu,host=b usage=7,cores=8i 90",
      "mem,host=a free=100 0",
    ].join("\n"),
    "s",
  );
});
afterAll(async () => f?.close());

const errorOf = async (q: string): Promise<unknown> => (await f.json(q)).results[0]!["error"];

describe("statement errors in 1.x's words", () => {
  it("counts function arguments", async () => {
    expect(await errorOf("SELECT mean() FROM cpu")).toBe("invalid number of arguments for mean, expected 1, got 0");
    expect(await errorOf("SELECT mean(usage, 2) FROM cpu")).toBe("invalid number of arguments for mean, expected 1, got 2");
    expect(await errorOf("SELECT top(usage) FROM cpu")).toBe("invalid number of arguments for top, expected at least 2, got 1");
    expect(await errorOf("SELECT percentile(usage) FROM cpu")).toBe("invalid number of arguments for percentile, expected 2, got 1");
    expect(await errorOf("SELECT moving_average(usage) FROM cpu")).toBe("invalid number of arguments for moving_average, expected 2, got 1");
    expect(await errorOf("SELECT integral(usage, 1m, 2) FROM cpu")).toBe("invalid number of arguments for integral, expected at least 1 but no more than 2, got 3");
    expect(await errorOf("SELECT distinct(usage, 1) FROM cpu")).toBe("distinct function can only have one argument");
    expect(await errorOf("SELECT atan2(usage) FROM cpu")).toBe("invalid number of arguments for atan2, expected 2, got 1");
  });

  it("refuses time() without a duration when the statement runs", async () => {
    expect(await errorOf("SELECT count(usage) FROM cpu GROUP BY time(5)")).toBe("time dimension must have duration argument");
  });
});
