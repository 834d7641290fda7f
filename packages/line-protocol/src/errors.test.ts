import { describe, expect, it } from "vitest";
import { LineProtocolError } from "./errors.js";
import { parse } from "./parser.js";

const now = () => 1_000n;

function rejection(body: string | Uint8Array, precision: "ns" | "s" | "h" = "ns"): LineProtocolError {
  try {
    parse(body, { now, precision });
  } catch (error) {
    expect(error).toBeInstanceOf(LineProtocolError);
    return error as LineProtocolError;
  }
  throw new Error(`accepted: ${String(body)}`);
}

describe("rejections in InfluxDB's words", () => {
  it.each([
    // measurement and tags
    ["cpu", "missing fields"],
    [",t=1 v=1", "missing measurement"],
    ["cpu,t=1", "missing fields"],
    ["cpu,=1 v=1", "missing tag key"],
    ["cpu,,t=1 v=1", "missing tag key"],
    ["cpu, v=1", "missing tag key"],
    ["cpu,t v=1", "missing tag value"],
    ["cpu,t= v=1", "missing tag value"],
    ["cpu,t=,u=1 v=1", "missing tag value"],
    ["cpu,t=a=b v=1", "invalid tag format"],
    ["cpu,t=1,t=2 v=1", "duplicate tags"],
    ["cpu,b=1,a=1,b=3 v=1", "duplicate tags"],
    // fields
    ["cpu ", "invalid field format"],
    ["cpu,t=1  ", "invalid field format"],
    ["cpu v", "invalid field format"],
    ["cpu v=1,w", "invalid field format"],
    ["cpu v=1,", "invalid field format"],
    ["cpu v=1, w=2", "invalid field format"],
    ["cpu =1", "missing field key"],
    ["cpu v=1,=2", "missing field key"],
    ["cpu v=", "missing field value"],
    ["cpu v=,w=1", "missing field value"],
    ["cpu v= 1", "missing field value"],
    ['cpu v="abc', "unbalanced quotes"],
    ['cpu v="abc\\"', "unbalanced quotes"],
    ['cpu v="a"b', "invalid field format"],
    // numbers
    ["cpu v=-", "invalid number"],
    ["cpu v=.", "invalid number"],
    ["cpu v=-.", "invalid number"],
    ["cpu v=1.2.3", "invalid number"],
    ["cpu v=1-2", "invalid number"],
    ["cpu v=1x", "invalid number"],
    ["cpu v=NaN", "invalid number"],
    ["cpu v=nan", "invalid number"],
    ["cpu v=1.5i", "invalid number"],
    ["cpu v=1e3i", "invalid number"],
    ["cpu v=1i2", "invalid number"],
    ["cpu v=1ii", "invalid number"],
    ["cpu v=-i", "invalid number"],
    ["cpu v=-1u", "invalid number"],
    ["cpu v=1.5u", "invalid number"],
    ["cpu v=1e", "invalid float"],
    ["cpu v=1e+", "invalid float"],
    ["cpu v=1e3.5", "invalid float"],
    ["cpu v=1e400", "invalid float"],
    ["cpu v=-1e400", "invalid float"],
    ["cpu v=1" + "0".repeat(400), "invalid float"],
    [
      "cpu v=9223372036854775808i",
      'unable to parse integer 9223372036854775808: strconv.ParseInt: parsing "9223372036854775808": value out of range',
    ],
    [
      "cpu v=-9223372036854775809i",
      'unable to parse integer -9223372036854775809: strconv.ParseInt: parsing "-9223372036854775809": value out of range',
    ],
    [
      "cpu v=18446744073709551616u",
      'unable to parse unsigned 18446744073709551616: strconv.ParseUint: parsing "18446744073709551616": value out of range',
    ],
    // booleans
    ["cpu v=yes", "invalid boolean"],
    ["cpu v=tru", "invalid boolean"],
    ["cpu v=tRUE", "invalid boolean"],
    ["cpu v=+1", "invalid boolean"],
    ["cpu v=inf", "invalid boolean"],
    // timestamps
    ["cpu v=1 12a", "bad timestamp"],
    ["cpu v=1 1.5", "bad timestamp"],
    ["cpu v=1 --1", "bad timestamp"],
    ["cpu v=1\t1", "invalid number"],
    ["cpu v=1 -", 'strconv.ParseInt: parsing "-": invalid syntax'],
    ["cpu v=1 9223372036854775808", 'strconv.ParseInt: parsing "9223372036854775808": value out of range'],
    ["cpu v=1 9223372036854775807", "time outside range -9223372036854775806 - 9223372036854775806"],
    ["cpu v=1 -9223372036854775807", "time outside range -9223372036854775806 - 9223372036854775806"],
    ["cpu v=1 1 2", "point is invalid"],
    ["cpu v=1 1 x", "point is invalid"],
  ])("%j → %s", (line, reason) => {
    const error = rejection(line);
    expect(error.reason).toBe(reason);
    expect(error.line).toBe(1);
    expect(error.lineText).toBe(line);
    expect(error.message).toBe(`unable to parse '${line}': ${reason}`);
  });

  it("rejects a timestamp that leaves the time range once scaled by the precision", () => {
    expect(rejection("cpu v=1 2562048", "h").reason).toBe("time outside range -9223372036854775806 - 9223372036854775806");
    expect(rejection("cpu v=1 9223372037", "s").reason).toBe("time outside range -9223372036854775806 - 9223372036854775806");
  });

  it("rejects a series key longer than InfluxDB's 65535 bytes", () => {
    const error = rejection(`m,t=${"x".repeat(65_530)} v=1 1`);
    expect(error.reason).toBe("max key length exceeded: 65539 > 65535");
  });

  it("rejects invalid UTF-8 anywhere in a line", () => {
    const body = Buffer.concat([Buffer.from("m v=1 1\nm,t="), Buffer.from([0xff, 0xfe]), Buffer.from(" v=1 2\n")]);
    const error = rejection(body);
    expect(error.reason).toBe("invalid UTF-8");
    expect(error.line).toBe(2);
    const inString = Buffer.concat([Buffer.from('m v="ok"\n\nm v="'), Buffer.from([0xc3]), Buffer.from('"\n')]);
    expect(rejection(inString)).toMatchObject({ reason: "invalid UTF-8", line: 3 });
  });
});

describe("line numbers", () => {
  it("names the first bad line, counting blank lines, comments and CRLF lines", () => {
    const body = "# header\r\nm v=1 1\r\n\r\n   \nm v=2 2\nm v=oops 3\nm v= 4\n";
    const error = rejection(body);
    expect(error.line).toBe(6);
    expect(error.lineText).toBe("m v=oops 3");
    expect(error.message).toBe("unable to parse 'm v=oops 3': invalid boolean");
  });

  it("reports the line text without leading whitespace or CR", () => {
    const error = rejection("m v=1 1\r\n  \tm v=x 2\r\n");
    expect(error).toMatchObject({ line: 2, lineText: "m v=x 2" });
  });

  it("stops at the first bad line", () => {
    expect(rejection("m v=1 1\nbad\nworse=\n").line).toBe(2);
  });
});
