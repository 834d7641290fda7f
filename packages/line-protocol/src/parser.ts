import { isUtf8 } from "node:buffer";
import { LineProtocolError } from "./errors.js";
import type { Point, Precision } from "./point.js";
import { maxNanoTime, minNanoTime, precisionMultiplier, timeOutOfRangeReason } from "./precision.js";
import type { PointView } from "./point-view.js";
import { LineScanner, ScanFault, SeriesCache } from "./scanner.js";

export interface ParseOptions {
  /** Unit of the timestamps in the body; default `ns`. */
  precision?: Precision;
  /** Server time in ns for points without a timestamp; read at most once per body. Default: the system clock. */
  now?: () => bigint;
  /** Distinct series sections remembered by this parser (default 100,000). */
  seriesCacheSize?: number;
  /** A cache shared with other parsers (then `seriesCacheSize` is ignored). */
  seriesCache?: SeriesCache;
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const NUL = 0;
const HASH = 35;

function systemNow(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

/**
 * Parses a line protocol body arriving in chunks split at any byte. `push` returns the points of
 * the lines the chunk completed; `end` returns the rest. The first rejected line throws a
 * LineProtocolError (the whole body is rejected, as InfluxDB does) and resets the body.
 *
 * One instance can parse many bodies in turn (each `end` closes one): keeping it alive keeps its
 * series cache warm, so a series seen in an earlier request is still only a hash lookup.
 * Returned points share their `tags` arrays between points of one series; they are frozen.
 */
export class LineProtocolParser {
  readonly #scanner: LineScanner;
  readonly #now: () => bigint;
  readonly #multiplier: bigint;
  #pending: Buffer[] = [];
  #pendingHasNewline = false;
  #line = 1;
  #bodyTime: bigint | undefined;
  #points = 0;

  constructor(options: ParseOptions = {}) {
    this.#multiplier = precisionMultiplier(options.precision ?? "ns");
    this.#now = options.now ?? systemNow;
    this.#scanner = new LineScanner({
      seriesCache: options.seriesCache ?? new SeriesCache(options.seriesCacheSize ?? 100_000),
      fieldKeyCacheSize: 10_000,
    });
    this.#scanner.multiplier = this.#multiplier;
    this.#scanner.defaultTime = () => this.#defaultTime();
  }

  /** Series sections currently cached (for tests and metrics). */
  get cachedSeries(): number {
    return this.#scanner.cachedSeries;
  }

  /** Feeds the next chunk of the body; returns the points of every line it completed. */
  push(chunk: Uint8Array | string): Point[] {
    const points: Point[] = [];
    this.pushTo(chunk, (view) => points.push(view.toPoint()));
    return points;
  }

  /** Ends the body: parses what remains and makes the parser ready for the next body. */
  end(): Point[] {
    const points: Point[] = [];
    this.endTo((view) => points.push(view.toPoint()));
    return points;
  }

