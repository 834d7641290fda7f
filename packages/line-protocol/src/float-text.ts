/**
 * Shortest round-trip text of a double, in pure JIT-friendly JavaScript.
 *
 * `numberText(v)` returns exactly `String(v)`; `decimalText(v)` returns the same digits without an
 * exponent, as Go's `strconv.FormatFloat(v, 'f', -1, 64)` does. V8's own conversion leaves JIT code
 * for a runtime call on every float; this stays in compiled code and takes 1.6 to 2 times less
 * time (bench/float-text.ts).
 *
 * The algorithm is Schubfach (R. Giulietti, "The Schubfach way to render doubles"): for v = c·2^q,
 * take k = floor(log10(2^q)) so that one step of 2^q spans at least one unit of 10^k but less than
 * ten, scale Z = v·10^-k and the rounding interval [Z - w, Z + w] around it. The answer is the one
 * multiple of 10 inside the interval if there is one (it has fewer digits), otherwise Z rounded to
 * the nearest integer (ties to even).
 *
 * Two ways to get there:
 * - a fast path: Z = c·M with c the 53-bit integer significand and M = 2^q·10^-k in [1, 10) held
 *   as a sum of two doubles (106 bits); Dekker's exact two-product gives c times the first, so Z is
 *   known to within 2^-47 and every comparison further than 2^-40 from its threshold is certain;
 * - otherwise (exact ties, values whose interval ends on a short decimal, subnormals, powers of two)
 *   an exact path uses the paper's 126-bit powers of ten and its round-to-odd products, which the
 *   paper proves give floor(4Z), floor(4Z∓2w) and whether each is exact, for every double.
 * BigInt is used only to build the tables, once, on the first call.
 */

// ---- tables -------------------------------------------------------------------------

const minBiasedExponent = 1;
const maxBiasedExponent = 2046;
const two24 = 16777216;
const inv24 = 1 / two24;
/**
 * The fast path knows Z to within 2^-47 (and its thresholds to within 2^-49); within this
 * distance of a threshold it defers to the exact path.
 */
const margin = powerOfTwo(-40);

/** 2^e for a normal exponent, made from its bits (no reliance on Math.pow being exact). */
function powerOfTwo(e: number): number {
  const cell = new Float64Array(1);
  new Uint32Array(cell.buffer)[new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0] =
    (e + 1023) << 20;
  return cell[0]!;
}

// The paper's integer forms of floor(q·log10(2)), floor(q·log10(2) + log10(3/4)) and
// floor(e·log2(10)); every product stays below 2^53 over the range of doubles (the test suite
// checks them against exact BigInt definitions).
/** floor(log10(2^q)) */
export function floorLog10Pow2(q: number): number {
  return Math.floor((q * 661971961083) / 2199023255552);
}

/** floor(log10(3/4 · 2^q)) */
export function floorLog10ThreeQuartersPow2(q: number): number {
  return Math.floor((q * 661971961083 - 274743187321) / 2199023255552);
}

/** floor(log2(10^e)) */
export function floorLog2Pow10(e: number): number {
  return Math.floor((e * 913124641741) / 274877906944);
}

/** 10^0..10^350, made by buildTables. */
const powersOfTenBig: bigint[] = [];

/** floor(2^p · 10^t) for integers p, t of any sign (|t| <= 350). */
function floorScaled(p: number, t: number): bigint {
  let num = t >= 0 ? powersOfTenBig[t]! : 1n;
  let den = t >= 0 ? 1n : powersOfTenBig[-t]!;
  if (p >= 0) num <<= BigInt(p);
  else den <<= BigInt(-p);
  return num / den;
}

const limbMask = 0xffffffn;

// Fast path, per biased exponent be (q = be - 1075, regular spacing): k; M = 2^q·10^-k as
// head + tail doubles, the head also split into 26-bit halves for Dekker's product; w = M/2.
const fastK = new Int32Array(maxBiasedExponent + 1);
const scaleHead = new Float64Array(maxBiasedExponent + 1);
const scaleHeadHigh = new Float64Array(maxBiasedExponent + 1);
const scaleHeadLow = new Float64Array(maxBiasedExponent + 1);
const scaleTail = new Float64Array(maxBiasedExponent + 1);
const fastW = new Float64Array(maxBiasedExponent + 1);

