// JSON text written straight into byte chunks: a large answer never becomes one string (nor one
// string per row held until the end, which the garbage collector would copy between generations),
// never needs a final string → UTF-8 conversion, and leaves the server in pieces of ~64 KiB.

import { ByteChunks, numberText, plainAscii } from "@fluxgate/line-protocol";

/**
 * The JSON text of a number as InfluxDB writes it: finite numbers in JavaScript's shortest
 * round-trip form (what JSON.stringify writes; numberText is String(v) without V8's runtime call,
 * ~1.5x faster), `null` for NaN and infinities (JSON has no form for them). Every float of every
 * JSON answer goes through here.
 */
export function floatText(v: number): string {
  return Number.isFinite(v) ? numberText(v) : "null";
}

/** JSON answers' chunks: ByteChunks and JSON's numbers and string literals. */
export class JsonBytes extends ByteChunks {
  /** A number as {@link floatText} writes it, its digits put straight in the chunk. */
  float(v: number): void {
    if (Number.isFinite(v)) this.number(v);
    else this.ascii("null");
  }

  /** A JSON string literal of `s`, byte for byte what JSON.stringify(s) writes. */
  string(s: string): void {
    if (plainAscii(s)) {
      this.byte(0x22);
      this.ascii(s);
      this.byte(0x22);
      return;
    }
    // Escapes, lone surrogates (escaped by JSON.stringify) and other non-ASCII text (raw UTF-8).
    this.text(JSON.stringify(s));
  }
}
