// Writing results as InfluxDB 1.x does: JSON (optionally pretty, optionally chunked) and CSV.
// Integers are written from bigints so no precision is lost.
import type { Value } from "./eval.js";
import type { Series, StatementResult } from "./result.js";
import { columnarRowsOf, type ByMember, type ColumnarRows, type RowColumn } from "./columnar.js";
import { CHUNK_BYTES } from "@fluxgate/line-protocol";
import { floatText, JsonBytes } from "./json-bytes.js";
import { UtcTimeText, epochUnit, formatRFC3339 } from "./time.js";

export interface FormatOptions {
  /** `ns u µ ms s m h`: times as integers of that unit; RFC3339 strings when absent. */
  epoch?: string;
  /** Zone for RFC3339 output (the statement's tz()). */
  tz?: string;
  pretty?: boolean;
}

/** A JSON tree whose numbers may be bigints. */
type Json = null | boolean | number | bigint | string | RawRows | Json[] | { [key: string]: Json | undefined };

/** Rows written between two checks for a full chunk to hand over. */
const ROWS_PER_STEP = 512;

/**
 * Writes a JSON tree into `out`. It pauses (yields) between blocks of rows once `flushBytes` of
 * finished chunks wait in `out`, so a caller can send them before the rest is written.
 */
function* encodeTo(out: JsonBytes, value: Json, indent: string | undefined, depth: number, flushBytes: number): Generator<void> {
  if (value === null || typeof value !== "object") {
    cellTo(out, value);
    return;
  }
  if (value instanceof RawRows) {
    yield* valuesTo(out, value.series, value.range, value.options, indent, depth, flushBytes);
    return;
  }
  const nl = indent === undefined ? "" : `\n${indent.repeat(depth + 1)}`;
  const end = indent === undefined ? "" : `\n${indent.repeat(depth)}`;
  const sep = indent === undefined ? ":" : ": ";
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.ascii("[]");
      return;
    }
    out.byte(OPEN_BRACKET);
    for (let i = 0; i < value.length; i++) {
      out.ascii(i === 0 ? nl : `,${nl}`);
      yield* encodeTo(out, value[i]!, indent, depth + 1, flushBytes);
    }
    out.ascii(`${end}]`);
    return;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined) as Array<[string, Json]>;
  if (entries.length === 0) {
    out.ascii("{}");
    return;
  }
  out.ascii("{");
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    out.ascii(`${i === 0 ? "" : ","}${nl}`);
    out.string(k);
    out.ascii(sep);
    yield* encodeTo(out, v, indent, depth + 1, flushBytes);
  }
  out.ascii(`${end}}`);
}

/** The whole text of a JSON tree. */
function encode(value: Json, indent: string | undefined): string {
  const out = new JsonBytes();
  for (const _ of encodeTo(out, value, indent, 0, Infinity));
  const chunks = out.end();
  return chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8");
}

/** A JSON tree's bytes in chunks of about `chunkBytes`, handed over as they fill. */
function* encodeChunks(value: Json, indent: string | undefined, chunkBytes: number): Generator<Buffer> {
  const out = new JsonBytes(chunkBytes);
  for (const _ of encodeTo(out, value, indent, 0, chunkBytes)) yield* out.take();
  yield* out.end();
}

const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/** A cell's JSON text (the pretty form builds rows from these). */
function cellText(v: Value): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "number":
      return floatText(v);
    case "bigint":
      return v.toString();
    case "string":
      return JSON.stringify(v);
    default:
      return v ? "true" : "false";
  }
}

/** Writes one cell; `undefined` (a hole) is null, as JSON.stringify writes it in an array. */
function cellTo(out: JsonBytes, v: Value | undefined): void {
  switch (typeof v) {
    case "number":
      out.float(v);
      return;
    case "string":
      out.string(v);
      return;
    case "bigint":
      out.ascii(v.toString());
      return;
    case "boolean":
      out.ascii(v ? "true" : "false");
      return;
    default:
      out.ascii("null");
  }
}