// Exact path, per biased exponent and spacing: k and h (the paper's shift), and per k the paper's
// g = floor(10^-k · 2^(125 - floor(log2 10^-k))) + 1, pre-shifted by 2^17 so that bit 127 of the
// product lands on a limb boundary, in six 24-bit limbs.
const exactK = new Int32Array(2 * (maxBiasedExponent + 1));
const exactH = new Int32Array(2 * (maxBiasedExponent + 1));
const minK = -330;
const maxK = 330;
const exactG = new Float64Array((maxK - minK + 1) * 6);
const haveG = new Uint8Array(maxK - minK + 1);

function buildG(k: number): void {
  const index = k - minK;
  if (haveG[index] === 1) return;
  haveG[index] = 1;
  const g = floorScaled(125 - floorLog2Pow10(-k), -k) + 1n;
  let shifted = g << 17n;
  for (let j = 0; j < 6; j++) {
    exactG[index * 6 + j] = Number(shifted & limbMask);
    shifted >>= 24n;
  }
}

/**
 * Fills the tables. Done on first use rather than at import: it takes some 20 ms of BigInt work
 * that processes which import this package without formatting floats need not pay.
 */
let tablesBuilt = false;
function buildTables(): void {
  tablesBuilt = true;
  powersOfTenBig.push(1n);
  for (let i = 1; i <= 350; i++) powersOfTenBig.push(powersOfTenBig[i - 1]! * 10n);
  for (let be = minBiasedExponent; be <= maxBiasedExponent; be++) {
    const q = be - 1075;
    const k = floorLog10Pow2(q);
    fastK[be] = k;
    // M·2^200 to the unit, then its nearest double and the nearest double to what is left.
    const scaled = floorScaled(q + 200, -k);
    const head = Number(scaled) * powerOfTwo(-200);
    const tail = Number(scaled - BigInt(head * powerOfTwo(200))) * powerOfTwo(-200);
    const split = head * 134217729;
    scaleHead[be] = head;
    scaleHeadHigh[be] = split - (split - head);
    scaleHeadLow[be] = head - scaleHeadHigh[be]!;
    scaleTail[be] = tail;
    // q = 0 (w = 1/2) only has integers: Z = c exactly, so no threshold is ever near.
    fastW[be] = head * 0.5;

    const kIrregular = floorLog10ThreeQuartersPow2(q);
    exactK[2 * be] = k;
    exactH[2 * be] = q + floorLog2Pow10(-k) + 2;
    exactK[2 * be + 1] = kIrregular;
    exactH[2 * be + 1] = q + floorLog2Pow10(-kIrregular) + 2;
    buildG(k);
    buildG(kIrregular);
  }
  // Subnormals share q = -1074 with be = 1.
  exactK[0] = exactK[2]!;
  exactH[0] = exactH[2]!;
}

// ---- per-call state -----------------------------------------------------------------------------

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const lowWord = littleEndian ? 0 : 1;
const highWord = littleEndian ? 1 : 0;

/** The chosen decimal, digitsHigh·10^8 + digitsLow, times 10^decimalExponent. */
let digitsHigh = 0;
let digitsLow = 0;
let decimalExponent = 0;

/** Output characters; strings are made from them with one String.fromCharCode call. */
const chars = new Int32Array(64);
const pairs = new Int32Array(200);
for (let i = 0; i < 100; i++) {
  pairs[2 * i] = 48 + Math.floor(i / 10);
  pairs[2 * i + 1] = 48 + (i % 10);
}

// ---- the decimal -------------------------------------------------------------------------------

/**
 * The 10^8s to carry out of `low`, an integer a few 10^8 below 0 or above 10^8 at most, so that
 * the pair high·10^8 + low keeps its value with 0 <= low < 10^8 (exact: every step is an integer
 * below 2^53).
 */
function carryOfEight(low: number): number {
  let carry = 0;
  while (low < 0) {
    low += 1e8;
    carry--;
  }
  while (low >= 1e8) {
    low -= 1e8;
    carry++;
  }
  return carry;
}

/**
 * Chooses the shortest decimal for the positive finite double v whose high and low 32-bit words
 * are given (digitsHigh, digitsLow, decimalExponent).
 */
