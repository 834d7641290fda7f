// Writing results as InfluxDB 1.x does: JSON (optionally pretty, optionally chunked) and CSV.
// Integers are written from bigints so no precision is lost.
import type { Value } from "./eval.js";
import type { Series, StatementResult } from "./result.js";
import { epochUnit, formatRFC3339 } from "./time.js";

export interface FormatOptions {
  /** `ns u µ ms s m h`: times as integers of that unit; RFC3339 strings when absent. */
  epoch?: string;
  /** Zone for RFC3339 output (the statement's tz()). */
  tz?: string;
  pretty?: boolean;
}

/** A JSON tree whose numbers may be bigints. */
type Json = null | boolean | number | bigint | string | RawRows | Json[] | { [key: string]: Json | undefined };

/**
 * Writes a JSON tree as pieces appended to `out`, joined once at the end: nesting by joining each
 * level's text would copy a large `values` array's text once per level (5 levels in a result).
 */
function encodeTo(out: string[], value: Json, indent: string | undefined, depth: number): void {
  if (value === null) {
    out.push("null");
    return;
  }
  switch (typeof value) {
    case "boolean":
      out.push(value ? "true" : "false");
      return;
    case "bigint":
      out.push(value.toString());
      return;
    case "number":
      out.push(Number.isFinite(value) ? JSON.stringify(value) : "null");
      return;
    case "string":
      out.push(JSON.stringify(value));
      return;
    default:
      break;
  }
  if (value instanceof RawRows) {
    valuesTo(out, value.series, value.rows, value.options, indent, depth);
    return;
  }
  const nl = indent === undefined ? "" : `\n${indent.repeat(depth + 1)}`;
  const end = indent === undefined ? "" : `\n${indent.repeat(depth)}`;
  const sep = indent === undefined ? ":" : ": ";
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push("[]");
      return;
    }
    out.push("[");
    value.forEach((v, i) => {
      out.push(i === 0 ? nl : `,${nl}`);
      encodeTo(out, v, indent, depth + 1);
    });
    out.push(`${end}]`);
    return;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined) as Array<[string, Json]>;
  if (entries.length === 0) {
    out.push("{}");
    return;
  }
  out.push("{");
  entries.forEach(([k, v], i) => {
    out.push(`${i === 0 ? "" : ","}${nl}${JSON.stringify(k)}${sep}`);
    encodeTo(out, v, indent, depth + 1);
  });
  out.push(`${end}}`);
}

function encode(value: Json, indent: string | undefined): string {
  const out: string[] = [];
  encodeTo(out, value, indent, 0);
  return out.join("");
}

function cellText(v: Value): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "number":
      // JS and JSON agree on finite numbers; NaN and infinities have no JSON form.
      return Number.isFinite(v) ? String(v) : "null";
    case "bigint":
      return v.toString();
    case "string":
      return JSON.stringify(v);
    default:
      return v ? "true" : "false";
  }
}

/** Nanoseconds per unit of integer times (`epoch`; an unknown unit is ns), or undefined for RFC3339 text. */
export const epochUnitOf = (options: FormatOptions): bigint | undefined => (options.epoch === undefined ? undefined : (epochUnit(options.epoch) ?? 1n));

/** The `values` array, written with a loop rather than a generic tree walk. */
function valuesTo(out: string[], s: Series, rows: Value[][], options: FormatOptions, indent: string | undefined, depth: number): void {
  if (rows.length === 0) {
    out.push("[]");
    return;
  }
  const tz = s.tz ?? options.tz;
  const unit = epochUnitOf(options);
  const timeText = (v: bigint): string => (unit === 1n ? v.toString() : unit !== undefined ? (v / unit).toString() : JSON.stringify(formatRFC3339(v, tz)));
  if (indent === undefined) {
    // Compact output: the engine's own JSON.stringify writes the cells; it refuses bigints, so a
    // row holding one (integer fields) is written cell by cell (checked first: a thrown error per
    // row would cost more than the row). The time cell is a bigint: it is swapped for 0 while the
    // row is written, then its text takes the place of that 0 (no copy of the row per row).
    const from = s.timeColumn ? 1 : 0;
    out.push("[");
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      let integers = false;
      for (let i = from; i < row.length; i++) {
        if (typeof row[i] === "bigint") {
          integers = true;
          break;
        }
      }
      let text: string;
      if (integers) text = `[${row.map((v, i) => (i === 0 && s.timeColumn ? timeText(v as bigint) : cellText(v))).join(",")}]`;
      else if (!s.timeColumn) text = JSON.stringify(row);
      else {
        const time = row[0] as bigint;
        row[0] = 0;
        try {
          text = JSON.stringify(row);
        } finally {
          row[0] = time;
        }
        text = `[${timeText(time)}${text.slice(2)}`;
      }
      out.push(r === 0 ? text : `,${text}`);
    }
    out.push("]");
    return;
  }
  const pad = `\n${indent.repeat(depth + 1)}`;
  const cellPad = `\n${indent.repeat(depth + 2)}`;
  out.push("[");
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const cells: string[] = new Array<string>(row.length);
    for (let i = 0; i < row.length; i++) {
      const v = row[i]!;
      cells[i] = cellPad + (i === 0 && s.timeColumn ? timeText(v as bigint) : cellText(v));
    }
    out.push(`${r === 0 ? "" : ","}${pad}[${cells.join(",")}${pad}]`);
  }
  out.push(`\n${indent.repeat(depth)}]`);
}