  /**
   * Like `push`, without allocating Points: calls `onPoint` with a reused view of each completed
   * line (read it inside the callback only). Returns the number of points.
   */
  pushTo(chunk: Uint8Array | string, onPoint: (view: PointView) => void): number {
    const bytes = toBuffer(chunk);
    const hasNewline = bytes.indexOf(LF) !== -1;
    this.#pending.push(bytes);
    this.#pendingHasNewline ||= hasNewline;
    // Without a newline no line can have completed: wait, and never rescan a long line per chunk.
    if (!this.#pendingHasNewline) return 0;
    return this.#run(false, onPoint);
  }

  /** Like `end`, through a view as `pushTo`. */
  endTo(onPoint: (view: PointView) => void): number {
    try {
      return this.#run(true, onPoint);
    } finally {
      this.reset();
    }
  }

  /** Forgets the current body (pending bytes, line count, server time); keeps the caches. */
  reset(): void {
    this.#pending = [];
    this.#pendingHasNewline = false;
    this.#line = 1;
    this.#bodyTime = undefined;
  }

  #defaultTime(): bigint {
    if (this.#bodyTime === undefined) {
      const now = this.#now();
      // InfluxDB truncates the server time to the request precision.
      const time = now - (((now % this.#multiplier) + this.#multiplier) % this.#multiplier);
      if (time < minNanoTime || time > maxNanoTime) throw new ScanFault(timeOutOfRangeReason, 0);
      this.#bodyTime = time;
    }
    return this.#bodyTime;
  }

  #run(final: boolean, onPoint: (view: PointView) => void): number {
    const buf = this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending);
    const scanner = this.#scanner;
    scanner.setBuffer(buf, final);
    const end = buf.length;
    // Validate UTF-8 over all complete lines at once; only if that fails, line by line.
    const checkedEnd = final ? end : buf.lastIndexOf(LF) + 1;
    const checkEachLine = !isUtf8(buf.subarray(0, checkedEnd));

    let pos: number;
    const before = this.#points;
    try {
      pos = this.#scanLines(buf, final, checkEachLine, onPoint);
    } catch (error) {
      this.reset();
      throw error;
    }
    const rest = pos < end ? buf.subarray(pos) : undefined;
    // Copy the unfinished tail so the cache of earlier chunks can be collected.
    this.#pending = rest === undefined ? [] : [Buffer.from(rest)];
    // The tail is one unfinished line: only a newline in a later chunk (or `end`) can finish it.
    this.#pendingHasNewline = false;
    return this.#points - before;
  }

  /** Scans every complete line of `buf` into `points`; returns the offset of the unfinished rest. */
  #scanLines(buf: Buffer, final: boolean, checkEachLine: boolean, onPoint: (view: PointView) => void): number {
    const scanner = this.#scanner;
    const end = buf.length;
    let pos = 0;
    while (pos < end) {
      let start = pos;
      while (start < end && (buf[start] === SPACE || buf[start] === TAB || buf[start] === NUL)) start++;
      if (start >= end) {
        pos = end;
        break;
      }
      const c = buf[start];
      if (c === LF) {
        this.#line++;
        pos = start + 1;
        continue;
      }
      if (c === CR && start + 1 < end && buf[start + 1] === LF) {
        this.#line++;
        pos = start + 2;
        continue;
      }
      if (c === CR && start + 1 >= end) {
        if (final) pos = end;
        break;
      }
      if (c === HASH) {
        const newline = buf.indexOf(LF, start);
        if (newline === -1) {
          if (final) pos = end;
          break;
        }
        this.#line++;
        pos = newline + 1;
        continue;
      }
      try {
        scanner.scanPoint(start);
      } catch (error) {
        if (!(error instanceof ScanFault)) throw error;
        const lineEnd = buf.indexOf(LF, Math.min(error.at, end));
        // A fault at the end of an unfinished line may vanish once more bytes arrive.
        if (lineEnd === -1 && !final) break;
        if (checkEachLine) this.#rejectInvalidUtf8(buf, start, lineEnd === -1 ? end : lineEnd);
        throw this.#error(buf, start, error.reason);
      }
      const stop = scanner.stop;
      if (stop >= end && !final) break;
      if (checkEachLine) this.#rejectInvalidUtf8(buf, start, stop);
      onPoint(scanner.view);
      this.#points++;
      this.#line += scanner.newlinesInStrings;
      if (stop >= end) {
        pos = end;
        break;
      }
      this.#line++;
      pos = buf[stop] === CR ? stop + 2 : stop + 1;
      if (pos > end) pos = end;
    }
    return pos;
  }

  #rejectInvalidUtf8(buf: Buffer, start: number, stop: number): void {
    if (!isUtf8(buf.subarray(start, stop))) throw this.#error(buf, start, "invalid UTF-8");
  }

  #error(buf: Buffer, start: number, reason: string): LineProtocolError {
    let stop = buf.indexOf(LF, start);
    if (stop === -1) stop = buf.length;
    if (stop > start && buf[stop - 1] === CR) stop--;
    return new LineProtocolError(this.#line, buf.toString("utf8", start, stop), reason);
  }
}

/** Parses a whole body. */
export function parse(input: Uint8Array | string, options: ParseOptions = {}): Point[] {
  const parser = new LineProtocolParser(options);
  const points = parser.push(input);
  const rest = parser.end();
  if (rest.length === 0) return points;
  if (points.length === 0) return rest;
  for (const point of rest) points.push(point);
  return points;
}

function toBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === "string") return Buffer.from(chunk, "utf8");
  if (Buffer.isBuffer(chunk)) return chunk;
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
