/**
 * Text written straight into UTF-8 byte chunks, for big answers (Flux's annotated CSV, InfluxQL's
 * JSON): the answer never becomes one string, nor a rope of small ones, and needs no string →
 * UTF-8 copy at the socket. Measured on 1.1M float cells: 170-260 ms of string joins plus 45-90 ms
 * of encoding, against 55-70 ms writing the same text as bytes.
 */
import { decimalText, numberText, writeDecimal, writeNumber } from "./float-text.js";

/** Bytes per chunk handed to the socket. */
export const CHUNK_BYTES = 64 * 1024;
/** The first chunk's size: below Buffer.poolSize / 2, so allocating it is a slice of Node's pool. */
const FIRST_CHUNK_BYTES = 4000;

/** Whether `s` is printable ASCII without a quote or backslash (JSON and CSV write it as is). */
export function plainAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) return false;
  }
  return true;
}

export class ByteChunks {
  /** Finished chunks not yet taken. */
  #done: Buffer[] = [];
  #doneBytes = 0;
  #buf: Buffer;
  /** The first byte of `#buf` not yet handed out. */
  #start = 0;
  #at = 0;

  constructor(private readonly chunkBytes = CHUNK_BYTES) {
    // Most answers are small: the first chunk is too (Node's pool serves it), later ones full size.
    this.#buf = Buffer.allocUnsafe(Math.min(chunkBytes, FIRST_CHUNK_BYTES));
  }

  /** Bytes in finished chunks not yet taken. */
  get pending(): number {
    return this.#doneBytes;
  }

  /** Bytes written to the current chunk and not yet handed out. */
  get open(): number {
    return this.#at - this.#start;
  }

  /** Makes room for `n` bytes in the current chunk, finishing it first when they do not fit. */
  #room(n: number): void {
    if (this.#at + n <= this.#buf.length) return;
    this.#finish();
    this.#buf = Buffer.allocUnsafe(Math.max(n, this.chunkBytes));
    this.#start = 0;
    this.#at = 0;
  }

  /** Hands over what the current chunk holds; later writes go on after it. */
  #finish(): void {
    if (this.#at === this.#start) return;
    this.#done.push(this.#buf.subarray(this.#start, this.#at));
    this.#doneBytes += this.#at - this.#start;
    this.#start = this.#at;
  }

  /** One ASCII byte (a character code below 0x80). */
  byte(c: number): void {
    if (this.#at >= this.#buf.length) this.#room(1);
    this.#buf[this.#at++] = c;
  }

  /** Text known to be ASCII (numbers, punctuation, escaped JSON). */
  ascii(s: string): void {
    const n = s.length;
    this.#room(n);
    const buf = this.#buf;
    let at = this.#at;
    // Short texts (numbers) by hand: cheaper than a call into the runtime's encoder.
    if (n <= 32) for (let i = 0; i < n; i++) buf[at++] = s.charCodeAt(i);
    else at += buf.write(s, at, n, "latin1");
    this.#at = at;
  }

  /** Bytes as they are. */
  bytes(b: Uint8Array): void {
    const n = b.length;
    this.#room(n);
    const buf = this.#buf;
    let at = this.#at;
    if (n <= 16) for (let i = 0; i < n; i++) buf[at++] = b[i]!;
    else {
      buf.set(b, at);
      at += n;
    }
    this.#at = at;
  }

  /** Any text, as UTF-8. */
  text(s: string): void {
    if (plainAscii(s)) return this.ascii(s);
    const bytes = Buffer.byteLength(s, "utf8");
    this.#room(bytes);
    this.#at += this.#buf.write(s, this.#at, bytes, "utf8");
  }

  /** Two decimal digits of 0…99. */
  twoDigits(value: number): void {
    this.#room(2);
    this.#buf[this.#at++] = 48 + ((value / 10) | 0);
    this.#buf[this.#at++] = 48 + (value % 10);
  }

  /** A finite float as {@link decimalText} writes it (no exponent), its digits put straight in the chunk. */
  decimal(value: number): void {
    this.#room(32);
    const end = writeDecimal(value, this.#buf, this.#at);
    if (end >= 0) this.#at = end;
    else this.ascii(decimalText(value));
  }

  /** A finite number as {@link numberText} (that is, `String(v)` and JSON) writes it. */
  number(value: number): void {
    this.#room(32);
    const end = writeNumber(value, this.#buf, this.#at);
    if (end >= 0) this.#at = end;
    else this.ascii(numberText(value));
  }

  /** The finished chunks since the last call (the current one stays open). */
  take(): Buffer[] {
    const out = this.#done;
    this.#done = [];
    this.#doneBytes = 0;
    return out;
  }

  /** Every chunk not yet taken, what the current one holds included. */
  end(): Buffer[] {
    this.#finish();
    return this.take();
  }
}
