import { describe, expect, it } from "vitest";
import { ByteChunks } from "./byte-chunks.js";
import { decimalText, numberText } from "./float-text.js";
import { prng } from "./testing/tsbs.js";

describe("ByteChunks", () => {
  it("writes every kind of piece as UTF-8, across chunk edges, and never changes a chunk handed out", () => {
    const random = prng(5);
    const out = new ByteChunks(16);
    const pieces: string[] = [];
    const taken: Buffer[] = [];
    const copies: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const v = (random() - 0.5) * 10 ** Math.floor(random() * 30 - 10);
      switch (i % 8) {
        case 0:
          out.byte(0x2c);
          pieces.push(",");
          break;
        case 1:
          out.ascii(`a${i}`);
          pieces.push(`a${i}`);
          break;
        case 2:
          out.text(`é€😀"\\${i}`);
          pieces.push(`é€😀"\\${i}`);
          break;
        case 3:
          out.bytes(Buffer.from(`bytes ${i} `.repeat(i % 5)));
          pieces.push(`bytes ${i} `.repeat(i % 5));
          break;
        case 4:
          out.twoDigits(i % 100);
          pieces.push(String(i % 100).padStart(2, "0"));
          break;
        case 5:
          out.decimal(v);
          pieces.push(decimalText(v));
          break;
        case 6:
          out.number(v);
          pieces.push(numberText(v));
          break;
        default: {
          // Hand over what is written so far, now and then with the open chunk.
          const chunks = i % 3 === 0 ? out.end() : out.take();
          for (const c of chunks) {
            taken.push(c);
            copies.push(c.toString("latin1"));
          }
        }
      }
    }
    for (const c of out.end()) {
      taken.push(c);
      copies.push(c.toString("latin1"));
    }
    expect(Buffer.concat(taken).toString("utf8")).toBe(pieces.join(""));
    expect(taken.map((c) => c.toString("latin1"))).toEqual(copies);
    expect(taken.every((c) => c.length > 0)).toBe(true);
  });

  it("counts finished bytes not yet taken", () => {
    const out = new ByteChunks(8);
    out.ascii("12345");
    expect(out.pending).toBe(0);
    out.ascii("6789");
    expect(out.pending).toBe(5);
    expect(out.take().map(String)).toEqual(["12345"]);
    expect(out.pending).toBe(0);
    expect(out.end().map(String)).toEqual(["6789"]);
  });
});
