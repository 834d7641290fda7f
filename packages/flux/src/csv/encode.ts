/**
 * Tables → annotated CSV as InfluxDB's `/api/v2/query` writes it: per result, one block per
 * schema (annotations, then a header row whose first cell is empty), rows with `result` and
 * `table` columns, CRLF line ends, a blank line between blocks and between results.
 */
import { formatCell, formatFloat } from "../table/format.js";
import type { Cell, ColumnMeta, ColumnType, Table } from "../table/types.js";
import { csvTypeName } from "../table/table.js";
import { quoteField } from "./records.js";
import { ByteChunks } from "@fluxgate/line-protocol";
import { timeByteWriter } from "./time-text.js";

export type Annotation = "datatype" | "group" | "default";

export interface Dialect {
  /** Write the header row. Default true. */
  header?: boolean;
  /** One character. Default ",". */
  delimiter?: string;
  /** Which annotation rows to write, in the order given (as Flux does). Default none. */
  annotations?: readonly Annotation[];
  /** Prefix of annotation rows. Default "#". */
  commentPrefix?: string;
  /** `RFC3339` or `RFC3339Nano`: the name in `#datatype`; times are written with their full precision either way. */
  dateTimeFormat?: "RFC3339" | "RFC3339Nano";
}

export interface Result {
  name: string;
  tables: AsyncIterable<Table>;
}

const lineEnd = "\r\n";
const annotationNames: ReadonlySet<string> = new Set(["datatype", "group", "default"]);

function sameSchema(a: Table, b: Table): boolean {
  // Tables of one read usually share their column and key lists.
  if (a.columns === b.columns && a.key.columns === b.key.columns) return true;
  if (a.columns.length !== b.columns.length) return false;
  for (let i = 0; i < a.columns.length; i++) {
    const x = a.columns[i] as ColumnMeta;
    const y = b.columns[i] as ColumnMeta;
    if (x.label !== y.label || x.type !== y.type) return false;
    const inA = a.key.columns.some((c) => c.label === x.label);
    const inB = b.key.columns.some((c) => c.label === y.label);
    if (inA !== inB) return false;
  }
  return true;
}

/** UTF-8 chunks as text; a character split over two chunks comes out whole. */
export async function* utf8Text(chunks: AsyncIterable<Uint8Array>): AsyncIterable<string> {
  const decoder = new TextDecoder();
  for await (const chunk of chunks) yield decoder.decode(chunk, { stream: true });
}

/** Writes one non-null cell of a column. */
type CellWriter = (out: ByteChunks, cell: Cell) => void;

/** Encoded bytes a table may leave unsent before they are yielded without waiting for more. */
const FLUSH_BYTES = 16 * 1024;

export class CSVEncoder {
  private readonly header: boolean;
  private readonly delimiter: string;
  private readonly annotations: readonly Annotation[];
  private readonly prefix: string;
  private readonly timeType: string;
  /**
   * Only strings can need quoting; numbers, booleans and times never hold a delimiter or quote
   * (unless the delimiter is a digit or letter, which no one uses, but then quote everything).
   */
  private readonly quoteAll: boolean;
  /** With a #default row the result name is written once there; otherwise on every row. */
  private readonly resultOnRows: boolean;
  /** True once anything was written (the HTTP status can no longer change). */
  private wroteAny = false;
  /** True while a result's tables are being written (an error must first end its block). */
  private inResult = false;
  private readonly out = new ByteChunks();
  private readonly writers: ({ type: ColumnType; write: CellWriter } | undefined)[] = [];
  private lastLayout: { columns: Table["columns"]; keyColumns: Table["key"]["columns"]; positions: number[] } | undefined;
  private readonly lastKeyTexts: ({ value: Cell; type: ColumnType; text: string } | undefined)[] = [];