function chooseDecimal(high: number, low: number): void {
  const be = high >>> 20;
  const mantissaHigh = high & 0xfffff;
  if (be === 0 || (mantissaHigh === 0 && low === 0)) {
    chooseExactly(high, low);
    return;
  }
  const c = (mantissaHigh + 0x100000) * 4294967296 + low;
  // Dekker's halves of c straight from its bits: 26 bits above 2^27 and 27 bits below.
  const cLow = low & 0x7ffffff;
  const cHigh = c - cLow;
  const head = scaleHead[be]!;
  const headHigh = scaleHeadHigh[be]!;
  const headLow = scaleHeadLow[be]!;
  // Z = product + error: product = c·head rounded (an integer, as Z >= 2^52), the first part of
  // error its exact rounding error (Dekker), the second c·tail (|error| <= 16).
  const product = c * head;
  const error =
    cLow * headLow -
    (((product - cHigh * headHigh) - cLow * headHigh) - cHigh * headLow) +
    c * scaleTail[be]!;
  const errorFloor = Math.floor(error);
  let high8 = Math.floor(product * 1e-8);
  // high8·10^8 = (high8·390625)·2^8 is exact, so this difference is exact.
  let low8 = product - high8 * 1e8 + errorFloor;
  const carry8 = carryOfEight(low8);
  high8 += carry8;
  low8 -= carry8 * 1e8;
  // Z is now high8·10^8 + low8 + fraction give or take 2^-47. The choice depends on Z only
  // through its distance to the thresholds (not on where the integer part ends), so being off by
  // that much only matters near them.
  if (decide(high8, low8, error - errorFloor, fastW[be]!)) {
    decimalExponent = fastK[be]!;
    return;
  }
  chooseExactly(high, low);
}

/**
 * The choice for Z = high8·10^8 + low8 + fraction with w the interval's half-width (regular
 * spacing, so 1/2 <= w < 5, and 1/2 only for integer Z): the multiple of ten within w of Z if
 * there is one, else Z rounded to the nearest integer, which is then always within w.
 * Returns false, choosing nothing, when Z is within `margin` of a threshold.
 */
function decide(high8: number, low8: number, fraction: number, w: number): boolean {
  const lastDigit = (low8 | 0) % 10;
  const sinceTen = lastDigit + fraction; // Z minus the multiple of ten at or below it
  const toLowerTen = sinceTen - w;
  const toUpperTen = sinceTen - 10 + w;
  const toHalf = fraction - 0.5;
  // One well-predicted test; the choice itself is branch-free because its outcome is random
  // for real data and mispredicted branches cost more than the arithmetic.
  const squaredMargin = margin * margin;
  if (
    Number(toLowerTen * toLowerTen <= squaredMargin) +
      Number(toUpperTen * toUpperTen <= squaredMargin) +
      Number(toHalf * toHalf <= squaredMargin) !==
    0
  ) {
    return false;
  }
  const lowerTen = Number(toLowerTen < 0); // the multiple of ten below Z is in the interval
  const upperTen = Number(toUpperTen > 0); // the one above is (never both: w < 5)
  const up = Number(toHalf > 0); // otherwise Z rounds up
  const chosenLow =
    low8 + up + lowerTen * (-lastDigit - up) + upperTen * (10 - lastDigit - up);
  // Both below 2^31: int32 from here on, which makes the digit loops integer arithmetic.
  if (chosenLow >= 1e8) {
    digitsHigh = (high8 + 1) | 0;
    digitsLow = (chosenLow - 1e8) | 0;
  } else {
    digitsHigh = high8 | 0;
    digitsLow = chosenLow | 0;
  }
  return true;
}

// Results of roundToOdd: the value as high·2^24 + low.
let oddHigh = 0;
let oddLow = 0;

/**
 * The paper's r_o(g·cp / 2^127) for cp = p2·2^48 + p1·2^24 + p0: the floor of the product over
 * 2^127, with the lowest bit set when bits 64..126 of the product are not all zero (the paper's
 * truncations come to exactly this because cp is even). gIndex points at g·2^17 in exactG, so the
 * integer part starts at limb 6 of the product.
 */
