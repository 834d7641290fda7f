// Expected bytes come from the MessagePack spec (github.com/msgpack/msgpack/blob/master/spec.md)
// and from msgp's choices that InfluxDB inherits (signed formats for int64, time as extension 5).
import { describe, expect, it } from "vitest";
import { MsgpackWriter, chunkedMsgpack, errorMsgpack, resultsMsgpack } from "./msgpack.js";
import type { StatementResult } from "./result.js";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const ascii = (s: string): string => Buffer.from(s, "utf8").toString("hex");

function written(write: (w: MsgpackWriter) => void): string {
  const w = new MsgpackWriter(4);
  write(w);
  return hex(w.take());
}

/** A small decoder for the formats the encoder writes (times come back as { ext, seconds, nanos }). */
function decode(bytes: Uint8Array): unknown[] {
  const b = Buffer.from(bytes);
  let p = 0;
  const str = (n: number) => {
    const s = b.toString("utf8", p, p + n);
    p += n;
    return s;
  };
  const array = (n: number): unknown[] => Array.from({ length: n }, () => one());
  const map = (n: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const k = one() as string;
      out[k] = one();
    }
    return out;
  };
  const one = (): unknown => {
    const t = b[p++]!;
    if (t <= 0x7f) return t;
    if (t >= 0xe0) return t - 0x100;
    if ((t & 0xf0) === 0x80) return map(t & 0x0f);
    if ((t & 0xf0) === 0x90) return array(t & 0x0f);
    if ((t & 0xe0) === 0xa0) return str(t & 0x1f);
    const at = p;
    switch (t) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xcb:
        p += 8;
        return b.readDoubleBE(at);
      case 0xcf:
        p += 8;
        return b.readBigUInt64BE(at);
      case 0xd0:
        p += 1;
        return b.readInt8(at);
      case 0xd1:
        p += 2;
        return b.readInt16BE(at);
      case 0xd2:
        p += 4;
        return b.readInt32BE(at);
      case 0xd3:
        p += 8;
        return b.readBigInt64BE(at);
      case 0xd9:
        p += 1;
        return str(b[at]!);
      case 0xda:
        p += 2;
        return str(b.readUInt16BE(at));
      case 0xdc:
        p += 2;
        return array(b.readUInt16BE(at));
      case 0xde:
        p += 2;
        return map(b.readUInt16BE(at));
      case 0xc7: {
        const n = b[at]!;
        const ext = b.readInt8(at + 1);
        p += 2 + n;
        return { ext, seconds: b.readBigInt64BE(at + 2), nanos: b.readInt32BE(at + 10) };
      }
      default:
        throw new Error(`unexpected type byte ${t.toString(16)} at ${at - 1}`);
    }
  };
  const docs: unknown[] = [];
  while (p < b.length) docs.push(one());
  return docs;
}

