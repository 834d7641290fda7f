import { seriesKey } from "./escape.js";
import { BoundedCache } from "./bounded-cache.js";
import { latin1 } from "./latin1.js";
import { type FieldType, PointView, type Series } from "./point-view.js";
import { maxNanoTime, minNanoTime, timeOutOfRangeReason } from "./precision.js";

// Byte values the grammar cares about.
const NUL = 0;
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const EQUALS = 61;
const UPPER_E = 69;
const UPPER_F = 70;
const UPPER_N = 78;
const UPPER_T = 84;
const BACKSLASH = 92;
const LOWER_E = 101;
const LOWER_F = 102;
const LOWER_I = 105;
const LOWER_N = 110;
const LOWER_T = 116;
const LOWER_U = 117;

const minInt64 = -(2n ** 63n);
const maxInt64 = 2n ** 63n - 1n;
const maxUint64 = 2n ** 64n - 1n;
/** InfluxDB's `models.MaxKeyLength`: series key + 4 + field key must fit. */
const maxKeyLength = 65535;
/** 10^k is exact as a double for k <= 22; with a mantissa below 2^53 one division is exact-rounded. */
const maxExactMantissa = 2 ** 53;
const exactPowersOfTen = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** A rejected line: InfluxDB's reason and the byte offset where the scanner noticed. */
export class ScanFault {
  constructor(
    readonly reason: string,
    readonly at: number,
  ) {}
}

export type { Series };

/**
 * Series sections seen before, by the hash of their raw bytes. Series are immutable, so parsers
 * that never run at the same time on one thread may share one cache: a pool of parsers then
 * holds each series once instead of once per parser.
 */
export class SeriesCache {
  /** @internal */
  readonly entries: BoundedCache<number, CachedSeries>;

  constructor(capacity = 100_000) {
    this.entries = new BoundedCache(capacity);
  }

  get size(): number {
    return this.entries.size;
  }
}

export interface ScannerOptions {
  seriesCache: SeriesCache;
  fieldKeyCacheSize: number;
}

/**
 * Scans one point line out of a byte buffer. The scanner never splits the body into line
 * strings: it walks bytes once, and a series section it has seen before costs a hash and a byte
 * comparison. `final` says whether the buffer ends the body; when it does not, the caller treats
 * a line running into the end of the buffer as incomplete.
 */
export class LineScanner {
  buf: Buffer = Buffer.alloc(0);
  end = 0;
  final = true;
  /** After `scanPoint`: offset of the line terminator (or `end`). */
  stop = 0;
  /** After `scanPoint`: newlines consumed inside string field values. */
  newlinesInStrings = 0;
  /** Multiplier from the request precision to nanoseconds. */
  multiplier = 1n;
  /** Timestamp for points without one (resolved lazily, once per body). */
  defaultTime: () => bigint = () => 0n;

  /** The line scanned last. */
  readonly view = new PointView();
  // The value scanned last: a float stays unboxed, anything else goes to #other.
  #float = 0;
  #other: bigint | string | boolean = false;
  readonly #series: BoundedCache<number, CachedSeries>;
  /** `buf` viewed for four-byte reads. */
  #words: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  /** Unescaped field keys, tag keys and measurements by their raw bytes. */
  readonly #names: BoundedCache<string, string>;
  /** Raw bytes and names of the field keys of the last line that had a new key, by position. */
  readonly #expectedKeyBytes: Buffer[] = [];
  readonly #expectedKeyNames: string[] = [];
  /** How many leading expected keys are distinct. */
  #distinctExpectedKeys = 0;
  // The previous line's raw timestamp digits and value: batches often share timestamps.
  #lastTimeDigits = Buffer.alloc(24);
  #lastTimeLength = 0;
  #lastTime = 0n;
  #lastTimeMultiplier = 0n;

  constructor(options: ScannerOptions) {
    this.#series = options.seriesCache.entries;
    this.#names = new BoundedCache(options.fieldKeyCacheSize);
  }

  get cachedSeries(): number {
    return this.#series.size;
  }

  /** Sets the buffer to scan. */
  setBuffer(buf: Buffer, final: boolean): void {
    this.buf = buf;
    this.end = buf.length;
    this.final = final;
    this.#words = new DataView(buf.buffer, buf.byteOffset, buf.length);
  }