function roundToOdd(gIndex: number, p0: number, p1: number, p2: number): void {
  const g0 = exactG[gIndex]!;
  const g1 = exactG[gIndex + 1]!;
  const g2 = exactG[gIndex + 2]!;
  const g3 = exactG[gIndex + 3]!;
  const g4 = exactG[gIndex + 4]!;
  const g5 = exactG[gIndex + 5]!;
  let t = p0 * g0;
  let carry = Math.floor(t * inv24);
  t = p0 * g1 + p1 * g0 + carry;
  carry = Math.floor(t * inv24);
  t = p0 * g2 + p1 * g1 + p2 * g0 + carry;
  carry = Math.floor(t * inv24);
  t = p0 * g3 + p1 * g2 + p2 * g1 + carry;
  carry = Math.floor(t * inv24);
  const limb3 = t - carry * two24;
  t = p0 * g4 + p1 * g3 + p2 * g2 + carry;
  carry = Math.floor(t * inv24);
  const limb4 = t - carry * two24;
  t = p0 * g5 + p1 * g4 + p2 * g3 + carry;
  carry = Math.floor(t * inv24);
  const limb5 = t - carry * two24;
  t = p1 * g5 + p2 * g4 + carry;
  carry = Math.floor(t * inv24);
  const limb6 = t - carry * two24;
  t = p2 * g5 + carry; // limbs 7 and 8 together: below 2^37
  // Bits 81..143 of the shifted product are bits 64..126 of the paper's.
  const sticky = limb3 >= 512 || limb4 !== 0 || limb5 !== 0 ? 1 : 0;
  oddHigh = t;
  oddLow = limb6 | sticky;
}

/** Exact choice for any positive finite double (see the file comment). */
function chooseExactly(high: number, low: number): void {
  const be = high >>> 20;
  const mantissaHigh = high & 0xfffff;
  const c = (be === 0 ? mantissaHigh : mantissaHigh + 0x100000) * 4294967296 + low;
  const irregular = be > 1 && mantissaHigh === 0 && low === 0 ? 1 : 0;
  const k = exactK[2 * be + irregular]!;
  const shift = exactH[2 * be + irregular]!;
  const gIndex = (k - minK) * 6;
  // cp = cb·2^h with cb = 4c and its neighbours 4c ± 2 (4c - 1): below 2^61, and 4c·2^h is exact
  // in a double; the neighbours are not (55 significant bits), so they are made in the limbs.
  const cp = c * powerOfTwo(shift + 2);
  roundToOddOf(gIndex, cp, 0);
  const vbHigh = oddHigh;
  const vbLow = oddLow;
  roundToOddOf(gIndex, cp, irregular === 1 ? -powerOfTwo(shift) : -powerOfTwo(shift + 1));
  const lowerHigh = oddHigh;
  const lowerLow = oddLow;
  roundToOddOf(gIndex, cp, powerOfTwo(shift + 1));
  const upperHigh = oddHigh;
  const upperLow = oddLow;
  const open = low & 1; // an odd significand's neighbours round away from it: open interval

  // s = floor(vb / 4), split as s = sHigh·10^8 + sLow; vb = vbHigh·2^24 + vbLow.
  let sHigh = Math.floor((vbHigh * 4194304 + (vbLow >>> 2)) / 1e8);
  let sLow = (Math.imul(vbHigh, 4194304) + (vbLow >>> 2) - Math.imul(sHigh, 100000000)) | 0;
  const carryS = carryOfEight(sLow);
  sHigh += carryS;
  sLow -= carryS * 1e8;
  const lastDigit = sLow % 10;
  const fourS = vbLow & ~3; // 4s - vbHigh·2^24
  // vbl + open <= 4·(s - lastDigit)
  const lowerHasTen =
    (lowerHigh - vbHigh) * two24 + lowerLow - fourS + 4 * lastDigit + open <= 0;
  // 4·(s - lastDigit + 10) + open <= vbr
  const upperHasTen =
    (vbHigh - upperHigh) * two24 + fourS - 4 * lastDigit + 40 + open - upperLow <= 0;
  let chosenLow: number;
  if (lowerHasTen !== upperHasTen) {
    chosenLow = lowerHasTen ? sLow - lastDigit : sLow - lastDigit + 10;
  } else {
    const lowerHasS = (lowerHigh - vbHigh) * two24 + lowerLow - fourS + open <= 0;
    const upperHasT = (vbHigh - upperHigh) * two24 + fourS + 4 + open - upperLow <= 0;
    if (lowerHasS !== upperHasT) {
      chosenLow = lowerHasS ? sLow : sLow + 1;
    } else {
      const half = (vbLow & 3) - 2; // vb - 4s - 2: the sign of Z - (s + 1/2), with the odd bit
      chosenLow = half < 0 || (half === 0 && (sLow & 1) === 0) ? sLow : sLow + 1;
    }
  }
  if (chosenLow >= 1e8) {
    chosenLow -= 1e8;
    sHigh++;
  }
  decimalExponent = k;
  // Irregular spacing can give 18 digits; they always end in zero (the shortest has at most 17).
  while (sHigh >= 1e9 && chosenLow % 10 === 0) {
    const dropped = sHigh % 10;
    sHigh = (sHigh - dropped) / 10;
    chosenLow = dropped * 1e7 + chosenLow / 10;
    decimalExponent++;
  }
  digitsHigh = sHigh | 0;
  digitsLow = chosenLow | 0;
}