describe("MsgpackWriter", () => {
  it("writes nil, booleans and float64", () => {
    expect(written((w) => w.nil())).toBe("c0");
    expect(written((w) => w.boolean(true))).toBe("c3");
    expect(written((w) => w.boolean(false))).toBe("c2");
    expect(written((w) => w.float64(1.5))).toBe("cb3ff8000000000000");
    // Integral floats stay float64, as Go writes a float64 field.
    expect(written((w) => w.value(10))).toBe("cb4024000000000000");
    expect(written((w) => w.value(-0.1))).toBe("cbbfb999999999999a");
  });

  it("writes integers in the smallest signed format, as msgp's WriteInt64", () => {
    const int = (v: bigint | number) => written((w) => w.integer(v));
    expect(int(0)).toBe("00");
    expect(int(127n)).toBe("7f");
    expect(int(128n)).toBe("d10080"); // int16, not uint8
    expect(int(32767n)).toBe("d17fff");
    expect(int(32768n)).toBe("d200008000");
    expect(int(2147483647n)).toBe("d27fffffff");
    expect(int(2147483648n)).toBe("d30000000080000000");
    expect(int(9007199254740993n)).toBe("d30020000000000001");
    expect(int(-1)).toBe("ff");
    expect(int(-32n)).toBe("e0");
    expect(int(-33n)).toBe("d0df");
    expect(int(-128n)).toBe("d080");
    expect(int(-129n)).toBe("d1ff7f");
    expect(int(-32769n)).toBe("d2ffff7fff");
    expect(int(-2147483649n)).toBe("d3ffffffff7fffffff");
    expect(int(-(1n << 63n))).toBe("d38000000000000000");
    // Above int64: unsigned fields as uint64.
    expect(int(1n << 63n)).toBe("cf8000000000000000");
    expect(int((1n << 64n) - 1n)).toBe("cfffffffffffffffff");
    expect(() => int(1n << 64n)).toThrow(RangeError);
  });

  it("writes fixstr, str8 and str16 with UTF-8 byte lengths", () => {
    expect(written((w) => w.string(""))).toBe("a0");
    expect(written((w) => w.string("abc"))).toBe("a3616263");
    expect(written((w) => w.string("é"))).toBe("a2c3a9");
    expect(written((w) => w.string("x".repeat(31)))).toBe(`bf${ascii("x".repeat(31))}`);
    expect(written((w) => w.string("x".repeat(32)))).toBe(`d920${ascii("x".repeat(32))}`);
    expect(written((w) => w.string("y".repeat(256)))).toBe(`da0100${ascii("y".repeat(256))}`);
  });

  it("writes array and map headers (fix and 16-bit)", () => {
    expect(written((w) => w.arrayHeader(0))).toBe("90");
    expect(written((w) => w.arrayHeader(15))).toBe("9f");
    expect(written((w) => w.arrayHeader(16))).toBe("dc0010");
    expect(written((w) => w.arrayHeader(70000))).toBe("dd00011170");
    expect(written((w) => w.mapHeader(1))).toBe("81");
    expect(written((w) => w.mapHeader(16))).toBe("de0010");
    expect(
      written((w) => {
        w.mapHeader(1);
        w.string("a");
        w.integer(1);
      }),
    ).toBe("81a16101");
  });

  it("writes extensions (fixext and ext8)", () => {
    expect(written((w) => w.ext(1, Uint8Array.of(0xaa, 0xbb, 0xcc, 0xdd)))).toBe("d601aabbccdd");
    expect(written((w) => w.ext(-1, Uint8Array.of(1, 2, 3)))).toBe("c703ff010203");
  });

  it("writes times as msgp's extension 5: int64 seconds and int32 nanoseconds, big-endian", () => {
    // 1500000000 s = 0x59682f00; 123000000 ns = 0x0754d4c0.
    expect(written((w) => w.time(1_500_000_000_123_000_000n))).toBe("c70c050000000059682f000754d4c0");
    expect(written((w) => w.time(0n))).toBe("c70c05000000000000000000000000");
    // Before 1970 the seconds are floored and the nanoseconds stay positive (Go's Unix()/Nanosecond()).
    expect(written((w) => w.time(-1n))).toBe("c70c05ffffffffffffffff3b9ac9ff");
  });

  it("grows its buffer and hands over what was written", () => {
    const w = new MsgpackWriter(2);
    for (let i = 0; i < 1000; i++) w.string("abcdefgh");
    const first = w.take();
    expect(first.length).toBe(9000);
    expect(w.length).toBe(0);
    w.nil();
    expect(hex(w.take())).toBe("c0");
    expect(first[0]).toBe(0xa8);
  });
});

const results: StatementResult[] = [
  {
    statement_id: 0,
    series: [{ name: "m", tags: { host: "a" }, columns: ["time", "v"], values: [[1_000_000_000n, 1n]], timeColumn: true }],
  },
  { statement_id: 1, error: "x" },
  { statement_id: 2, series: [], messages: [{ level: "warning", text: "w" }] },
];

