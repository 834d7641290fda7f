// MessagePack answers of the 1.x /query API (`Accept: application/x-msgpack`), written as InfluxDB
// 1.x's httpd and 2.x's v1 /query write them (tinylib/msgp, `msgpFormatter` in both):
// - `{"results": [...]}`, or `{"error": "..."}` for a request-level error;
// - a failed statement is `{"error": "..."}` alone (no `statement_id`);
// - otherwise `statement_id`, `messages` (only when there are some), `series` (ALWAYS present, possibly
//   an empty array, unlike JSON), `partial` (only when true), in that order;
// - a series is `name` (when not empty), `tags` (when not empty), `columns`, `values`, `partial`;
// - times are msgp's time extension (type 5, 12 bytes: big-endian int64 Unix seconds, then int32
//   nanoseconds) unless `epoch` asks for integers; integers take the smallest signed format, floats
//   are always float64;
// - chunked output is one such document per chunk, back to back with no separator.
// The writer fills a growing buffer and hands it over in pieces, so a large result is never held
// as an intermediate tree.
import type { Value } from "./eval.js";
import { epochUnitOf, type FormatOptions } from "./format.js";
import type { Series, StatementResult } from "./result.js";

/** msgp's extension number for time.Time (not MessagePack's standard timestamp, -1). */
export const TIME_EXTENSION = 5;

const INT32_MIN = -2147483648n;
const INT32_MAX = 2147483647n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;
const NS_PER_S = 1_000_000_000n;