/** roundToOdd of cp + delta, where cp < 2^61 is exact in a double and |delta| <= 2^7. */
function roundToOddOf(gIndex: number, cp: number, delta: number): void {
  let p2 = Math.floor(cp / 281474976710656);
  const rest = cp - p2 * 281474976710656;
  let p1 = Math.floor(rest * inv24);
  let p0 = rest - p1 * two24 + delta;
  if (p0 < 0) {
    p0 += two24;
    p1--;
    if (p1 < 0) {
      p1 += two24;
      p2--;
    }
  } else if (p0 >= two24) {
    p0 -= two24;
    p1++;
    if (p1 >= two24) {
      p1 -= two24;
      p2++;
    }
  }
  roundToOdd(gIndex, p0, p1, p2);
}

// ---- text ------------------------------------------------------------------------------------

/**
 * The 18 digits of digitsHigh·10^8 + digitsLow (digitsHigh < 10^10, zero-padded) are written to
 * chars[digitsAt, digitsAt + 18) with straight-line code; the text is then cut out of the buffer
 * around them, so that leading and trailing zeros cost nothing to drop. The room before them takes
 * a sign, "0." and up to five more zeros.
 */
const digitsAt = 10;
const digitsEnd = digitsAt + 18;

/** Writes x < 10^4 as four digits; the divisions are multiply-and-shift (exact in this range). */
function putFour(x: number, at: number): void {
  const high = (x * 5243) >>> 19; // floor(x / 100)
  const low = x - high * 100;
  const highTens = (high * 205) >>> 11; // floor(high / 10)
  const lowTens = (low * 205) >>> 11;
  chars[at] = 48 + highTens;
  chars[at + 1] = 48 + high - highTens * 10;
  chars[at + 2] = 48 + lowTens;
  chars[at + 3] = 48 + low - lowTens * 10;
}

/** Writes the 18 digits; returns the index of the first significant one. */
function putDigits(): number {
  // Both are below 2^31; saying so makes the divisions by constants integer multiplications.
  const high = digitsHigh | 0;
  const low = digitsLow | 0;
  const low4 = (low / 10000) | 0;
  putFour(low4, digitsAt + 10);
  putFour(low - low4 * 10000, digitsAt + 14);
  const top = (high / 100000000) | 0;
  const rest = high - top * 100000000;
  const rest4 = (rest / 10000) | 0;
  const pair = top << 1;
  chars[digitsAt] = pairs[pair]!;
  chars[digitsAt + 1] = pairs[pair + 1]!;
  putFour(rest4, digitsAt + 2);
  putFour(rest - rest4 * 10000, digitsAt + 6);
  // The fast path's digitsHigh has 8 to 10 digits: counted without a data-dependent branch.
  if (high >= 10000000) return digitsAt + 2 - Number(high >= 100000000) - Number(high >= 1000000000);
  let first = digitsAt;
  while (chars[first] === 48) first++;
  return first;
}