  /** True when offset `i` ends the line: end of buffer, `\n`, or `\r\n` (a last lone `\r` too). */
  isLineEnd(i: number): boolean {
    if (i >= this.end) return true;
    const c = this.buf[i];
    if (c === LF) return true;
    if (c === CR) return i + 1 < this.end ? this.buf[i + 1] === LF : this.final;
    return false;
  }

  /** Scans the point line starting at `start` (leading whitespace already skipped). */
  scanPoint(start: number): void {
    const buf = this.buf;
    const end = this.end;
    this.newlinesInStrings = 0;

    // Series section: up to the first unescaped space (memchr-fast search, then a parity check
    // of the backslashes before the space). A known section costs a hash and a comparison.
    let lineFeed = buf.indexOf(LF, start);
    if (lineFeed === -1) lineFeed = end;
    let i = start;
    for (;;) {
      i = buf.indexOf(SPACE, i);
      if (i === -1 || i > lineFeed) return this.#failSeries(start);
      let slashes = 0;
      while (i - slashes - 1 >= start && buf[i - slashes - 1] === BACKSLASH) slashes++;
      if ((slashes & 1) === 0) break;
      i++;
    }
    // Hash the section four bytes at a time, then confirm a cache hit byte for byte.
    const words = this.#words;
    let hash = Math.imul(i - start, mixPrime);
    let k = start;
    for (const last = i - 4; k <= last; k += 4) {
      hash = Math.imul(hash ^ words.getInt32(k, true), mixPrime);
      hash ^= hash >>> 15;
    }
    for (; k < i; k++) hash = Math.imul(hash ^ buf[k]!, mixPrime);
    const cached = this.#series.get(hash);
    let series: Series;
    if (cached !== undefined && sameBytes(cached.bytes, cached.words, words, start, i)) {
      series = cached.series;
    } else {
      series = this.#scanSeries(start, i);
      const bytes = Buffer.from(buf.subarray(start, i));
      this.#series.set(hash, { bytes, words: new DataView(bytes.buffer, bytes.byteOffset, bytes.length), series });
    }
    const sectionLength = i - start;

    // Field set.
    while (i < end && (buf[i] === SPACE || buf[i] === TAB || buf[i] === NUL)) i++;
    if (this.isLineEnd(i)) throw new ScanFault("invalid field format", i);
    const view = this.view;
    view.fieldCount = 0;
    const expectedKeys = this.#expectedKeyBytes;
    // While every key is the expected one at its position, and those are distinct, no key repeats.
    let allExpected = true;
    for (let f = 0; ; f++) {
      // Lines of a batch usually repeat the same field keys in the same order: compare with the
      // key seen at this position last time while looking for the `=`.
      const keyStart = i;
      const expected: Buffer | undefined = expectedKeys[f];
      const expectedLength = expected === undefined ? -1 : expected.length;
      // Fast path: the same raw bytes followed by `=` (a stored key never ends in an escaping `\`).
      let same = false;
      if (expectedLength > 0 && keyStart + expectedLength < end && buf[keyStart + expectedLength] === EQUALS) {
        let k = 0;
        while (k < expectedLength && expected![k] === buf[keyStart + k]) k++;
        same = k === expectedLength;
      }
      if (same) {
        i = keyStart + expectedLength;
      } else {
        for (;;) {
          if (i >= end) throw new ScanFault("invalid field format", i);
          const c = buf[i]!;
          if (keyStops[c] === 0) {
            i++;
            continue;
          }
          if (c === EQUALS) break;
          if (c === BACKSLASH) {
            i += this.isLineEnd(i + 1) ? 1 : 2;
            continue;
          }
          if (c === CR && !this.isLineEnd(i)) {
            i++;
            continue;
          }
          throw new ScanFault("invalid field format", i);
        }
      }
      if (i === keyStart) throw new ScanFault("missing field key", i);
      if (sectionLength + 4 + (i - keyStart) > maxKeyLength) {
        throw new ScanFault(`max key length exceeded: ${sectionLength + 4 + (i - keyStart)} > ${maxKeyLength}`, i);
      }
      let key: string;
      if (same) {
        key = this.#expectedKeyNames[f]!;
      } else {
        allExpected = false;
        const rawKey = latin1(buf, keyStart, i);
        let name = this.#names.get(rawKey);
        if (name === undefined) {
          name = this.#unescapeName(keyStart, i);
          this.#names.set(rawKey, name);
        }
        key = name;
        if (f < 64) {
          expectedKeys[f] = Buffer.from(buf.subarray(keyStart, i));
          this.#expectedKeyNames[f] = name;
          this.#distinctExpectedKeys = distinctPrefix(this.#expectedKeyNames);
        }
      }
      i++;
      const type = this.#scanFieldValue(i);
      i = this.stop;
      if (!(allExpected && f < this.#distinctExpectedKeys)) removeField(view, key);
      const n = view.fieldCount;
      if (n === view.floatValues.length) {
        const grown = new Float64Array(n * 2);
        grown.set(view.floatValues);
        view.floatValues = grown;
      }
      view.fieldKeys[n] = key;
      view.fieldTypes[n] = type;
      if (type === "float") view.floatValues[n] = this.#float;
      else view.otherValues[n] = this.#other;
      view.fieldCount = n + 1;
      if (i < end && buf[i] === COMMA) {
        i++;
        continue;
      }
      break;
    }

    // Optional timestamp, then nothing but spaces.
    while (i < end && (buf[i] === SPACE || buf[i] === TAB || buf[i] === NUL)) i++;
    let timestamp: bigint;
    if (this.isLineEnd(i)) {
      timestamp = this.defaultTime();
    } else {
      timestamp = this.#scanTimestamp(i);
      i = this.stop;
      while (!this.isLineEnd(i)) {
        if (buf[i] !== SPACE) throw new ScanFault("point is invalid", i);
        i++;
      }
    }
    this.stop = i;
    view.series = series;
    view.timestamp = timestamp;
  }

  /** The series section ran into the end of the line: find InfluxDB's reason. */
  #failSeries(start: number): never {
    let i = start;
    while (!this.isLineEnd(i) && this.buf[i] !== SPACE) i += this.buf[i] === BACKSLASH && !this.isLineEnd(i + 1) ? 2 : 1;
    this.#scanSeries(start, i);
    // #scanSeries rejects every section that is not followed by a space.
    throw new ScanFault("missing fields", i);
  }

  /**
   * Parses and validates a series section `[start, stop)`, where `stop` is the space before the
   * field set or the end of the line. Only the first sight of a section comes here.
   */
  #scanSeries(start: number, stop: number): Series {
    const buf = this.buf;
    const atStop = (i: number): boolean => i >= stop;
    if (buf[start] === COMMA) throw new ScanFault("missing measurement", start);
    let i = start;
    while (!atStop(i) && buf[i] !== COMMA) i += buf[i] === BACKSLASH && i + 1 < stop ? 2 : 1;
    if (atStop(i)) {
      if (stop >= this.end || buf[stop] !== SPACE) throw new ScanFault("missing fields", stop);
      const name = this.#unescapeName(start, stop);
      return { measurement: name, tags: [], seriesKey: seriesKey(name, []) };
    }
    const measurement = this.#internedName(start, i);
    const tags: Array<[string, string]> = [];
    i++;
    for (;;) {
      // Tag key.
      const keyStart = i;
      if (atStop(i) || buf[i] === COMMA || buf[i] === EQUALS) throw new ScanFault("missing tag key", i);
      while (buf[i] !== EQUALS) {
        if (buf[i] === BACKSLASH && i + 1 < stop) {
          i += 2;
        } else {
          i++;
        }
        if (atStop(i) || buf[i] === COMMA) throw new ScanFault("missing tag value", i);
      }
      const keyEnd = i;
      i++;
      // Tag value.
      const valueStart = i;
      if (atStop(i) || buf[i] === COMMA) throw new ScanFault("missing tag value", i);
      while (!atStop(i) && buf[i] !== COMMA) {
        // Like InfluxDB, only an `=` after the first character is rejected.
        if (buf[i] === EQUALS && i > valueStart) throw new ScanFault("invalid tag format", i);
        i += buf[i] === BACKSLASH && i + 1 < stop ? 2 : 1;
      }
      const key = this.#internedName(keyStart, keyEnd);
      tags.push([key, this.#unescapeName(valueStart, i)]);
      if (atStop(i)) break;
      i++;
    }
    if (stop >= this.end || buf[stop] !== SPACE) throw new ScanFault("missing fields", stop);
    return this.#seriesOf(measurement, tags, stop);
  }

  #seriesOf(measurement: string, tags: Array<[string, string]>, at: number): Series {
    tags.sort(byKeyBytes);
    for (let k = 1; k < tags.length; k++) {
      if (tags[k - 1]![0] === tags[k]![0]) throw new ScanFault("duplicate tags", at);
    }
    for (const tag of tags) Object.freeze(tag);
    Object.freeze(tags);
    return { measurement, tags, seriesKey: seriesKey(measurement, tags) };
  }

  /** Decodes a measurement, tag or field key: `\,` `\ ` `\=` `\\` unescape; other `\` stay. */
  /**
   * A measurement or tag key, one string per distinct name: every cached series would otherwise
   * hold its own copies (10 tag keys are ~18% of a cached TSBS series).
   */
  #internedName(start: number, stop: number): string {
    const raw = latin1(this.buf, start, stop);
    let name = this.#names.get(raw);
    if (name === undefined) {
      name = this.#unescapeName(start, stop);
      this.#names.set(raw, name);
    }
    return name;
  }

