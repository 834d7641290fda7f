import { prng } from "@fluxgate/line-protocol";
import { describe, expect, it } from "vitest";
import type { Value } from "./eval.js";
import { resultsJson, resultsJsonChunks, type FormatOptions } from "./format.js";
import { floatText, JsonBytes } from "./json-bytes.js";
import type { StatementResult } from "./result.js";
import { formatRFC3339 } from "./time.js";

/** Strings that need escapes, non-ASCII text, lone surrogates, long and empty strings. */
const STRINGS = ["", "plain", 'q"uote', "back\\slash", "nl\nx\r\t\b\f", "\u0000\u001f\u007f", "é ü 日本", "😀", "\ud800 lone", "x\udc00", "a".repeat(40), "ü".repeat(30)];

function randomValue(draw: () => number): Value {
  const k = Math.floor(draw() * 9);
  switch (k) {
    case 0:
      return null;
    case 1:
      return [NaN, Infinity, -Infinity, -0, 0, 5e-324, 1.7976931348623157e308, 1e21, 1e-7][Math.floor(draw() * 9)]!;
    case 2:
      return Math.floor(draw() * 1000) - 500;
    case 3:
      return BigInt(Math.floor(draw() * 2 ** 52)) * (draw() < 0.5 ? -1n : 1n) * 4096n;
    case 4:
      return draw() < 0.5;
    case 5:
      return STRINGS[Math.floor(draw() * STRINGS.length)]!;
    default:
      return (draw() - 0.5) * 10 ** Math.floor(draw() * 40 - 20);
  }
}

/** What JSON.stringify writes for the same rows (bigints as their digits, times per `epoch`). */
function expected(results: StatementResult[], options: FormatOptions): string {
  const unit = options.epoch === undefined ? undefined : ({ ns: 1n, u: 1000n, ms: 1_000_000n, s: 1_000_000_000n } as Record<string, bigint>)[options.epoch]!;
  const marks = new Map<string, string>();
  let n = 0;
  const mark = (text: string): string => {
    const key = `@@${n++}@@`;
    marks.set(key, text);
    return key;
  };
  const tree = {
    results: results.map((r) => ({
      statement_id: r.statement_id,
      series: r.series?.map((s) => ({
        name: s.name,
        ...(s.tags !== undefined ? { tags: s.tags } : {}),
        columns: s.columns,
        values: s.values.map((row) =>
          row.map((v, i) => {
            if (i === 0 && s.timeColumn) return unit === undefined ? formatRFC3339(v as bigint) : mark(((v as bigint) / unit).toString());
            return typeof v === "bigint" ? mark(v.toString()) : v;
          }),
        ),
      })),
    })),
  };
  return JSON.stringify(tree).replace(/"(@@\d+@@)"/g, (_, key: string) => marks.get(key)!);
}

function randomResults(seed: number, rows: number): StatementResult[] {
  const draw = prng(seed);
  const width = 1 + Math.floor(draw() * 6);
  const values: Value[][] = [];
  let t = 1_500_000_000_000_000_000n;
  for (let r = 0; r < rows; r++) {
    // Repeated times (rows merged from several series) and new ones.
    if (draw() < 0.7) t += BigInt(Math.floor(draw() * 1e12));
    values.push([t, ...Array.from({ length: width }, () => randomValue(draw))]);
  }
  const columns = ["time", ...Array.from({ length: width }, (_, i) => `c${i}`)];
  return [{ statement_id: 0, series: [{ name: "m é", tags: { host: 'a"b', zone: "ü" }, columns, values, timeColumn: true }] }];
}

describe("JSON written as bytes", () => {
  it("writes what JSON.stringify writes, in every epoch, whole and in chunks", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const results = randomResults(seed, 1 + seed * 37);
      for (const options of [{ epoch: "ns" }, { epoch: "ms" }, {}] as FormatOptions[]) {
        const want = expected(results, options);
        expect(resultsJson(results, options)).toBe(want);
        // Small chunks: many chunk boundaries inside rows, strings and multi-byte characters.
        const chunks = [...resultsJsonChunks(results, options, 16)];
        expect(Buffer.concat(chunks).toString("utf8")).toBe(want);
      }
    }
  });

  it("hands over chunks of the asked size while writing, not only at the end", () => {
    const results = randomResults(7, 5000);
    const chunks = [...resultsJsonChunks(results, { epoch: "ns" }, 4096)];
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeLessThanOrEqual(4096);
  });

  it("escapes strings exactly as JSON.stringify does", () => {
    for (const s of [...STRINGS, "\u2028\u2029", String.fromCharCode(0xd83d)]) {
      const out = new JsonBytes(8);
      out.string(s);
      expect(Buffer.concat(out.end()).toString("utf8")).toBe(JSON.stringify(s));
    }
  });

  it("writes floats as JSON does, with null for non-finite values", () => {
    for (const v of [0, -0, 1.5, -1e-7, 1e21, 123456789.123, NaN, Infinity, -Infinity, 5e-324, 2 ** -1074, 2 ** 1023, 0.1 + 0.2, 9007199254740993]) {
      expect(floatText(v)).toBe(JSON.stringify(v));
    }
    // Any double: random bit patterns (subnormals, NaNs and every exponent), and values like the
    // benchmark's (random fractions scaled to 0..100).
    const draw = prng(5);
    const view = new DataView(new ArrayBuffer(8));
    for (let i = 0; i < 20_000; i++) {
      view.setUint32(0, Math.floor(draw() * 2 ** 32));
      view.setUint32(4, Math.floor(draw() * 2 ** 32));
      const v = view.getFloat64(0);
      expect(floatText(v)).toBe(JSON.stringify(v));
      const w = draw() * 100;
      expect(floatText(w)).toBe(JSON.stringify(w));
    }
  });
});
