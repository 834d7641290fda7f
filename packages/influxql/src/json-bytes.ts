// JSON text written straight into byte chunks: a large answer never becomes one string (nor one
// string per row held until the end, which the garbage collector would copy between generations),
// never needs a final string → UTF-8 conversion, and leaves the server in pieces of ~64 KiB.

import { numberText } from "@fluxgate/line-protocol";

/** Bytes per chunk handed to the socket. */
export const CHUNK_BYTES = 64 * 1024;
/** The first chunk's size: below Buffer.poolSize / 2, so allocating it is a slice of Node's pool. */
const FIRST_CHUNK_BYTES = 4000;
const EMPTY = Buffer.alloc(0);

/**
 * The JSON text of a number as InfluxDB writes it: finite numbers in JavaScript's shortest
 * round-trip form (what JSON.stringify writes; numberText is String(v) without V8's runtime call,
 * ~1.5x faster), `null` for NaN and infinities (JSON has no form for them). Every float of every
 * JSON answer goes through here.
 */
export function floatText(v: number): string {
  return Number.isFinite(v) ? numberText(v) : "null";
}

/** Whether `s` can be written between quotes as is: ASCII, no quote, backslash or control character. */
function plainAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) return false;
  }
  return true;
}

/** Appends text to fixed-size chunks; full chunks wait in `take()`'s list. */
export class JsonBytes {
  #done: Buffer[] = [];
  #doneBytes = 0;
  #buf: Buffer;
  #at = 0;

  constructor(private readonly chunkBytes = CHUNK_BYTES) {
    // Most answers are small: the first chunk is too (Node's pool serves it), later ones full size.
    this.#buf = Buffer.allocUnsafe(Math.min(chunkBytes, FIRST_CHUNK_BYTES));
  }

  /** Bytes in finished chunks not yet taken. */
  get pending(): number {
    return this.#doneBytes;
  }

  /** Makes room for `n` bytes in the current chunk, finishing it first when they do not fit. */
  #room(n: number): void {
    if (this.#at + n <= this.#buf.length) return;
    this.#finish();
    this.#buf = Buffer.allocUnsafe(Math.max(n, this.chunkBytes));
  }

  /** Hands the current chunk over; the next write that needs room starts another. */
  #finish(): void {
    if (this.#at === 0) return;
    this.#done.push(this.#buf.subarray(0, this.#at));
    this.#doneBytes += this.#at;
    this.#buf = EMPTY;
    this.#at = 0;
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

  /** A JSON string literal of `s`, byte for byte what JSON.stringify(s) writes. */
  string(s: string): void {
    if (plainAscii(s)) {
      this.#room(s.length + 2);
      const buf = this.#buf;
      let at = this.#at;
      buf[at++] = 0x22;
      if (s.length <= 32) for (let i = 0; i < s.length; i++) buf[at++] = s.charCodeAt(i);
      else at += buf.write(s, at, s.length, "latin1");
      buf[at++] = 0x22;
      this.#at = at;
      return;
    }
    // Escapes, lone surrogates (escaped by JSON.stringify) and other non-ASCII text (raw UTF-8).
    this.text(JSON.stringify(s));
  }

  /** The finished chunks since the last call (the current one stays open). */
  take(): Buffer[] {
    const out = this.#done;
    this.#done = [];
    this.#doneBytes = 0;
    return out;
  }

  /** Every chunk not yet taken, the current one included; the writer is then empty. */
  end(): Buffer[] {
    this.#finish();
    return this.take();
  }
}