/** Appends MessagePack values to a buffer that grows as needed; `take()` hands the bytes over. */
export class MsgpackWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(private readonly capacity = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Bytes written since the last `take()`. */
  get length(): number {
    return this.pos;
  }

  /**
   * The bytes written so far; the writer then starts over. A small piece is copied out (the buffer
   * is reused); a large one is handed over as is and the writer allocates a new buffer.
   */
  take(): Buffer {
    let out: Buffer;
    if (this.pos <= 8192) {
      out = Buffer.allocUnsafe(this.pos);
      this.buf.copy(out, 0, 0, this.pos);
    } else {
      out = this.buf.subarray(0, this.pos);
      this.buf = Buffer.allocUnsafe(this.capacity);
    }
    this.pos = 0;
    return out;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  private byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** A format byte then `n` big-endian in `size` bytes: unsigned (lengths) unless `signed` (integers). */
  private prefixed(prefix: number, size: 1 | 2 | 4, n: number, signed = false): void {
    this.ensure(1 + size);
    this.buf[this.pos] = prefix;
    if (signed) this.buf.writeIntBE(n, this.pos + 1, size);
    else this.buf.writeUIntBE(n, this.pos + 1, size);
    this.pos += 1 + size;
  }

  nil(): void {
    this.byte(0xc0);
  }

  boolean(v: boolean): void {
    this.byte(v ? 0xc3 : 0xc2);
  }

  float64(v: number): void {
    this.ensure(9);
    this.buf[this.pos] = 0xcb;
    this.buf.writeDoubleBE(v, this.pos + 1);
    this.pos += 9;
  }

  /**
   * An integer in the smallest format msgp's WriteInt64 picks: fixint, then signed int8/16/32/64
   * (never the unsigned formats for int64 values); values above int64's range as uint64.
   */
  integer(v: bigint | number): void {
    if (typeof v === "number") {
      if (!Number.isSafeInteger(v)) throw new RangeError(`not a safe integer: ${v}`);
      if (v >= -2147483648 && v <= 2147483647) return this.int32Range(v);
      return this.int64(BigInt(v));
    }
    if (v >= INT32_MIN && v <= INT32_MAX) return this.int32Range(Number(v));
    if (v >= INT64_MIN && v <= INT64_MAX) return this.int64(v);
    if (v > INT64_MAX && v <= UINT64_MAX) {
      this.ensure(9);
      this.buf[this.pos] = 0xcf;
      this.buf.writeBigUInt64BE(v, this.pos + 1);
      this.pos += 9;
      return;
    }
    throw new RangeError(`integer out of 64-bit range: ${v}`);
  }

  private int32Range(v: number): void {
    if (v >= 0) {
      if (v <= 0x7f) return this.byte(v);
      if (v <= 0x7fff) return this.prefixed(0xd1, 2, v, true);
      return this.prefixed(0xd2, 4, v, true);
    }
    if (v >= -32) return this.byte(0x100 + v);
    if (v >= -128) return this.prefixed(0xd0, 1, v, true);
    if (v >= -32768) return this.prefixed(0xd1, 2, v, true);
    return this.prefixed(0xd2, 4, v, true);
  }

  private int64(v: bigint): void {
    this.ensure(9);
    this.buf[this.pos] = 0xd3;
    this.buf.writeBigInt64BE(v, this.pos + 1);
    this.pos += 9;
  }

  string(s: string): void {
    const n = Buffer.byteLength(s, "utf8");
    if (n <= 31) this.byte(0xa0 | n);
    else if (n <= 0xff) this.prefixed(0xd9, 1, n);
    else if (n <= 0xffff) this.prefixed(0xda, 2, n);
    else this.prefixed(0xdb, 4, n);
    this.ensure(n);
    this.pos += this.buf.write(s, this.pos, n, "utf8");
  }

  arrayHeader(n: number): void {
    if (n <= 15) this.byte(0x90 | n);
    else if (n <= 0xffff) this.prefixed(0xdc, 2, n);
    else this.prefixed(0xdd, 4, n);
  }

  mapHeader(n: number): void {
    if (n <= 15) this.byte(0x80 | n);
    else if (n <= 0xffff) this.prefixed(0xde, 2, n);
    else this.prefixed(0xdf, 4, n);
  }

  /** An extension value: fixext for 1/2/4/8/16 bytes, ext8/16/32 otherwise. */
  ext(type: number, data: Uint8Array): void {
    const n = data.length;
    const fixed = n === 1 ? 0xd4 : n === 2 ? 0xd5 : n === 4 ? 0xd6 : n === 8 ? 0xd7 : n === 16 ? 0xd8 : undefined;
    if (fixed !== undefined) this.byte(fixed);
    else if (n <= 0xff) this.prefixed(0xc7, 1, n);
    else if (n <= 0xffff) this.prefixed(0xc8, 2, n);
    else this.prefixed(0xc9, 4, n);
    this.ensure(1 + n);
    this.buf.writeInt8(type, this.pos);
    this.buf.set(data, this.pos + 1);
    this.pos += 1 + n;
  }

  /**
   * A time as msgp writes time.Time: ext8 of 12 bytes, type 5, Unix seconds (int64, floored) then
   * the nanoseconds within that second (int32, 0..999999999), both big-endian.
   */
  time(ns: bigint): void {
    let seconds = ns / NS_PER_S;
    let nanos = ns % NS_PER_S;
    if (nanos < 0n) {
      seconds -= 1n;
      nanos += NS_PER_S;
    }
    this.ensure(15);
    this.buf[this.pos] = 0xc7;
    this.buf[this.pos + 1] = 12;
    this.buf[this.pos + 2] = TIME_EXTENSION;
    this.buf.writeBigInt64BE(seconds, this.pos + 3);
    this.buf.writeInt32BE(Number(nanos), this.pos + 11);
    this.pos += 15;
  }

  /** A result cell as Go's WriteIntf writes it: numbers are float64, bigints integers. */
  value(v: Value): void {
    if (v === null) return this.nil();
    switch (typeof v) {
      case "number":
        return this.float64(v);
      case "bigint":
        return this.integer(v);
      case "string":
        return this.string(v);
      default:
        return this.boolean(v);
    }
  }
}

/** Bytes after which the encoders hand a piece over (so large results stream in pieces). */
const PIECE_BYTES = 64 * 1024;

/** One series; yields a piece whenever the buffer has grown past PIECE_BYTES. */
function* writeSeries(w: MsgpackWriter, s: Series, rows: readonly Value[][], unit: bigint | undefined, partial: boolean): Generator<Buffer> {
  const hasTags = s.tags !== undefined && Object.keys(s.tags).length > 0;
  w.mapHeader(2 + (s.name !== "" ? 1 : 0) + (hasTags ? 1 : 0) + (partial ? 1 : 0));
  if (s.name !== "") {
    w.string("name");
    w.string(s.name);
  }
  if (hasTags) {
    const tags = Object.entries(s.tags!);
    w.string("tags");
    w.mapHeader(tags.length);
    for (const [k, v] of tags) {
      w.string(k);
      w.string(v);
    }
  }
  w.string("columns");
  w.arrayHeader(s.columns.length);
  for (const c of s.columns) w.string(c);
  w.string("values");
  w.arrayHeader(rows.length);
  for (const row of rows) {
    w.arrayHeader(row.length);
    let i = 0;
    if (s.timeColumn && row.length > 0) {
      const t = row[0] as bigint;
      if (unit === undefined) w.time(t);
      else w.integer(t / unit);
      i = 1;
    }
    for (; i < row.length; i++) w.value(row[i]!);
    if (w.length >= PIECE_BYTES) yield w.take();
  }
  if (partial) {
    w.string("partial");
    w.boolean(true);
  }
}

/** One statement's result; `series` are [series, rows, partial] triples (chunks pass slices). */
function* writeResult(w: MsgpackWriter, r: StatementResult, series: ReadonlyArray<readonly [Series, readonly Value[][], boolean]>, partial: boolean, unit: bigint | undefined): Generator<Buffer> {
  if (r.error !== undefined) {
    w.mapHeader(1);
    w.string("error");
    w.string(r.error);
    return;
  }
  const messages = r.messages ?? [];
  w.mapHeader(2 + (messages.length > 0 ? 1 : 0) + (partial ? 1 : 0));
  w.string("statement_id");
  w.integer(r.statement_id);
  if (messages.length > 0) {
    w.string("messages");
    w.arrayHeader(messages.length);
    for (const m of messages) {
      w.mapHeader(2);
      w.string("level");
      w.string(m.level);
      w.string("text");
      w.string(m.text);
    }
  }
  w.string("series");
  w.arrayHeader(series.length);
  for (const [s, rows, p] of series) yield* writeSeries(w, s, rows, unit, p);
  if (partial) {
    w.string("partial");
    w.boolean(true);
  }
}

/** The whole `{"results": [...]}` document, in pieces of about 64 KiB. */
export function* resultsMsgpack(results: readonly StatementResult[], options: FormatOptions): Generator<Buffer> {
  const w = new MsgpackWriter();
  const unit = epochUnitOf(options);
  w.mapHeader(1);
  w.string("results");
  w.arrayHeader(results.length);
  for (const r of results) {
    yield* writeResult(w, r, (r.series ?? []).map((s) => [s, s.values, false] as const), false, unit);
  }
  if (w.length > 0) yield w.take();
}

/**
 * Chunked output of one statement, split as the JSON encoder splits it: one document per chunk of
 * at most `size` rows of one series, `partial` on a series or result that continues in the next.
 * Each yielded Buffer ends a document or is a piece of a large one.
 */
export function* chunkedMsgpack(r: StatementResult, size: number, options: FormatOptions): Generator<Buffer> {
  const w = new MsgpackWriter();
  const unit = epochUnitOf(options);
  const series = r.series ?? [];
  const open = () => {
    w.mapHeader(1);
    w.string("results");
    w.arrayHeader(1);
  };
  if (series.length === 0 || r.chunking === "whole") {
    open();
    yield* writeResult(w, r, series.map((s) => [s, s.values, false] as const), false, unit);
    if (w.length > 0) yield w.take();
    return;
  }
  if (r.chunking === "series") {
    for (const s of series) {
      open();
      yield* writeResult(w, r, [[s, s.values, false]], false, unit);
      if (w.length > 0) yield w.take();
    }
    return;
  }
  // As in the JSON encoder, series chunks carry no statement error.
  const rest: StatementResult = { statement_id: r.statement_id, ...(r.messages !== undefined ? { messages: r.messages } : {}) };
  for (let si = 0; si < series.length; si++) {
    const s = series[si]!;
    const total = Math.max(1, s.values.length);
    for (let from = 0; from < total; from += size) {
      const seriesPartial = from + size < s.values.length;
      open();
      yield* writeResult(w, rest, [[s, s.values.slice(from, from + size), seriesPartial]], seriesPartial || si < series.length - 1, unit);
      if (w.length > 0) yield w.take();
    }
  }
}

/** A request-level error, `{"error": "..."}`. */
export function errorMsgpack(message: string): Buffer {
  const w = new MsgpackWriter(64);
  w.mapHeader(1);
  w.string("error");
  w.string(message);
  return w.take();
}
