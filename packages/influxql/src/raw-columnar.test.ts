// Raw selects answered as columns against the same selects answered row by row (the path every
// other raw select takes): same series, rows and JSON text, over fields of every type, fields
// written at different times, series sharing times, grouping, ordering, limits and row filters.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prng } from "@fluxgate/line-protocol";
import { columnarRowsOf } from "./columnar.js";
import { chunkedJson, resultsCsv, resultsCsvChunks, resultsJson, type FormatOptions } from "./format.js";
import { epochUnit } from "./time.js";
import type { Value } from "./eval.js";
import { columnarRaw } from "./raw-columnar.js";
import type { StatementResult } from "./result.js";
import { openFixture, type Fixture } from "./test-support/fixture.js";

let f: Fixture;
beforeAll(async () => {
  f = await openFixture(["db"]);
  const draw = prng(11);
  const lines: string[] = [];
  for (let t = 0; t < 60; t++) {
    for (const [host, region] of [["a", "e\"ü"], ["b", "e\"ü"], ["c", "us"]] as const) {
      const fields: string[] = [];
      // Fields missing on some points: a series' fields then have different times.
      if (draw() < 0.8) fields.push(`f=${(draw() * 10).toFixed(3)}`);
      if (draw() < 0.5) fields.push(`i=${Math.floor(draw() * 100) - 50}i`);
      if (draw() < 0.4) fields.push(`s="x\\"${Math.floor(draw() * 5)} é"`);
      if (draw() < 0.3) fields.push(`b=${draw() < 0.5}`);
      if (fields.length === 0) fields.push("f=0");
      // Hosts a and b share every time; c is offset by 1 ns on odd rounds.
      lines.push(`m,host=${host},region=${region} ${fields.join(",")} ${1_700_000_000_000_000_000n + BigInt(t) * 1_000_000_000n + (host === "c" ? BigInt(t % 2) : 0n)}`);
    }
  }
  // A series with floats only, all fields at the same times (the engine's arrays used as they are).
  for (let t = 0; t < 40; t++) lines.push(`m,host=d,region=us f=${t / 4},g=${t * 1.5} ${1_700_000_000_000_000_000n + BigInt(t) * 1_500_000_000n}`);
  // A second measurement, for FROM /regex/.
  for (let t = 0; t < 30; t++) lines.push(`n,host=e f=${t % 11},s="n${t}" ${1_700_000_000_000_000_000n + BigInt(t) * 2_000_000_000n}`);
  await f.write("db", lines.join("\n"));
});
afterAll(async () => f?.close());

async function both(q: string): Promise<{ columnar: StatementResult[]; rows: StatementResult[] }> {
  const columnar = await f.run(q);
  columnarRaw.enabled = false;
  try {
    return { columnar, rows: await f.run(q) };
  } finally {
    columnarRaw.enabled = true;
  }
}

/** 1.x CSV the plain way (strings per row, joined), to check the chunked byte writer against. */
function referenceCsv(results: readonly StatementResult[], options: FormatOptions): string {
  const unit = options.epoch === undefined ? 1n : (epochUnit(options.epoch) ?? 1n);
  const field = (text: string): string => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const value = (v: Value): string => (v === null ? "" : typeof v === "number" ? (Number.isFinite(v) ? String(v) : "") : String(v));
  const lines: string[] = [];
  let header: string | undefined;
  for (const r of results) {
    if (r.error !== undefined) {
      lines.push("error", field(r.error));
      header = undefined;
      continue;
    }
    let first = true;
    for (const s of r.series ?? []) {
      const h = ["name", "tags", ...s.columns].map(field).join(",");
      if (first || h !== header) {
        if (header !== undefined) lines.push("");
        lines.push(h);
        header = h;
      }
      first = false;
      const tags = Object.entries(s.tags ?? {}).map(([k, v]) => `${k}=${v}`).join(",");
      for (const row of s.values) lines.push([field(s.name), field(tags), ...row.map((v, i) => (i === 0 && s.timeColumn ? ((v as bigint) / unit).toString() : field(value(v))))].join(","));
    }
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

describe("raw selects as columns", () => {
  it.each([
    "SELECT * FROM m",
    "SELECT f, s, host FROM m GROUP BY region",
    "SELECT * FROM m GROUP BY *",
    "SELECT * FROM m ORDER BY time DESC LIMIT 4 OFFSET 2",
    "SELECT i, b FROM m GROUP BY host ORDER BY time DESC LIMIT 3",
    "SELECT f, g, i FROM m LIMIT 5 OFFSET 7",
    "SELECT * FROM m WHERE f > 5",
    "SELECT s, region, host FROM m WHERE f < 3 AND host =~ /a|b/",
    "SELECT i, b, nope, host FROM m WHERE host =~ /a|c/",
    "SELECT f::field, host::tag FROM m WHERE time >= 1700000010000000000 AND time < 1700000030000000000",
    "SELECT f, host FROM m WHERE host = 'c' tz('America/Chicago')",
    // SLIMIT/SOFFSET pick each measurement's series (n's only one is skipped).
    "SELECT * FROM /m|n/ WHERE f > 8 GROUP BY host SLIMIT 2 SOFFSET 1",
    "SELECT * FROM (SELECT f, i, host FROM m WHERE f > 4) WHERE host != 'a'",
  ])("%s", async (q) => {
    const { columnar, rows } = await both(q);
    expect(columnar[0]!.error).toBeUndefined();
    const series = columnar[0]!.series ?? [];
    expect(series.length).toBeGreaterThan(0);
    // The outer select of a subquery takes the row path (it reads the inner rows).
    expect(series.every((s) => columnarRowsOf(s) !== undefined)).toBe(!q.includes("(SELECT"));
    expect((rows[0]!.series ?? []).some((s) => columnarRowsOf(s) !== undefined)).toBe(false);
    for (const options of [{ epoch: "ns" }, {}, { epoch: "s" }, { pretty: true }]) expect(resultsJson(columnar, options)).toBe(resultsJson(rows, options));
    // Chunked: each chunk a range of the columns.
    const chunked = (r: StatementResult[]) => Buffer.concat(r.flatMap((x) => [...chunkedJson(x, 7, { epoch: "ms" })])).toString("utf8");
    expect(chunked(columnar)).toBe(chunked(rows));
    // CSV, whole and in 16-byte chunks, from the columns and from the rows.
    for (const options of [{}, { epoch: "ms" }]) {
      const reference = referenceCsv(rows, options);
      expect(resultsCsv(columnar, options)).toBe(reference);
      expect(resultsCsv(rows, options)).toBe(reference);
      expect(Buffer.concat([...resultsCsvChunks(columnar, options, 16)]).toString("utf8")).toBe(reference);
    }
    expect(columnar).toEqual(rows);
  });
});