/** The end of the significant digits: trailing zeros dropped, by fours first (short decimals). */
function significantEnd(): number {
  let end = digitsEnd;
  const low = digitsLow | 0;
  if (low === 0) {
    end -= (digitsHigh | 0) % 10000 === 0 ? 12 : 8;
  } else if (low % 10000 === 0) {
    end -= 4;
  }
  while (chars[end - 1] === 48) end--;
  return end;
}

const fromCharCode = String.fromCharCode;

/** String of chars[at, at + length): one builtin call with a fixed argument count. */
function charsText(at: number, length: number): string {
  const c = chars;
  switch (length) {
    case 1:
      return fromCharCode(c[at]!);
    case 2:
      return fromCharCode(c[at]!, c[at + 1]!);
    case 3:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!);
    case 4:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!);
    case 5:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!);
    case 6:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!);
    case 7:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!);
    case 8:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!, c[at + 7]!);
    case 9:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!, c[at + 7]!, c[at + 8]!);
    case 10:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!, c[at + 7]!, c[at + 8]!, c[at + 9]!);
    case 11:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!, c[at + 7]!, c[at + 8]!, c[at + 9]!, c[at + 10]!);
    case 12:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!, c[at + 7]!, c[at + 8]!, c[at + 9]!, c[at + 10]!, c[at + 11]!);
    case 13:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!, c[at + 7]!, c[at + 8]!, c[at + 9]!, c[at + 10]!, c[at + 11]!, c[at + 12]!);
    case 14:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!, c[at + 7]!, c[at + 8]!, c[at + 9]!, c[at + 10]!, c[at + 11]!, c[at + 12]!, c[at + 13]!);
    case 15:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!, c[at + 7]!, c[at + 8]!, c[at + 9]!, c[at + 10]!, c[at + 11]!, c[at + 12]!, c[at + 13]!, c[at + 14]!);
    case 16:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!, c[at + 7]!, c[at + 8]!, c[at + 9]!, c[at + 10]!, c[at + 11]!, c[at + 12]!, c[at + 13]!, c[at + 14]!, c[at + 15]!);
    case 17:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!, c[at + 7]!, c[at + 8]!, c[at + 9]!, c[at + 10]!, c[at + 11]!, c[at + 12]!, c[at + 13]!, c[at + 14]!, c[at + 15]!, c[at + 16]!);
    case 18:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!, c[at + 7]!, c[at + 8]!, c[at + 9]!, c[at + 10]!, c[at + 11]!, c[at + 12]!, c[at + 13]!, c[at + 14]!, c[at + 15]!, c[at + 16]!, c[at + 17]!);
    case 19:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!, c[at + 7]!, c[at + 8]!, c[at + 9]!, c[at + 10]!, c[at + 11]!, c[at + 12]!, c[at + 13]!, c[at + 14]!, c[at + 15]!, c[at + 16]!, c[at + 17]!, c[at + 18]!);
    case 20:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!, c[at + 7]!, c[at + 8]!, c[at + 9]!, c[at + 10]!, c[at + 11]!, c[at + 12]!, c[at + 13]!, c[at + 14]!, c[at + 15]!, c[at + 16]!, c[at + 17]!, c[at + 18]!, c[at + 19]!);
    case 21:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!, c[at + 7]!, c[at + 8]!, c[at + 9]!, c[at + 10]!, c[at + 11]!, c[at + 12]!, c[at + 13]!, c[at + 14]!, c[at + 15]!, c[at + 16]!, c[at + 17]!, c[at + 18]!, c[at + 19]!, c[at + 20]!);
    case 22:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!, c[at + 7]!, c[at + 8]!, c[at + 9]!, c[at + 10]!, c[at + 11]!, c[at + 12]!, c[at + 13]!, c[at + 14]!, c[at + 15]!, c[at + 16]!, c[at + 17]!, c[at + 18]!, c[at + 19]!, c[at + 20]!, c[at + 21]!);
    case 23:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!, c[at + 7]!, c[at + 8]!, c[at + 9]!, c[at + 10]!, c[at + 11]!, c[at + 12]!, c[at + 13]!, c[at + 14]!, c[at + 15]!, c[at + 16]!, c[at + 17]!, c[at + 18]!, c[at + 19]!, c[at + 20]!, c[at + 21]!, c[at + 22]!);
    case 24:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!, c[at + 7]!, c[at + 8]!, c[at + 9]!, c[at + 10]!, c[at + 11]!, c[at + 12]!, c[at + 13]!, c[at + 14]!, c[at + 15]!, c[at + 16]!, c[at + 17]!, c[at + 18]!, c[at + 19]!, c[at + 20]!, c[at + 21]!, c[at + 22]!, c[at + 23]!);
    case 25:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!, c[at + 7]!, c[at + 8]!, c[at + 9]!, c[at + 10]!, c[at + 11]!, c[at + 12]!, c[at + 13]!, c[at + 14]!, c[at + 15]!, c[at + 16]!, c[at + 17]!, c[at + 18]!, c[at + 19]!, c[at + 20]!, c[at + 21]!, c[at + 22]!, c[at + 23]!, c[at + 24]!);
    case 26:
      return fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!, c[at + 7]!, c[at + 8]!, c[at + 9]!, c[at + 10]!, c[at + 11]!, c[at + 12]!, c[at + 13]!, c[at + 14]!, c[at + 15]!, c[at + 16]!, c[at + 17]!, c[at + 18]!, c[at + 19]!, c[at + 20]!, c[at + 21]!, c[at + 22]!, c[at + 23]!, c[at + 24]!, c[at + 25]!);
    default: {
      let text = "";
      for (let i = 0; i < length; i++) text += fromCharCode(c[at + i]!);
      return text;
    }
  }
}