  #unescapeName(start: number, stop: number): string {
    const buf = this.buf;
    let slash = start;
    while (slash < stop && buf[slash] !== BACKSLASH) slash++;
    if (slash === stop) return buf.toString("utf8", start, stop);
    const out = Buffer.allocUnsafe(stop - start);
    let n = 0;
    for (let i = start; i < stop; i++) {
      const c = buf[i]!;
      if (c === BACKSLASH && i + 1 < stop) {
        const next = buf[i + 1]!;
        if (next === COMMA || next === SPACE || next === EQUALS || next === BACKSLASH) {
          out[n++] = next;
          i++;
          continue;
        }
      }
      out[n++] = c;
    }
    return out.toString("utf8", 0, n);
  }

  /** Scans the value at `i` (just after `=`); leaves `stop` just after it. */
  #scanFieldValue(i: number): FieldType {
    const buf = this.buf;
    if (this.isLineEnd(i) || buf[i] === COMMA || buf[i] === SPACE) throw new ScanFault("missing field value", i);
    const c = buf[i]!;
    if ((c >= ZERO && c <= NINE) || c === MINUS || c === DOT) return this.#scanNumber(i);
    if (c === QUOTE) return this.#scanString(i);
    if (c === UPPER_N || c === LOWER_N) throw new ScanFault("invalid number", i);
    return this.#scanBoolean(i);
  }

  #scanNumber(start: number): FieldType {
    const buf = this.buf;
    const end = this.end;
    let i = start;
    const negative = buf[i] === MINUS;
    if (negative) {
      i++;
      if (this.isLineEnd(i)) throw new ScanFault("invalid number", i);
    }
    let isInt = false;
    let isUnsigned = false;
    let decimal = false;
    let scientific = false;
    // Fast path state: the digits as a number while they stay exact, and digits after the dot.
    let mantissa = 0;
    let digits = 0;
    let fractionDigits = 0;
    for (;;) {
      if (i >= end) break;
      const c = buf[i]!;
      if (c >= ZERO && c <= NINE) {
        mantissa = mantissa * 10 + (c - ZERO);
        digits++;
        if (decimal) fractionDigits++;
        i++;
        continue;
      }
      if (c === COMMA || c === SPACE || this.isLineEnd(i)) break;
      if (i > start && !(isInt || isUnsigned) && (c === LOWER_I || c === LOWER_U)) {
        if (c === LOWER_I) isInt = true;
        else isUnsigned = true;
        i++;
        continue;
      }
      if (c === DOT) {
        if (decimal) throw new ScanFault("invalid number", i);
        decimal = true;
        i++;
        continue;
      }
      if (i > start && (c === LOWER_E || c === UPPER_E)) {
        scientific = true;
        i++;
        continue;
      }
      if ((c === PLUS || c === MINUS) && (buf[i - 1] === LOWER_E || buf[i - 1] === UPPER_E)) {
        i++;
        continue;
      }
      throw new ScanFault("invalid number", i);
    }
    this.stop = i;
    if ((isInt || isUnsigned) && (decimal || scientific)) throw new ScanFault("invalid number", i);
    if (digits === 0) throw new ScanFault("invalid number", i);
    if (isInt || isUnsigned) {
      // The suffix must be last (`9i10` is not a number).
      if (buf[i - 1] !== (isInt ? LOWER_I : LOWER_U)) throw new ScanFault("invalid number", i);
      if (isUnsigned && negative) throw new ScanFault("invalid number", i);
      if (digits <= 15) {
        this.#other = BigInt(negative ? -mantissa : mantissa);
        return isInt ? "integer" : "unsigned";
      }
      const text = latin1(buf, start, i - 1);
      const value = BigInt(text);
      if (isInt) {
        if (value < minInt64 || value > maxInt64) {
          throw new ScanFault(`unable to parse integer ${text}: strconv.ParseInt: parsing "${text}": value out of range`, i);
        }
        this.#other = value;
        return "integer";
      }
      if (value > maxUint64) {
        throw new ScanFault(`unable to parse unsigned ${text}: strconv.ParseUint: parsing "${text}": value out of range`, i);
      }
      this.#other = value;
      return "unsigned";
    }
    // Up to 2^53 the digits are an exact integer and one division by an exact power of ten rounds
    // correctly; that covers the 16-digit decimals JS and Go print for most doubles below 90.
    if (!scientific && (digits <= 15 || (digits === 16 && mantissa <= maxExactMantissa))) {
      const magnitude = fractionDigits === 0 ? mantissa : mantissa / exactPowersOfTen[fractionDigits]!;
      this.#float = negative ? -magnitude : magnitude;
      return "float";
    }
    const value = Number(latin1(buf, start, i));
    if (!Number.isFinite(value)) throw new ScanFault("invalid float", i);
    this.#float = value;
    return "float";
  }

  #scanString(open: number): FieldType {
    const buf = this.buf;
    const end = this.end;
    let i = open + 1;
    let escapes = false;
    for (;;) {
      if (i >= end) throw new ScanFault("unbalanced quotes", end);
      const c = buf[i]!;
      if (c === QUOTE) break;
      if (c === BACKSLASH && i + 1 < end && (buf[i + 1] === QUOTE || buf[i + 1] === BACKSLASH)) {
        escapes = true;
        i += 2;
        continue;
      }
      if (c === LF) this.newlinesInStrings++;
      i++;
    }
    const close = i;
    i++;
    if (!this.isLineEnd(i) && buf[i] !== COMMA && buf[i] !== SPACE) throw new ScanFault("invalid field format", i);
    this.stop = i;
    if (!escapes) {
      this.#other = buf.toString("utf8", open + 1, close);
      return "string";
    }
    const out = Buffer.allocUnsafe(close - open);
    let n = 0;
    for (let k = open + 1; k < close; k++) {
      const b = buf[k]!;
      if (b === BACKSLASH && (buf[k + 1] === QUOTE || buf[k + 1] === BACKSLASH)) {
        out[n++] = buf[k + 1]!;
        k++;
      } else {
        out[n++] = b;
      }
    }
    this.#other = out.toString("utf8", 0, n);
    return "string";
  }

  #boolean(value: boolean): FieldType {
    this.#other = value;
    return "boolean";
  }

  #scanBoolean(start: number): FieldType {
    const buf = this.buf;
    let i = start;
    while (!this.isLineEnd(i) && buf[i] !== COMMA && buf[i] !== SPACE) i++;
    this.stop = i;
    const length = i - start;
    const first = buf[start];
    if (length === 1) {
      if (first === LOWER_T || first === UPPER_T) return this.#boolean(true);
      if (first === LOWER_F || first === UPPER_F) return this.#boolean(false);
    } else if (length === 4 || length === 5) {
      const word = latin1(buf, start, i);
      if (word === "true" || word === "True" || word === "TRUE") return this.#boolean(true);
      if (word === "false" || word === "False" || word === "FALSE") return this.#boolean(false);
    }
    throw new ScanFault("invalid boolean", i);
  }

  #scanTimestamp(start: number): bigint {
    const buf = this.buf;
    let i = start;
    if (buf[i] === MINUS) i++;
    let value = 0;
    const digitsStart = i;
    while (!this.isLineEnd(i) && buf[i] !== SPACE) {
      const c = buf[i]!;
      if (c < ZERO || c > NINE) throw new ScanFault("bad timestamp", i);
      value = value * 10 + (c - ZERO);
      i++;
    }
    this.stop = i;
    const length = i - start;
    if (i === digitsStart) {
      const text = latin1(buf, start, i);
      throw new ScanFault(`strconv.ParseInt: parsing "${text}": invalid syntax`, i);
    }
    const multiplier = this.multiplier;
    if (length === this.#lastTimeLength && multiplier === this.#lastTimeMultiplier) {
      const last = this.#lastTimeDigits;
      let k = 0;
      while (k < length && last[k] === buf[start + k]) k++;
      if (k === length) return this.#lastTime;
    }
    let raw: bigint;
    if (i - digitsStart <= 15) {
      raw = BigInt(buf[start] === MINUS ? -value : value);
    } else {
      const text = latin1(buf, start, i);
      raw = BigInt(text);
      if (raw < minInt64 || raw > maxInt64) {
        throw new ScanFault(`strconv.ParseInt: parsing "${text}": value out of range`, i);
      }
    }
    const time = raw * multiplier;
    if (time < minNanoTime || time > maxNanoTime) throw new ScanFault(timeOutOfRangeReason, i);
    if (length <= this.#lastTimeDigits.length) {
      buf.copy(this.#lastTimeDigits, 0, start, i);
      this.#lastTimeLength = length;
      this.#lastTime = time;
      this.#lastTimeMultiplier = multiplier;
    }
    return time;
  }
}