  constructor(dialect: Dialect = {}) {
    this.header = dialect.header ?? true;
    this.delimiter = dialect.delimiter ?? ",";
    this.annotations = [...new Set(dialect.annotations ?? [])].filter((a) => annotationNames.has(a));
    this.prefix = dialect.commentPrefix ?? "#";
    this.timeType = dialect.dateTimeFormat === "RFC3339Nano" ? "dateTime:RFC3339Nano" : "dateTime:RFC3339";
    this.quoteAll = /[0-9A-Za-z.:+-]/.test(this.delimiter);
    this.resultOnRows = !this.annotations.includes("default");
  }

  get started(): boolean {
    return this.wroteAny;
  }

  /**
   * Encodes every result in order, yielding UTF-8 bytes once a table completes a chunk or leaves
   * {@link FLUSH_BYTES} unsent, and the rest at the end.
   */
  async *encode(results: AsyncIterable<Result> | Iterable<Result>): AsyncIterable<Uint8Array> {
    for await (const result of results) yield* this.encodeResult(result);
    yield* this.out.end();
  }

  /** What is encoded but not yet yielded (before an error table, say). */
  flush(): Uint8Array[] {
    return this.out.end();
  }

  /** The same as {@link encode}, as text (a chunk never ends inside a character). */
  encodeText(results: AsyncIterable<Result> | Iterable<Result>): AsyncIterable<string> {
    return utf8Text(this.encode(results));
  }

  /**
   * One result: its tables in blocks (a blank line before each block after the first), then a
   * blank line ending the result, as InfluxDB's multi-result encoder writes.
   */
  async *encodeResult(result: Result): AsyncIterable<Uint8Array> {
    const out = this.out;
    let previous: Table | undefined;
    let tableId = 0;
    for await (const table of result.tables) {
      // An empty table gets a block of its own whose #default row carries its table id and key
      // values (it has no row to show them); the table after it starts a fresh block.
      const empty = table.length === 0;
      if (previous === undefined || empty || previous.length === 0 || !sameSchema(previous, table)) {
        if (previous !== undefined) out.ascii(lineEnd);
        out.text(this.blockHead(result.name, table, empty ? tableId : undefined));
      }
      this.rows(result.name, table, tableId);
      previous = table;
      tableId++;
      this.wroteAny = true;
      this.inResult = true;
      // Small tables (one per series and field, as last() gives) are sent together, not one
      // socket write each.
      yield* out.open >= FLUSH_BYTES ? out.end() : out.take();
    }
    if (previous !== undefined) {
      this.inResult = false;
      out.ascii(lineEnd);
    }
  }

  private row(cells: readonly string[]): string {
    return cells.map((c) => quoteField(c, this.delimiter)).join(this.delimiter) + lineEnd;
  }

  private blockHead(resultName: string, table: Table, emptyTableId: number | undefined): string {
    let out = "";
    const inKey = (c: ColumnMeta): boolean => table.key.columns.some((k) => k.label === c.label);
    for (const annotation of this.annotations) {
      const name = `${this.prefix}${annotation}`;
      if (annotation === "datatype") out += this.row([name, "string", "long", ...table.columns.map((c) => (c.type === "time" ? this.timeType : csvTypeName(c.type)))]);
      else if (annotation === "group") out += this.row([name, "false", "false", ...table.columns.map((c) => String(inKey(c)))]);
      else if (emptyTableId === undefined) out += this.row([name, resultName, "", ...table.columns.map(() => "")]);
      else {
        const keyValues = table.columns.map((c) => {
          const at = table.key.columns.findIndex((k) => k.label === c.label);
          return at < 0 ? "" : formatCell(table.key.values[at] ?? null, c.type);
        });
        out += this.row([name, resultName, String(emptyTableId), ...keyValues]);
      }
    }
    if (this.header) out += this.row(["", "result", "table", ...table.columns.map((c) => c.label)]);
    return out;
  }

