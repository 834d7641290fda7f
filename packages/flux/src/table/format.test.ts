import { describe, expect, it } from "vitest";
import { formatFloat } from "./format.js";

describe("cell text", () => {
  it("writes floats as Go's 'f' format with shortest precision", () => {
    expect([1e21, 1.5e-7, 123.456, -0.5, -0, 5e-324, Number.NaN, Infinity, -Infinity].map(formatFloat)).toEqual([
      "1000000000000000000000",
      "0.00000015",
      "123.456",
      "-0.5",
      "-0",
      `0.${"0".repeat(323)}5`,
      "NaN",
      "+Inf",
      "-Inf",
    ]);
  });
});
