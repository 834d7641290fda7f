import { describe, expect, it } from "vitest";
import {
  decimalText,
  floorLog10Pow2,
  floorLog10ThreeQuartersPow2,
  floorLog2Pow10,
  numberText,
  writeDecimal,
  writeNumber,
} from "./float-text.js";
import { plainDecimal } from "./test-support/plain-decimal.js";
import { prng } from "./testing/tsbs.js";

const cell = new Float64Array(1);
const words = new Uint32Array(cell.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const high = littleEndian ? 1 : 0;
const low = littleEndian ? 0 : 1;

function fromWords(highWord: number, lowWord: number): number {
  words[high] = highWord;
  words[low] = lowWord;
  return cell[0]!;
}

/** The next double toward +Infinity (finite positive v). */
function nextUp(v: number): number {
  cell[0] = v;
  if (words[low] === 0xffffffff) {
    words[low] = 0;
    words[high] = words[high]! + 1;
  } else {
    words[low] = words[low]! + 1;
  }
  return cell[0]!;
}

/** The next double toward 0 (finite positive v). */
function nextDown(v: number): number {
  cell[0] = v;
  if (words[low] === 0) {
    words[low] = 0xffffffff;
    words[high] = words[high]! - 1;
  } else {
    words[low] = words[low]! - 1;
  }
  return cell[0]!;
}


const bytes = new Uint8Array(40);

/** Checks v and -v; returns the mismatches (at most a few) instead of one expect per value. */
class Checker {
  readonly mismatches: string[] = [];
  count = 0;
  /** Values the byte writer wrote itself (not left to decimalText). */
  written = 0;

  /** Plain text of huge and tiny values is hundreds of characters: check one value in `stride`. */
  constructor(private readonly decimalStride = 1) {}

  check(v: number): void {
    this.one(v);
    this.one(-v);
  }

  private one(v: number): void {
    this.count++;
    const number = numberText(v);
    if (number !== String(v) && this.mismatches.length < 10) {
      this.mismatches.push(`numberText(${String(v)}) = ${number}`);
    }
    const numberEnd = writeNumber(v, bytes.fill(33), 3);
    const numberWritten = numberEnd < 0 ? String(v) : String.fromCharCode(...bytes.subarray(3, numberEnd));
    if ((numberWritten !== String(v) || bytes[2] !== 33 || (numberEnd >= 0 && bytes[numberEnd] !== 33)) && this.mismatches.length < 10) {
      this.mismatches.push(`writeNumber(${String(v)}) wrote ${numberWritten}`);
    }
    if (Number.isFinite(v) && this.count % this.decimalStride === 0) {
      const decimal = decimalText(v);
      const expected = plainDecimal(v);
      if (decimal !== expected && this.mismatches.length < 10) {
        this.mismatches.push(`decimalText(${String(v)}) = ${decimal}, want ${expected}`);
      }
      // The byte writer: the same text after a prefix it must not touch, or -1 for the forms it leaves.
      const end = writeDecimal(v, bytes.fill(33), 3);
      if (end >= 0) this.written++;
      const written = end < 0 ? expected : String.fromCharCode(...bytes.subarray(3, end));
      if ((written !== expected || bytes[2] !== 33 || (end >= 0 && bytes[end] !== 33)) && this.mismatches.length < 10) {
        this.mismatches.push(`writeDecimal(${String(v)}) wrote ${written}, want ${expected}`);
      }
    }
  }
}

/** Checks `v` and the `steps - 1` doubles on each side of it. */
function checkAround(c: Checker, v: number, steps: number): void {
  for (let step = 0, up = v, down = v; step < steps; step++) {
    c.check(up);
    c.check(down);
    up = nextUp(up);
    down = nextDown(down);
  }
}

function checked(fill: (checker: Checker) => void, decimalStride = 1): Checker {
  const checker = new Checker(decimalStride);
  fill(checker);
  expect(checker.mismatches).toEqual([]);
  return checker;
}

describe("numberText and decimalText equal String(v) and its plain form", () => {
  it("for special values and the ends of the range", () => {
    expect(numberText(Number.NaN)).toBe("NaN");
    expect(numberText(Number.POSITIVE_INFINITY)).toBe("Infinity");
    expect(numberText(Number.NEGATIVE_INFINITY)).toBe("-Infinity");
    expect(numberText(-0)).toBe("0");
    expect(decimalText(-0)).toBe("-0");
    expect(decimalText(0)).toBe("0");
    expect(numberText(Number.MIN_VALUE)).toBe("5e-324");
    expect(numberText(Number.MAX_VALUE)).toBe("1.7976931348623157e+308");
    expect(decimalText(1e21)).toBe("1000000000000000000000");
    expect(decimalText(1.5e-7)).toBe("0.00000015");
    expect(decimalText(Number.MIN_VALUE)).toBe(`0.${"0".repeat(323)}5`);
    expect(numberText(0.1)).toBe("0.1");
    expect(numberText(42.38)).toBe("42.38");
    checked((c) => {
      for (const v of [Number.MIN_VALUE, 2 * Number.MIN_VALUE, 3 * Number.MIN_VALUE]) c.check(v);
      for (const v of [Number.MAX_VALUE, nextDown(Number.MAX_VALUE), 2.2250738585072014e-308]) {
        c.check(v);
      }
    });
  });

  it("for random bit patterns", () => {
    const random = prng(11);
    const c = checked((checker) => {
      for (let i = 0; i < 600_000; i++) {
        const v = fromWords((random() * 4294967296) >>> 0, (random() * 4294967296) >>> 0);
        if (Number.isFinite(v)) checker.check(v);
      }
    }, 31);
    expect(c.count).toBeGreaterThan(1_100_000);
    expect(c.written).toBeGreaterThan(0);
  });

  it("for random values in [0, 100), [0, 1), with 1 to 6 decimals and at every magnitude", () => {
    const random = prng(12);
    const c = checked((c) => {
      for (let i = 0; i < 100_000; i++) {
        c.check(random() * 100);
        c.check(random());
        const scale = 10 ** (1 + Math.floor(random() * 6));
        c.check(Math.round(random() * 100 * scale) / scale);
        c.check(random() * 10 ** Math.floor(random() * 630 - 325));
      }
    }, 3);
    // Most of these (all the [0, 100) ones) are written as bytes, not left to decimalText.
    expect(c.written).toBeGreaterThan(c.count / 3 / 4);
  });

  it("for every power of two and of ten and their neighbours", () => {
    checked((c) => {
      for (let e = -1074; e <= 1023; e++) {
        const v = 2 ** e;
        c.check(v);
        if (e > -1074) c.check(nextDown(v));
        if (e < 1023) c.check(nextUp(v));
      }
      for (let e = -323; e <= 308; e++) {
        const v = Number(`1e${e}`);
        checkAround(c, v, 4);
      }
    });
  });

  it("at the switches between plain and exponent notation", () => {
    checked((c) => {
      for (const edge of [1e21, 1e-7, 1e-6, 1e20, 1.5e-7, 9.5e-7, 9.999999999999999e20]) {
        checkAround(c, edge, 50);
      }
    });
  });

  it("for integers around 2^53 and halves, quarters of large values", () => {
    checked((c) => {
      for (let i = -2000; i <= 2000; i++) {
        c.check(2 ** 53 + i);
        c.check(2 ** 53 + 2 * i);
        c.check(2 ** 52 + i + 0.5);
        c.check(2 ** 51 + i + 0.25);
        c.check(2 ** 54 + 4 * i);
      }
    });
  });

  it("for values whose shortest form has 1 to 17 digits", () => {
    const random = prng(13);
    checked((c) => {
      for (let digits = 1; digits <= 17; digits++) {
        for (let i = 0; i < 6_000; i++) {
          let mantissa = String(1 + Math.floor(random() * 9));
          for (let d = 1; d < digits; d++) mantissa += String(Math.floor(random() * 10));
          c.check(Number(`${mantissa}e${Math.floor(random() * 640) - 340}`));
          c.check(Number(`${mantissa}e${Math.floor(random() * 40) - 25}`));
        }
      }
    }, 5);
  });

  it("for subnormals and exact binary fractions (ties and interval ends)", () => {
    const random = prng(14);
    checked((c) => {
      for (let m = 1; m <= 3000; m++) c.check(m * Number.MIN_VALUE);
      for (let i = 0; i < 50_000; i++) {
        c.check(fromWords((random() * 0x100000) >>> 0, (random() * 4294967296) >>> 0));
        // m / 2^j: exact decimals, many of them on a threshold of the fast paths.
        const m = Math.floor(random() * 2 ** (1 + Math.floor(random() * 53)));
        if (m !== 0) c.check(m / 2 ** Math.floor(random() * 80));
      }
    }, 5);
  });
});

describe("the integer forms of the logarithms", () => {
  /** floor(log10(num / den)) for positive BigInts, by comparison with powers of ten. */
  function floorLog10(num: bigint, den: bigint): number {
    let k = num.toString().length - den.toString().length;
    const atMost = (e: number): boolean =>
      e >= 0 ? 10n ** BigInt(e) * den <= num : den <= num * 10n ** BigInt(-e);
    while (!atMost(k)) k--;
    while (atMost(k + 1)) k++;
    return k;
  }

  it("equal the exact values over the whole range of doubles", () => {
    for (let q = -1100; q <= 1100; q++) {
      const [num, den] = q >= 0 ? [1n << BigInt(q), 1n] : [1n, 1n << BigInt(-q)];
      expect(floorLog10Pow2(q)).toBe(floorLog10(num, den));
      expect(floorLog10ThreeQuartersPow2(q)).toBe(floorLog10(3n * num, 4n * den));
    }
    for (let e = -350; e <= 350; e++) {
      const bits = (10n ** BigInt(Math.abs(e))).toString(2).length;
      expect(floorLog2Pow10(e)).toBe(e >= 0 ? bits - 1 : -bits);
    }
  });
});