/** Nanoseconds per unit of integer times (`epoch`; an unknown unit is ns), or undefined for RFC3339 text. */
export const epochUnitOf = (options: FormatOptions): bigint | undefined => (options.epoch === undefined ? undefined : (epochUnit(options.epoch) ?? 1n));

/**
 * The JSON text of row times (ASCII: digits, or an RFC3339 string). Rows merged from many series
 * repeat each time once per series in a row, so the last time's text is kept.
 */
class TimeText {
  #last: bigint | undefined;
  #text = "";
  readonly #utc: UtcTimeText | undefined;

  constructor(
    private readonly unit: bigint | undefined,
    private readonly tz: string | undefined,
  ) {
    this.#utc = unit === undefined && tz === undefined ? new UtcTimeText() : undefined;
  }

  of(t: bigint): string {
    if (t !== this.#last) {
      this.#last = t;
      const unit = this.unit;
      // RFC3339 text is plain ASCII: quoted as is, as JSON.stringify would.
      if (this.#utc !== undefined) this.#text = `"${this.#utc.of(t)}"`;
      else this.#text = unit === 1n ? t.toString() : unit !== undefined ? (t / unit).toString() : JSON.stringify(formatRFC3339(t, this.tz));
    }
    return this.#text;
  }
}

/** Compact rows `from` to `to` (exclusive), each preceded by a comma but row `first`. */
function rowsTo(out: JsonBytes, rows: readonly Value[][], first: number, from: number, to: number, time: TimeText | undefined): void {
  for (let r = from; r < to; r++) {
    const row = rows[r]!;
    if (r !== first) out.byte(COMMA);
    out.byte(OPEN_BRACKET);
    let i = 0;
    if (time !== undefined && row.length > 0) {
      out.ascii(time.of(row[0] as bigint));
      i = 1;
    }
    for (; i < row.length; i++) {
      if (i !== 0) out.byte(COMMA);
      cellTo(out, row[i]);
    }
    out.byte(CLOSE_BRACKET);
  }
}

/**
 * How a row's cells after the time are written: float and value columns cell by cell; runs of
 * per-series columns (tags) as one piece of JSON text made once per series.
 */
type RowPart = { floats: Float64Array } | { values: Value[] } | { member: Int32Array; texts: Buffer[] };

function rowParts(columns: readonly RowColumn[]): RowPart[] {
  return columnParts(columns, (run, m) => run.map((r) => cellText(r.values[m] ?? null)).join(","));
}

/**
 * A row's parts: float and value columns as they are; each run of per-series columns over the same
 * series as one text per series, `runText` writing the run's cells of series `m`.
 */
function columnParts(columns: readonly RowColumn[], runText: (run: readonly ByMember[], m: number) => string): RowPart[] {
  const parts: RowPart[] = [];
  for (let c = 0; c < columns.length; ) {
    const col = columns[c]!;
    if (col instanceof Float64Array) parts.push({ floats: col });
    else if (Array.isArray(col)) parts.push({ values: col });
    else {
      // This column and the next ones over the same series: their cells' text per series.
      let end = c + 1;
      for (; end < columns.length; end++) {
        const next = columns[end]!;
        if (next instanceof Float64Array || Array.isArray(next) || next.member !== col.member) break;
      }
      const run = columns.slice(c, end) as ByMember[];
      parts.push({ member: col.member, texts: col.values.map((_, m) => Buffer.from(runText(run, m), "utf8")) });
      c = end;
      continue;
    }
    c++;
  }
  return parts;
}

/** Rows from columns: floats read from their Float64Arrays, times compared as words before being read. */
function columnarRowsTo(out: JsonBytes, data: ColumnarRows, parts: readonly RowPart[], first: number, from: number, to: number, time: TimeText): void {
  const { times } = data;
  const words = new Uint32Array(times.buffer, times.byteOffset, times.length * 2);
  let text = "";
  for (let r = from; r < to; r++) {
    if (r !== first) out.byte(COMMA);
    out.byte(OPEN_BRACKET);
    if (r === from || words[2 * r] !== words[2 * r - 2] || words[2 * r + 1] !== words[2 * r - 1]) text = time.of(times[r]!);
    out.ascii(text);
    for (let p = 0; p < parts.length; p++) {
      out.byte(COMMA);
      const part = parts[p]!;
      if ("floats" in part) out.float(part.floats[r]!);
      else if ("values" in part) cellTo(out, part.values[r]);
      else out.bytes(part.texts[part.member[r]!]!);
    }
    out.byte(CLOSE_BRACKET);
  }
}

function* columnarValuesTo(out: JsonBytes, data: ColumnarRows, first: number, end: number, time: TimeText, flushBytes: number): Generator<void> {
  const parts = rowParts(data.columns);
  out.byte(OPEN_BRACKET);
  for (let from = first; from < end; from += ROWS_PER_STEP) {
    columnarRowsTo(out, data, parts, first, from, Math.min(end, from + ROWS_PER_STEP), time);
    if (out.pending >= flushBytes) yield;
  }
  out.byte(CLOSE_BRACKET);
}

/** The `values` array, written with a loop rather than a generic tree walk. */
function* valuesTo(out: JsonBytes, s: Series, range: RowRange | undefined, options: FormatOptions, indent: string | undefined, depth: number, flushBytes: number): Generator<void> {
  const columnar = indent === undefined ? columnarRowsOf(s) : undefined;
  const first = range?.from ?? 0;
  const end = range?.to ?? rowCount(s);
  if (end <= first) {
    out.ascii("[]");
    return;
  }
  const time = s.timeColumn ? new TimeText(epochUnitOf(options), s.tz ?? options.tz) : undefined;
  if (columnar !== undefined) {
    yield* columnarValuesTo(out, columnar, first, end, time!, flushBytes);
    return;
  }
  const rows = s.values;
  if (indent === undefined) {
    out.byte(OPEN_BRACKET);
    for (let from = first; from < end; from += ROWS_PER_STEP) {
      rowsTo(out, rows, first, from, Math.min(end, from + ROWS_PER_STEP), time);
      if (out.pending >= flushBytes) yield;
    }
    out.byte(CLOSE_BRACKET);
    return;
  }
  const pad = `\n${indent.repeat(depth + 1)}`;
  const cellPad = `\n${indent.repeat(depth + 2)}`;
  out.byte(OPEN_BRACKET);
  for (let r = first; r < end; r++) {
    const row = rows[r]!;
    const cells: string[] = new Array<string>(row.length);
    for (let i = 0; i < row.length; i++) {
      const v = row[i]!;
      cells[i] = cellPad + (i === 0 && time !== undefined ? time.of(v as bigint) : cellText(v));
    }
    out.text(`${r === first ? "" : ","}${pad}[${cells.join(",")}${pad}]`);
    if (out.pending >= flushBytes) yield;
  }
  out.ascii(`\n${indent.repeat(depth)}]`);
}

/** Rows `from` to `to` (exclusive) of a series: a chunk of it. */
interface RowRange {
  from: number;
  to: number;
}

/** A series' row count, without building the rows of a columnar one. */
const rowCount = (s: Series): number => columnarRowsOf(s)?.times.length ?? s.values.length;

/** `range`: some of the series' rows (a chunk); undefined for all of them. */
function seriesJson(s: Series, range: RowRange | undefined, options: FormatOptions, partial: boolean): Json {
  return {
    ...(s.name !== "" ? { name: s.name } : {}),
    ...(s.tags !== undefined ? { tags: s.tags } : {}),
    columns: s.columns,
    values: new RawRows(s, range, options),
    ...(partial ? { partial: true } : {}),
  };
}

/** Rows encoded when the tree is written (they need the indentation depth). */
class RawRows {
  constructor(
    readonly series: Series,
    readonly range: RowRange | undefined,
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
  return encode(resultJson(r, r.series?.map((s) => seriesJson(s, undefined, options, false)), false), indentOf(options));
}

const resultsTree = (results: readonly StatementResult[], options: FormatOptions): Json => ({
  results: results.map((r) => resultJson(r, r.series?.map((s) => seriesJson(s, undefined, options, false)), false)),
});

/** The whole `{"results":[…]}` document. */
export function resultsJson(results: readonly StatementResult[], options: FormatOptions): string {
  return encode(resultsTree(results, options), indentOf(options));
}

/**
 * The whole `{"results":[…]}` document as UTF-8 chunks of about `chunkBytes` (what a server
 * writes: no string of the whole answer, and the first bytes can leave before the last are written).
 */
export function resultsJsonChunks(results: readonly StatementResult[], options: FormatOptions, chunkBytes = CHUNK_BYTES): Generator<Buffer> {
  return encodeChunks(resultsTree(results, options), indentOf(options), chunkBytes);
}

/**
 * Chunked output of one statement: one `{"results":[…]}` document per chunk of at most `size`
 * rows of one series; `partial` marks a series or result that continues in the next chunk.
 */
export function* chunkedJson(r: StatementResult, size: number, options: FormatOptions): Generator<Buffer> {
  const indent = indentOf(options);
  const series = r.series ?? [];
  if (series.length === 0 || r.chunking === "whole") {
    yield encodeLine({ results: [resultJson(r, series.map((s) => seriesJson(s, undefined, options, false)), false)] }, indent);
    return;
  }
  if (r.chunking === "series") {
    for (const s of series) yield encodeLine({ results: [resultJson(r, [seriesJson(s, undefined, options, false)], false)] }, indent);
    return;
  }
  for (let si = 0; si < series.length; si++) {
    const s = series[si]!;
    const count = rowCount(s);
    const total = Math.max(1, count);
    for (let from = 0; from < total; from += size) {
      const seriesPartial = from + size < count;
      const resultPartial = seriesPartial || si < series.length - 1;
      const range = { from, to: Math.min(count, from + size) };
      const doc = { results: [resultJson({ ...r, error: undefined } as StatementResult, [seriesJson(s, range, options, seriesPartial)], resultPartial)] };
      yield encodeLine(doc, indent);
    }
  }
}

/** One document and a newline, as one piece of bytes. */
function encodeLine(value: Json, indent: string | undefined): Buffer {
  const out = new JsonBytes();
  for (const _ of encodeTo(out, value, indent, 0, Infinity));
  out.byte(0x0a);
  const chunks = out.end();
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvValue(v: Value): string {
  if (v === null) return "";
  if (typeof v === "number") return Number.isFinite(v) ? floatText(v) : "";
  return String(v);
}

/**
 * CSV as InfluxDB 1.x writes it: `name,tags,time,<columns>` headers (repeated for each statement
 * and when the columns change), tags as `k=v,k=v`, times as integers (ns unless `epoch` says otherwise).
 */
export function resultsCsv(results: readonly StatementResult[], options: FormatOptions): string {
  return Buffer.concat([...resultsCsvChunks(results, options)]).toString("utf8");
}

const NEWLINE = 0x0a;

/** {@link resultsCsv} as UTF-8 chunks of about `chunkBytes`, written straight from columnar series. */
export function* resultsCsvChunks(results: readonly StatementResult[], options: FormatOptions, chunkBytes = CHUNK_BYTES): Generator<Buffer> {
  const unit = options.epoch === undefined ? 1n : (epochUnit(options.epoch) ?? 1n);
  const out = new JsonBytes(chunkBytes);
  let header: string | undefined;
  let lines = 0;
  const line = (text: string): void => {
    if (lines++ > 0) out.byte(NEWLINE);
    out.text(text);
  };
  for (const r of results) {
    if (r.error !== undefined) {
      line("error");
      line(csvField(r.error));
      header = undefined;
      continue;
    }
    let first = true;
    for (const s of r.series ?? []) {
      const h = ["name", "tags", ...s.columns].map(csvField).join(",");
      // Each statement's first series starts with a header (after a blank line if one came
      // before), as does a series whose columns differ from the one before it.
      if (first || h !== header) {
        if (header !== undefined) line("");
        line(h);
        header = h;
      }
      first = false;
      const tags = Object.entries(s.tags ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
      // Every row starts with the series' name and tags.
      const lead = Buffer.from(`${csvField(s.name)},${csvField(tags)}`, "utf8");
      const time = (v: Value): void => out.ascii(unit === 1n ? (v as bigint).toString() : ((v as bigint) / unit).toString());
      const columnar = columnarRowsOf(s);
      if (columnar !== undefined) {
        if (columnar.times.length > 0) {
          if (lines > 0) out.byte(NEWLINE);
          csvColumnarRows(out, columnar, Buffer.concat([lead, Buffer.from(",")]), unit);
          lines += columnar.times.length;
        }
      } else {
        for (const values of s.values) {
          if (lines++ > 0) out.byte(NEWLINE);
          out.bytes(lead);
          values.forEach((v, i) => {
            out.byte(COMMA);
            if (i === 0 && s.timeColumn) time(v);
            else out.text(csvField(csvValue(v)));
          });
        }
      }
      if (out.pending >= chunkBytes) yield* out.take();
    }
  }
  if (lines > 0) out.byte(NEWLINE);
  yield* out.end();
}

/**
 * Rows of a columnar series, each `lead` (name, tags and a comma), the time, then its cells: floats
 * written as they are read, and adjacent per-series columns (a `SELECT *`'s tags) as one piece of
 * text per series. A time repeated from the row before is not formatted again.
 */
function csvColumnarRows(out: JsonBytes, data: ColumnarRows, lead: Buffer, unit: bigint): void {
  const { times } = data;
  const words = new Uint32Array(times.buffer, times.byteOffset, times.length * 2);
  const parts = csvRowParts(data.columns);
  // One array per kind of part, so the row loop reads each the same way (parts differ in shape).
  const floats = parts.map((p) => ("floats" in p ? p.floats : undefined));
  const members = parts.map((p) => ("member" in p ? p : undefined));
  let text = "";
  for (let r = 0; r < times.length; r++) {
    if (r > 0) out.byte(NEWLINE);
    out.bytes(lead);
    if (r === 0 || words[2 * r] !== words[2 * r - 2] || words[2 * r + 1] !== words[2 * r - 1]) {
      const t = times[r]!;
      text = unit === 1n ? t.toString() : (t / unit).toString();
    }
    out.ascii(text);
    for (let p = 0; p < parts.length; p++) {
      const f = floats[p];
      if (f !== undefined) {
        out.byte(COMMA);
        const v = f[r]!;
        if (Number.isFinite(v)) out.number(v);
        continue;
      }
      const m = members[p];
      if (m !== undefined) {
        out.bytes(m.texts[m.member[r]!]!);
        continue;
      }
      out.byte(COMMA);
      out.text(csvField(csvValue((parts[p] as { values: Value[] }).values[r] ?? null)));
    }
  }
}

/** A columnar series' columns as CSV writes them; per-series runs as texts with their commas. */
function csvRowParts(columns: readonly RowColumn[]): RowPart[] {
  return columnParts(columns, (run, m) => run.map((r) => `,${csvField(csvValue(r.values[m] ?? null))}`).join(""));
}

/** The body of a request-level error (`{"error": "..."}`, what 1.x clients read). */
export function errorJson(message: string): string {
  return encode({ error: message }, undefined);
}