// ---- API ---------------------------------------------------------------------------------------

/** Splits a finite nonzero v into words and chooses its decimal. */
function choose(v: number): void {
  if (!tablesBuilt) buildTables();
  bits[0] = v;
  chooseDecimal(words[highWord]! & 0x7fffffff, words[lowWord]!);
}

/**
 * Exactly `String(v)` for every number: the shortest digits that read back as v (the nearest of
 * them to v when there are several, ties to even), in plain notation for 1e-7 <= |v| < 1e21 and
 * as d.ddde±x otherwise; "NaN", "Infinity", "-Infinity"; -0 gives "0".
 */
export function numberText(v: number): string {
  // 32-bit integers (V8 caches their texts), -0 and the values that are not finite.
  if ((Number.isInteger(v) && v < 2147483648 && v >= -2147483648) || !Number.isFinite(v)) {
    return String(v);
  }
  choose(v);
  const first = putDigits();
  const end = significantEnd();
  const count = end - first;
  // The decimal point sits `point` digits after the first significant one.
  const point = count + decimalExponent + (digitsEnd - end);
  let start: number;
  let stop: number;
  if (point > 0 && point < count) {
    // ddd.ddd: the integer digits move one place left over the room before them.
    start = first - 1;
    for (let i = start; i < start + point; i++) chars[i] = chars[i + 1]!;
    chars[start + point] = 46;
    stop = end;
  } else if (point <= 0 && point > -6) {
    // 0.000ddd
    start = first - 2 + point;
    chars[start] = 48;
    chars[start + 1] = 46;
    for (let i = start + 2; i < first; i++) chars[i] = 48;
    stop = end;
  } else if (point >= count && point <= 21) {
    // ddd000: integers from 2^31 up (the 32-bit ones went to String)
    start = first;
    stop = first + point;
    for (let i = end; i < stop; i++) chars[i] = 48;
  } else {
    // d.ddde±x
    start = first - 1;
    chars[start] = chars[first]!;
    stop = first;
    if (count > 1) {
      chars[first] = 46;
      stop = end;
    }
    let exponent = point - 1;
    chars[stop++] = 101;
    if (exponent < 0) {
      chars[stop++] = 45;
      exponent = -exponent;
    } else {
      chars[stop++] = 43;
    }
    if (exponent >= 100) {
      const hundreds = (exponent / 100) | 0;
      chars[stop++] = 48 + hundreds;
      exponent -= hundreds * 100;
      chars[stop++] = pairs[exponent << 1]!;
    } else if (exponent >= 10) {
      chars[stop++] = pairs[exponent << 1]!;
    }
    chars[stop++] = 48 + (exponent % 10);
  }
  if (v < 0) chars[--start] = 45;
  return charsText(start, stop - start);
}