const mixPrime = 0x5bd1e995;

/** Bytes that end or escape a field key. */
const keyStops = new Uint8Array(256);
for (const c of [EQUALS, SPACE, COMMA, LF, CR, BACKSLASH]) keyStops[c] = 1;

interface CachedSeries {
  readonly bytes: Buffer;
  readonly words: DataView<ArrayBufferLike>;
  readonly series: Series;
}

/** Whether `cached` equals `words[start, stop)`, compared four bytes at a time. */
function sameBytes(
  cached: Buffer,
  cachedWords: DataView<ArrayBufferLike>,
  words: DataView<ArrayBufferLike>,
  start: number,
  stop: number,
): boolean {
  const length = stop - start;
  if (cached.length !== length) return false;
  let k = 0;
  for (const last = length - 4; k <= last; k += 4) {
    if (cachedWords.getInt32(k, true) !== words.getInt32(start + k, true)) return false;
  }
  for (; k < length; k++) if (cached[k] !== words.getUint8(start + k)) return false;
  return true;
}

/**
 * Tag order is UTF-8 byte order, as InfluxDB sorts. UTF-16 code unit order (JS `<`) agrees with
 * it except when surrogates (code points above U+FFFF) meet U+E000..U+FFFF, so only keys with a
 * unit at or above U+D800 pay for an encoding.
 */