  /** A writer per column type (null cells are written as nothing by the caller). */
  private cellWriter(type: ColumnType): CellWriter {
    const delimiter = this.delimiter;
    if (this.quoteAll) return (out, cell) => out.text(quoteField(formatCell(cell, type), delimiter));
    switch (type) {
      case "time": {
        // One per column position, kept across tables: each remembers its column's current minute.
        const write = timeByteWriter();
        return (out, cell) => write(out, cell as bigint);
      }
      case "float":
        return (out, cell) => {
          const v = cell as number;
          if (Number.isFinite(v)) out.decimal(v);
          else out.ascii(formatFloat(v));
        };
      case "string":
        return (out, cell) => out.text(quoteField(cell as string, delimiter));
      default:
        return (out, cell) => out.ascii(String(cell));
    }
  }

  private rows(resultName: string, table: Table, tableId: number): void {
    const resultCell = this.resultOnRows ? quoteField(resultName, this.delimiter) : "";
    const lead = `${this.delimiter}${resultCell}${this.delimiter}${tableId}`;
    const delimiter = this.delimiter;
    // Group key columns hold the same value on every row, so their text is written into the fixed
    // parts of a row once; only the other columns are written per row.
    const segments: Uint8Array[] = [];
    const variable: { write: CellWriter; cells: readonly Cell[] }[] = [];
    let pending = lead;
    const keyAt = this.keyPositions(table);
    table.columns.forEach((c, i) => {
      const at = keyAt[i] as number;
      if (at >= 0) {
        const value = table.key.values[at] ?? null;
        pending += delimiter + this.keyText(i, value, c.type);
        return;
      }
      segments.push(Buffer.from(pending + delimiter, "utf8"));
      variable.push({ write: this.writerAt(i, c.type), cells: table.data[i] as readonly Cell[] });
      pending = "";
    });
    segments.push(Buffer.from(pending + lineEnd, "utf8"));
    const out = this.out;
    const width = variable.length;
    const end = segments[width] as Uint8Array;
    for (let r = 0; r < table.length; r++) {
      for (let v = 0; v < width; v++) {
        out.bytes(segments[v] as Uint8Array);
        const column = variable[v] as (typeof variable)[number];
        const cell = column.cells[r] ?? null;
        if (cell !== null) column.write(out, cell);
      }
      out.bytes(end);
    }
  }

  /** For each column, its index in the table's key or -1; kept while tables share their lists. */
  private keyPositions(table: Table): number[] {
    const last = this.lastLayout;
    if (last !== undefined && last.columns === table.columns && last.keyColumns === table.key.columns) return last.positions;
    const positions = table.columns.map((c) => table.key.columns.findIndex((k) => k.label === c.label));
    this.lastLayout = { columns: table.columns, keyColumns: table.key.columns, positions };
    return positions;
  }

  /** The text of a key cell at column `index`, remembered while the next tables repeat it (_start, _stop…). */
  private keyText(index: number, value: Cell, type: ColumnType): string {
    const last = this.lastKeyTexts[index];
    if (last !== undefined && last.value === value && last.type === type) return last.text;
    const text = value === null ? "" : formatCell(value, type);
    const quoted = type === "string" || this.quoteAll ? quoteField(text, this.delimiter) : text;
    this.lastKeyTexts[index] = { value, type, text: quoted };
    return quoted;
  }

  /** The writer of column `index` of that type, reused by the next tables. */
  private writerAt(index: number, type: ColumnType): CellWriter {
    let entry = this.writers[index];
    if (entry === undefined || entry.type !== type) {
      entry = { type, write: this.cellWriter(type) };
      this.writers[index] = entry;
    }
    return entry.write;
  }

  /** The error table Flux writes when a query fails after output has started. */
  encodeError(message: string): string {
    let out = this.inResult ? lineEnd : "";
    this.inResult = false;
    for (const annotation of this.annotations) {
      const name = `${this.prefix}${annotation}`;
      if (annotation === "datatype") out += this.row([name, "string", "string"]);
      else if (annotation === "group") out += this.row([name, "true", "true"]);
      else out += this.row([name, "", ""]);
    }
    out += this.row(["", "error", "reference"]);
    out += this.row(["", message, ""]);
    this.wroteAny = true;
    return out + lineEnd;
  }
}