/**
 * The shortest round-trip digits of a finite v without an exponent, as Go's
 * `strconv.FormatFloat(v, 'f', -1, 64)`: 1e21 → "1000000000000000000000", 1.5e-7 → "0.00000015".
 * Negative zero gives "-0" as in Go. NaN and ±Infinity give "NaN", "Infinity", "-Infinity" (Go
 * would say "+Inf"/"-Inf"; callers that need those handle them first).
 */
export function decimalText(v: number): string {
  if (Number.isInteger(v) && v < 2147483648 && v >= -2147483648) {
    return v === 0 && 1 / v < 0 ? "-0" : String(v);
  }
  if (!Number.isFinite(v)) return String(v);
  choose(v);
  const first = putDigits();
  const end = significantEnd();
  const count = end - first;
  const point = count + decimalExponent + (digitsEnd - end);
  let start: number;
  let stop = end;
  if (point > 0 && point < count) {
    start = first - 1;
    for (let i = start; i < start + point; i++) chars[i] = chars[i + 1]!;
    chars[start + point] = 46;
  } else if (point <= 0 && point > -6) {
    start = first - 2 + point;
    chars[start] = 48;
    chars[start + 1] = 46;
    for (let i = start + 2; i < first; i++) chars[i] = 48;
  } else if (point >= count && point < count + 6) {
    start = first;
    stop = first + point;
    for (let i = end; i < stop; i++) chars[i] = 48;
  } else {
    // Long runs of zeros (huge or tiny v): the digits, then zeros from String.repeat.
    const digits = charsText(first, count);
    const sign = v < 0 ? "-" : "";
    return point <= 0
      ? `${sign}0.${"0".repeat(-point)}${digits}`
      : sign + digits + "0".repeat(point - count);
  }
  if (v < 0) chars[--start] = 45;
  return charsText(start, stop - start);
}

/**
 * Writes {@link decimalText}'s text of v into `out` at `at` as ASCII bytes and returns the index
 * after it, for encoders that build bytes: no string is made. Needs 32 bytes of room. Returns -1
 * (nothing written) for the values whose text is made otherwise: 32-bit integers, NaN, ±Infinity,
 * and values with long runs of zeros; the caller writes `decimalText(v)` for those.
 */
export function writeDecimal(v: number, out: Uint8Array, at: number): number {
  return writePlain(v, out, at, Number.POSITIVE_INFINITY);
}

/**
 * The same for {@link numberText}: its plain forms are written, and -1 is returned for those
 * {@link writeDecimal} leaves and for the exponent forms (|v| < 1e-6, and 1e21 and above).
 */
export function writeNumber(v: number, out: Uint8Array, at: number): number {
  return writePlain(v, out, at, 21);
}

/** Plain digits of v when its decimal point falls at most `maxPoint` digits after the first. */
function writePlain(v: number, out: Uint8Array, at: number, maxPoint: number): number {
  if ((Number.isInteger(v) && v < 2147483648 && v >= -2147483648) || !Number.isFinite(v)) return -1;
  choose(v);
  const first = putDigits();
  const end = significantEnd();
  const count = end - first;
  const point = count + decimalExponent + (digitsEnd - end);
  let pos = at;
  if (point > 0 && point < count) {
    // ddd.ddd
    if (v < 0) out[pos++] = 45;
    for (let i = first; i < first + point; i++) out[pos++] = chars[i]!;
    out[pos++] = 46;
    for (let i = first + point; i < end; i++) out[pos++] = chars[i]!;
  } else if (point <= 0 && point > -6) {
    // 0.000ddd
    if (v < 0) out[pos++] = 45;
    out[pos++] = 48;
    out[pos++] = 46;
    for (let i = point; i < 0; i++) out[pos++] = 48;
    for (let i = first; i < end; i++) out[pos++] = chars[i]!;
  } else if (point >= count && point < count + 6 && point <= maxPoint) {
    // ddd000
    if (v < 0) out[pos++] = 45;
    for (let i = first; i < end; i++) out[pos++] = chars[i]!;
    for (let i = count; i < point; i++) out[pos++] = 48;
  } else {
    return -1;
  }
  return pos;
}