function byKeyBytes(a: readonly [string, string], b: readonly [string, string]): number {
  const x = a[0];
  const y = b[0];
  if (hasHighUnit(x) || hasHighUnit(y)) return Buffer.compare(Buffer.from(x), Buffer.from(y));
  return x < y ? -1 : x > y ? 1 : 0;
}

function hasHighUnit(s: string): boolean {
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) >= 0xd800) return true;
  return false;
}

/** Length of the longest prefix of `names` without a repeated name. */
function distinctPrefix(names: readonly string[]): number {
  const seen = new Set<string>();
  for (let k = 0; k < names.length; k++) {
    if (seen.has(names[k]!)) return k;
    seen.add(names[k]!);
  }
  return names.length;
}

/** Drops an earlier field named `key`: of repeated field keys the last one wins, as in InfluxDB. */
function removeField(view: PointView, key: string): void {
  const n = view.fieldCount;
  for (let k = 0; k < n; k++) {
    if (view.fieldKeys[k] !== key) continue;
    for (let j = k + 1; j < n; j++) {
      view.fieldKeys[j - 1] = view.fieldKeys[j]!;
      view.fieldTypes[j - 1] = view.fieldTypes[j]!;
      view.floatValues[j - 1] = view.floatValues[j]!;
      view.otherValues[j - 1] = view.otherValues[j]!;
    }
    view.fieldCount = n - 1;
    return;
  }
}