function seriesJson(s: Series, rows: Value[][], options: FormatOptions, partial: boolean): Json {
  return {
    ...(s.name !== "" ? { name: s.name } : {}),
    ...(s.tags !== undefined ? { tags: s.tags } : {}),
    columns: s.columns,
    values: new RawRows(s, rows, options),
    ...(partial ? { partial: true } : {}),
  };
}

/** Rows encoded when the tree is written (they need the indentation depth). */
class RawRows {
  constructor(
    readonly series: Series,
    readonly rows: Value[][],
    readonly options: FormatOptions,
  ) {}
}

function resultJson(r: StatementResult, series: Json[] | undefined, partial: boolean): Json {
  return {
    statement_id: r.statement_id,
    ...(series !== undefined && series.length > 0 ? { series } : {}),
    ...(r.messages !== undefined ? { messages: r.messages.map((m) => ({ level: m.level, text: m.text })) } : {}),
    ...(partial ? { partial: true } : {}),
    ...(r.error !== undefined ? { error: r.error } : {}),
  };
}

const indentOf = (options: FormatOptions): string | undefined => (options.pretty === true ? "    " : undefined);

/** One statement's result as it appears inside `results`. */
export function statementJson(r: StatementResult, options: FormatOptions): string {
  return encode(resultJson(r, r.series?.map((s) => seriesJson(s, s.values, options, false)), false), indentOf(options));
}

/** The whole `{"results":[…]}` document. */
export function resultsJson(results: readonly StatementResult[], options: FormatOptions): string {
  const tree: Json = { results: results.map((r) => resultJson(r, r.series?.map((s) => seriesJson(s, s.values, options, false)), false)) };
  return encode(tree, indentOf(options));
}

/**
 * Chunked output of one statement: one `{"results":[…]}` document per chunk of at most `size`
 * rows of one series; `partial` marks a series or result that continues in the next chunk.
 */
export function* chunkedJson(r: StatementResult, size: number, options: FormatOptions): Generator<string> {
  const indent = indentOf(options);
  const series = r.series ?? [];
  if (series.length === 0) {
    yield `${encode({ results: [resultJson(r, undefined, false)] }, indent)}\n`;
    return;
  }
  for (let si = 0; si < series.length; si++) {
    const s = series[si]!;
    const total = Math.max(1, s.values.length);
    for (let from = 0; from < total; from += size) {
      const rows = s.values.slice(from, from + size);
      const seriesPartial = from + size < s.values.length;
      const resultPartial = seriesPartial || si < series.length - 1;
      const doc = { results: [resultJson({ ...r, error: undefined } as StatementResult, [seriesJson(s, rows, options, seriesPartial)], resultPartial)] };
      yield `${encode(doc, indent)}\n`;
    }
  }
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvValue(v: Value): string {
  if (v === null) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  return String(v);
}

/**
 * CSV as InfluxDB 1.x writes it: `name,tags,time,<columns>` headers (repeated when the columns
 * change), tags as `k=v,k=v`, times as integers (ns unless `epoch` says otherwise).
 */
export function resultsCsv(results: readonly StatementResult[], options: FormatOptions): string {
  const unit = options.epoch === undefined ? 1n : (epochUnit(options.epoch) ?? 1n);
  const lines: string[] = [];
  let header: string | undefined;
  for (const r of results) {
    if (r.error !== undefined) {
      lines.push("error", csvField(r.error));
      header = undefined;
      continue;
    }
    for (const s of r.series ?? []) {
      const h = ["name", "tags", ...s.columns].map(csvField).join(",");
      if (h !== header) {
        if (header !== undefined) lines.push("");
        lines.push(h);
        header = h;
      }
      const tags = Object.entries(s.tags ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
      for (const row of s.values) {
        const cells = row.map((v, i) => (i === 0 && s.timeColumn ? ((v as bigint) / unit).toString() : csvValue(v)));
        lines.push([csvField(s.name), csvField(tags), ...cells.map(csvField)].join(","));
      }
    }
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/** The body of a request-level error (`{"error": "..."}`, what 1.x clients read). */
export function errorJson(message: string): string {
  return encode({ error: message }, undefined);
}