describe("1.x /query documents", () => {
  it("writes InfluxDB's map layout, key by key", () => {
    const bytes = Buffer.concat([...resultsMsgpack(results, { epoch: "s" })]);
    const expected = [
      "81", `a7${ascii("results")}`, "93",
      // statement 0: statement_id, series
      "82", `ac${ascii("statement_id")}`, "00", `a6${ascii("series")}`, "91",
      "84", `a4${ascii("name")}`, `a1${ascii("m")}`, `a4${ascii("tags")}`, "81", `a4${ascii("host")}`, `a1${ascii("a")}`,
      `a7${ascii("columns")}`, "92", `a4${ascii("time")}`, `a1${ascii("v")}`,
      `a6${ascii("values")}`, "91", "92", "01", "01",
      // statement 1: the error alone
      "81", `a5${ascii("error")}`, `a1${ascii("x")}`,
      // statement 2: messages before series; series present though empty
      "83", `ac${ascii("statement_id")}`, "02", `a8${ascii("messages")}`, "91", "82", `a5${ascii("level")}`, `a7${ascii("warning")}`, `a4${ascii("text")}`, `a1${ascii("w")}`,
      `a6${ascii("series")}`, "90",
    ].join("");
    expect(hex(bytes)).toBe(expected);
  });

  it("writes times as extension 5 without epoch, integers of the unit with it", () => {
    const time = (epoch?: string) => {
      const [doc] = decode(Buffer.concat([...resultsMsgpack([results[0]!], epoch === undefined ? {} : { epoch })])) as Array<{ results: Array<{ series: Array<{ values: unknown[][] }> }> }>;
      return doc!.results[0]!.series[0]!.values[0]![0];
    };
    expect(time()).toEqual({ ext: 5, seconds: 1n, nanos: 0 });
    expect(time("ns")).toBe(1000000000);
    expect(time("ms")).toBe(1000);
    expect(time("s")).toBe(1);
    expect(time("h")).toBe(0);
  });

  it("streams a large result in pieces that concatenate to one document", () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [BigInt(i) * 1_000_000_000n, i + 0.5, BigInt(i), `s${i}`, i % 2 === 0]);
    const big: StatementResult = { statement_id: 0, series: [{ name: "big", columns: ["time", "f", "i", "s", "b"], values: rows, timeColumn: true }] };
    const pieces = [...resultsMsgpack([big], {})];
    expect(pieces.length).toBeGreaterThan(5);
    const docs = decode(Buffer.concat(pieces)) as Array<{ results: Array<{ series: Array<{ values: unknown[][] }> }> }>;
    expect(docs).toHaveLength(1);
    const values = docs[0]!.results[0]!.series[0]!.values;
    expect(values).toHaveLength(20_000);
    expect(values[19_999]).toEqual([{ ext: 5, seconds: 19_999n, nanos: 0 }, 19_999.5, 19_999, "s19999", false]);
  });

  it("chunks one document per chunk of rows, back to back, with partial flags", () => {
    const r: StatementResult = {
      statement_id: 3,
      series: [
        { name: "a", columns: ["time", "v"], values: [[1n, 1.5], [2n, 2.5], [3n, 3.5]], timeColumn: true },
        { name: "b", columns: ["time", "v"], values: [[4n, 4.5]], timeColumn: true },
      ],
    };
    const docs = decode(Buffer.concat([...chunkedMsgpack(r, 2, { epoch: "ns" })]));
    expect(docs).toEqual([
      { results: [{ statement_id: 3, series: [{ name: "a", columns: ["time", "v"], values: [[1, 1.5], [2, 2.5]], partial: true }], partial: true }] },
      { results: [{ statement_id: 3, series: [{ name: "a", columns: ["time", "v"], values: [[3, 3.5]] }], partial: true }] },
      { results: [{ statement_id: 3, series: [{ name: "b", columns: ["time", "v"], values: [[4, 4.5]] }] }] },
    ]);
    expect(decode(Buffer.concat([...chunkedMsgpack({ statement_id: 4, error: "boom" }, 2, {})]))).toEqual([{ results: [{ error: "boom" }] }]);
    expect(decode(Buffer.concat([...chunkedMsgpack({ statement_id: 5 }, 2, {})]))).toEqual([{ results: [{ statement_id: 5, series: [] }] }]);
  });

  it("writes a request-level error as {error}", () => {
    expect(hex(errorMsgpack("bad"))).toBe(`81a5${ascii("error")}a3${ascii("bad")}`);
  });
});
