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

function encode(value: Json, indent: string | undefined, depth = 0): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return value.toString();
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "string":
      return JSON.stringify(value);
    default:
      break;
  }
  if (value instanceof RawRows) return valuesText(value.series, value.rows, value.options, indent, depth);
  const nl = indent === undefined ? "" : `\n${indent.repeat(depth + 1)}`;
  const end = indent === undefined ? "" : `\n${indent.repeat(depth)}`;
  const sep = indent === undefined ? ":" : ": ";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[${value.map((v) => nl + encode(v, indent, depth + 1)).join(",")}${end}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined) as Array<[string, Json]>;
  if (entries.length === 0) return "{}";
  return `{${entries.map(([k, v]) => `${nl}${JSON.stringify(k)}${sep}${encode(v, indent, depth + 1)}`).join(",")}${end}}`;
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

/** The `values` array, written with a loop rather than a generic tree walk. */
function valuesText(s: Series, rows: Value[][], options: FormatOptions, indent: string | undefined, depth: number): string {
  if (rows.length === 0) return "[]";
  const timeOptions = s.tz !== undefined ? { ...options, tz: s.tz } : options;
  const unit = options.epoch === undefined ? undefined : (epochUnit(options.epoch) ?? 1n);
  const parts: string[] = [];
  const pad = indent === undefined ? "" : `\n${indent.repeat(depth + 1)}`;
  const cellPad = indent === undefined ? "" : `\n${indent.repeat(depth + 2)}`;
  if (indent === undefined) {
    // Compact output: the engine's own JSON.stringify writes the cells; it refuses bigints, so a
    // row holding one (integer fields) is written cell by cell (checked first: a thrown error per
    // row would cost more than the row).
    for (const row of rows) {
      const rest = s.timeColumn ? row.slice(1) : row;
      const text = rest.some((v) => typeof v === "bigint") ? `[${rest.map(cellText).join(",")}]` : JSON.stringify(rest);
      if (!s.timeColumn) parts.push(text);
      else {
        const v = row[0] as bigint;
        const time = unit !== undefined ? (v / unit).toString() : JSON.stringify(formatRFC3339(v, timeOptions.tz));
        parts.push(rest.length === 0 ? `[${time}]` : `[${time},${text.slice(1)}`);
      }
    }
    return `[${parts.join(",")}]`;
  }
  for (const row of rows) {
    const cells: string[] = new Array<string>(row.length);
    for (let i = 0; i < row.length; i++) {
      const v = row[i]!;
      if (i === 0 && s.timeColumn) cells[i] = cellPad + (unit !== undefined ? ((v as bigint) / unit).toString() : JSON.stringify(formatRFC3339(v as bigint, timeOptions.tz)));
      else cells[i] = cellPad + cellText(v);
    }
    parts.push(`${pad}[${cells.join(",")}${indent === undefined ? "" : `\n${indent.repeat(depth + 1)}`}]`);
  }
  return `[${parts.join(",")}${indent === undefined ? "" : `\n${indent.repeat(depth)}`}]`;
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
