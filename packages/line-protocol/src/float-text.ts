/**
 * Shortest round-trip text of a double, in pure JIT-friendly JavaScript.
 *
 * `numberText(v)` returns exactly `String(v)`; `decimalText(v)` returns the same digits without an
 * exponent, as Go's `strconv.FormatFloat(v, 'f', -1, 64)` does. V8's own conversion leaves JIT code
 * for a runtime call on every float; this stays in compiled code and is about twice as fast.
 *
 * The algorithm is Schubfach (R. Giulietti, "The Schubfach way to render doubles"): for v = c·2^q,
 * take k = floor(log10(2^q)) so that one step of 2^q spans at least one unit of 10^k but less than
 * ten, scale Z = v·10^-k and the rounding interval [Z - w, Z + w] around it. The answer is the one
 * multiple of 10 inside the interval if there is one (it has fewer digits), otherwise Z rounded to
 * the nearest integer (ties to even).
 *
 * Two ways to get there:
 * - a fast path computes Z with a 72-bit truncated power of ten in 24-bit limbs (every product is
 *   exact in a double) and knows Z to within 2^-16 from below; when every comparison it needs is
 *   further than that from its threshold, the answer is certain;
 * - otherwise (exact ties, values whose interval ends on a short decimal, subnormals, powers of two)
 *   an exact path uses the paper's 126-bit powers of ten and its round-to-odd products, which the
 *   paper proves give floor(4Z), floor(4Z∓2w) and whether each is exact, for every double.
 * BigInt is used only here at module load to build the tables.
 */

// ---- module-load tables -------------------------------------------------------------------------

const minBiasedExponent = 1;
const maxBiasedExponent = 2046;
const two24 = 16777216;
const inv24 = 1 / two24;
/**
 * The truncated-limb path knows Z to within 2^-16 from below; within this distance of a threshold
 * it defers to the exact path.
 */
const truncationMargin = powerOfTwo(-15);
/** The two-product path's margin: its sums round below 2^-49, so only near-ties come out. */
const productMargin = powerOfTwo(-40);

/** 2^e for a normal exponent, made from its bits (no reliance on Math.pow being exact). */
function powerOfTwo(e: number): number {
  const cell = new Float64Array(1);
  new Uint32Array(cell.buffer)[new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0] =
    (e + 1023) << 20;
  return cell[0]!;
}

// 10^0..10^22 (exact doubles) and their halves for Dekker's product: high has 26 bits.
const powersOfTen = new Float64Array(23);
const powersHigh = new Float64Array(23);
const powersLow = new Float64Array(23);
for (let i = 0; i <= 22; i++) {
  const power = Number(`1e${i}`);
  const split = power * 134217729;
  powersOfTen[i] = power;
  powersHigh[i] = split - (split - power);
  powersLow[i] = power - powersHigh[i]!;
}

/** floor(log10(num/den)) for positive BigInts. */
function floorLog10(num: bigint, den: bigint): number {
  let k = num.toString().length - den.toString().length;
  while (k >= 0 ? 10n ** BigInt(k) * den > num : den > num * 10n ** BigInt(-k)) k--;
  while (k + 1 >= 0 ? 10n ** BigInt(k + 1) * den <= num : den <= num * 10n ** BigInt(-(k + 1))) k++;
  return k;
}

/** floor(log2(10^e)) */
function floorLog2Pow10(e: number): number {
  const bits = (10n ** BigInt(Math.abs(e))).toString(2).length;
  return e >= 0 ? bits - 1 : -bits;
}

/** floor(2^p · 10^t) for integers p, t of any sign. */
function floorScaled(p: number, t: number): bigint {
  let num = 1n;
  let den = 1n;
  if (p >= 0) num <<= BigInt(p);
  else den <<= BigInt(-p);
  if (t >= 0) num *= 10n ** BigInt(t);
  else den *= 10n ** BigInt(-t);
  return num / den;
}

const limbMask = 0xffffffn;

// Fast path, per biased exponent be (q = be - 1075, regular spacing): k, the 72-bit truncation of
// 2^q·10^-(k+8) scaled by 2^96 in three 24-bit limbs, and w = 2^(q-1)·10^-k (half the interval).
const fastK = new Int32Array(maxBiasedExponent + 1);
const fastM0 = new Float64Array(maxBiasedExponent + 1);
const fastM1 = new Float64Array(maxBiasedExponent + 1);
const fastM2 = new Float64Array(maxBiasedExponent + 1);
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

for (let be = minBiasedExponent; be <= maxBiasedExponent; be++) {
  const q = be - 1075;
  const twoQ = q >= 0 ? [1n << BigInt(q), 1n] : [1n, 1n << BigInt(-q)];
  const k = floorLog10(twoQ[0]!, twoQ[1]!);
  fastK[be] = k;
  const scaled = floorScaled(q + 96, -(k + 8));
  fastM0[be] = Number(scaled & limbMask);
  fastM1[be] = Number((scaled >> 24n) & limbMask);
  fastM2[be] = Number(scaled >> 48n);
  // w: exact where 10^-k is a double, else to well under the margin. q = 0 (w = 1/2) only has
  // integers, which never come here.
  fastW[be] = k >= -22 && k <= 0 ? powerOfTwo(q - 1) * powersOfTen[-k]! : Number(scaled) * powerOfTwo(-96) * 1e8 * 0.5;

  const kIrregular = floorLog10(3n * twoQ[0]!, 4n * twoQ[1]!);
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
const chars = new Int32Array(400);
const pairs = new Int32Array(200);
for (let i = 0; i < 100; i++) {
  pairs[2 * i] = 48 + Math.floor(i / 10);
  pairs[2 * i + 1] = 48 + (i % 10);
}

// ---- the decimal -------------------------------------------------------------------------------

/**
 * Chooses the shortest decimal for the positive finite double v whose high and low 32-bit words
 * are given (digitsHigh, digitsLow, decimalExponent).
 */
function chooseDecimal(v: number, high: number, low: number): void {
  const be = high >>> 20;
  const mantissaHigh = high & 0xfffff;
  if (be === 0 || (mantissaHigh === 0 && low === 0)) {
    chooseExactly(high, low);
    return;
  }
  const k = fastK[be]!;
  if (k >= -22 && k <= 0) {
    // 2^-21 <= v < 2^56 (all everyday values): 10^-k is a double, so Z = v·10^-k is exactly
    // product + error (Dekker's two-product), and w = 2^(q-1)·10^-k is a double too.
    const index = -k;
    const power = powersOfTen[index]!;
    const product = v * power;
    const split = v * 134217729;
    const vHigh = split - (split - v);
    const vLow = v - vHigh;
    const powerHigh = powersHigh[index]!;
    const powerLow = powersLow[index]!;
    const error =
      vLow * powerLow - (((product - vHigh * powerHigh) - vLow * powerHigh) - vHigh * powerLow);
    // product >= 2^52 is an integer, and |error| <= 8.
    const errorFloor = Math.floor(error);
    let high8 = Math.floor(product * 1e-8);
    // high8·10^8 = (high8·390625)·2^8 is exact, so this difference is exact.
    let low8 = product - high8 * 1e8 + errorFloor;
    while (low8 < 0) {
      low8 += 1e8;
      high8--;
    }
    while (low8 >= 1e8) {
      low8 -= 1e8;
      high8++;
    }
    if (decide(high8, low8, error - errorFloor, fastW[be]!, productMargin)) {
      decimalExponent = k;
      return;
    }
    chooseExactly(high, low);
    return;
  }
  // c = c2·2^48 + c1·2^24 + c0 (with the implicit bit), times the 2^96-scaled power of ten.
  const c0 = low & 0xffffff;
  const c1 = (low >>> 24) | ((mantissaHigh & 0xffff) << 8);
  const c2 = (mantissaHigh >>> 16) | 16;
  const m0 = fastM0[be]!;
  const m1 = fastM1[be]!;
  const m2 = fastM2[be]!;
  // Column 0 (c0·m0) and column 1's low limb only move Z by < 2^-21 each: left out.
  const carry1 = Math.floor((c0 * m1 + c1 * m0) * inv24);
  const column2 = c0 * m2 + c1 * m1 + c2 * m0 + carry1;
  const carry2 = Math.floor(column2 * inv24);
  const limb2 = column2 - carry2 * two24;
  const column3 = c1 * m2 + c2 * m1 + carry2;
  const carry3 = Math.floor(column3 * inv24);
  const limb3 = column3 - carry3 * two24;
  const high8 = c2 * m2 + carry3; // floor(Z / 10^8)
  // The fraction limbs times 10^8: the low eight digits of floor(Z) and the fraction of Z.
  const scaled2 = limb2 * 1e8;
  const scaled2High = Math.floor(scaled2 * inv24);
  const scaled3 = limb3 * 1e8 + scaled2High;
  const low8 = Math.floor(scaled3 * inv24);
  const fraction = (scaled3 - low8 * two24 + (scaled2 - scaled2High * two24) * inv24) * inv24;
  // The true Z is at most 2^-16 above this one: near 1 the integer part itself is uncertain.
  if (fraction <= 1 - truncationMargin && decide(high8, low8, fraction, fastW[be]!, truncationMargin)) {
    decimalExponent = k;
    return;
  }
  chooseExactly(high, low);
}

/**
 * The choice for Z = high8·10^8 + low8 + fraction with w the interval's half-width (regular
 * spacing, so 1/2 < w < 5): the multiple of ten within w of Z if there is one, else Z rounded.
 * Returns false, choosing nothing, when Z is within `margin` of a threshold.
 */
function decide(high8: number, low8: number, fraction: number, w: number, margin: number): boolean {
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
 * The paper's r_o(g·cp / 2^127) with cp = (cpHigh·2^24 + cpLow)... in three limbs: floor of the
 * product over 2^127, with the lowest bit set when bits 64..126 of the product are not all zero.
 * gIndex points at g·2^17 in exactG, so the integer part starts at limb 6 of the product.
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
  while (sLow < 0) {
    sLow += 1e8;
    sHigh--;
  }
  while (sLow >= 1e8) {
    sLow -= 1e8;
    sHigh++;
  }
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

function digitCount(x: number): number {
  if (x < 1e4) return x < 10 ? 1 : x < 100 ? 2 : x < 1000 ? 3 : 4;
  if (x < 1e8) return x < 1e5 ? 5 : x < 1e6 ? 6 : x < 1e7 ? 7 : 8;
  return x < 1e9 ? 9 : 10;
}

/** Writes the `count` lowest decimal digits of x (zero-padded) so that they end before `end`. */
function putDigits(x: number, end: number, count: number): void {
  x |= 0;
  while (count >= 2) {
    const rest = (x / 100) | 0;
    const pair = (x - rest * 100) << 1;
    chars[end - 1] = pairs[pair + 1]!;
    chars[end - 2] = pairs[pair]!;
    x = rest;
    end -= 2;
    count -= 2;
  }
  if (count === 1) chars[end - 1] = 48 + (x % 10);
}

// The digits of the chosen decimal without trailing zeros: high (highCount digits) then low
// (lowCount digits, zero-padded), set by trimDigits.
let trimmedHigh = 0;
let trimmedLow = 0;
let highCount = 0;
let lowCount = 0;

/** Drops trailing zeros (raising decimalExponent); returns the number of digits left. */
function trimDigits(): number {
  let high = digitsHigh;
  let low = digitsLow;
  if (low === 0) {
    decimalExponent += 8;
    while (high % 10 === 0) {
      high = (high / 10) | 0;
      decimalExponent++;
    }
    // All digits are in high now; keep them in low when they fit, as the writer expects.
    if (high < 1e8) {
      trimmedHigh = 0;
      trimmedLow = high;
      highCount = 0;
      lowCount = digitCount(high);
    } else {
      trimmedHigh = (high / 10) | 0;
      trimmedLow = high % 10;
      highCount = digitCount(trimmedHigh);
      lowCount = 1;
    }
    return highCount + lowCount;
  }
  let count = 8;
  while (low % 10 === 0) {
    low = (low / 10) | 0;
    count--;
    decimalExponent++;
  }
  trimmedLow = low;
  trimmedHigh = high;
  if (high === 0) {
    highCount = 0;
    lowCount = digitCount(low);
  } else {
    highCount = digitCount(high);
    lowCount = count;
  }
  return highCount + lowCount;
}

/** Writes the trimmed digits to chars[start, start + count). */
function putTrimmed(start: number, count: number): void {
  putDigits(trimmedLow, start + count, lowCount);
  if (highCount !== 0) putDigits(trimmedHigh, start + highCount, highCount);
}

const fromCharCode = String.fromCharCode;
/** decimalText writes at most this many zeros itself (its texts stay within charsText's cases). */
const longZeros = 6;

/** String of chars[0, length): one builtin call with a fixed argument count for short texts. */
function charsText(length: number): string {
  const c = chars;
  switch (length) {
    case 1: return fromCharCode(c[0]!);
    case 2: return fromCharCode(c[0]!, c[1]!);
    case 3: return fromCharCode(c[0]!, c[1]!, c[2]!);
    case 4: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!);
    case 5: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!);
    case 6: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!);
    case 7: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!);
    case 8: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!);
    case 9: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!);
    case 10: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!);
    case 11: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!);
    case 12: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!);
    case 13: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!);
    case 14: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!);
    case 15: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!, c[14]!);
    case 16: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!, c[14]!, c[15]!);
    case 17: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!, c[14]!, c[15]!, c[16]!);
    case 18: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!, c[14]!, c[15]!, c[16]!, c[17]!);
    case 19: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!, c[14]!, c[15]!, c[16]!, c[17]!, c[18]!);
    case 20: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!, c[14]!, c[15]!, c[16]!, c[17]!, c[18]!, c[19]!);
    case 21: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!, c[14]!, c[15]!, c[16]!, c[17]!, c[18]!, c[19]!, c[20]!);
    case 22: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!, c[14]!, c[15]!, c[16]!, c[17]!, c[18]!, c[19]!, c[20]!, c[21]!);
    case 23: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!, c[14]!, c[15]!, c[16]!, c[17]!, c[18]!, c[19]!, c[20]!, c[21]!, c[22]!);
    case 24: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!, c[14]!, c[15]!, c[16]!, c[17]!, c[18]!, c[19]!, c[20]!, c[21]!, c[22]!, c[23]!);
    case 25: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!, c[14]!, c[15]!, c[16]!, c[17]!, c[18]!, c[19]!, c[20]!, c[21]!, c[22]!, c[23]!, c[24]!);
    case 26: return fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!, c[14]!, c[15]!, c[16]!, c[17]!, c[18]!, c[19]!, c[20]!, c[21]!, c[22]!, c[23]!, c[24]!, c[25]!);
    default: {
      let text = "";
      for (let i = 0; i < length; i++) text += fromCharCode(c[i]!);
      return text;
    }
  }
}

/** Writes the chosen decimal from `start` in plain (no exponent) notation; returns the end. */
function putPlain(start: number, count: number, point: number): number {
  if (point <= 0) {
    // 0.000ddd
    chars[start] = 48;
    chars[start + 1] = 46;
    const digitsAt = start + 2 - point;
    for (let i = start + 2; i < digitsAt; i++) chars[i] = 48;
    putTrimmed(digitsAt, count);
    return digitsAt + count;
  }
  if (point >= count) {
    // ddd000
    putTrimmed(start, count);
    const end = start + point;
    for (let i = start + count; i < end; i++) chars[i] = 48;
    return end;
  }
  // ddd.ddd: write the digits one place right, then move the integer digits back over the gap.
  putTrimmed(start + 1, count);
  for (let i = start; i < start + point; i++) chars[i] = chars[i + 1]!;
  chars[start + point] = 46;
  return start + count + 1;
}

/** Writes d.ddde±x from `start`; returns the end. */
function putExponent(start: number, count: number, point: number): number {
  putTrimmed(start + 1, count);
  chars[start] = chars[start + 1]!;
  let end = start + 1;
  if (count > 1) {
    chars[start + 1] = 46;
    end = start + count + 1;
  }
  let exponent = point - 1;
  chars[end++] = 101; // e
  if (exponent < 0) {
    chars[end++] = 45;
    exponent = -exponent;
  } else {
    chars[end++] = 43;
  }
  const width = exponent < 10 ? 1 : exponent < 100 ? 2 : 3;
  putDigits(exponent, end + width, width);
  return end + width;
}

/** Splits a finite nonzero v into words, chooses its decimal; returns the sign character count. */
function prepare(v: number): number {
  bits[0] = v;
  const high = words[highWord]!;
  chooseDecimal(v < 0 ? -v : v, high & 0x7fffffff, words[lowWord]!);
  if (high >>> 31 === 0) return 0;
  chars[0] = 45;
  return 1;
}

// ---- API ---------------------------------------------------------------------------------------

/**
 * Exactly `String(v)` for every number: the shortest digits that read back as v (the nearest of
 * them to v when there are several, ties to even), in plain notation for 1e-7 <= |v| < 1e21 and
 * as d.ddde±x otherwise; "NaN", "Infinity", "-Infinity"; -0 gives "0".
 */
export function numberText(v: number): string {
  // Integers, including -0, and the values that are not finite: V8's own conversion is quick there.
  if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
  const start = prepare(v);
  const count = trimDigits();
  const point = count + decimalExponent;
  const end =
    point > -6 && point <= 21 ? putPlain(start, count, point) : putExponent(start, count, point);
  return charsText(end);
}

/**
 * The shortest round-trip digits of a finite v without an exponent, as Go's
 * `strconv.FormatFloat(v, 'f', -1, 64)`: 1e21 → "1000000000000000000000", 1.5e-7 → "0.00000015".
 * Negative zero gives "-0" as in Go. NaN and ±Infinity give "NaN", "Infinity", "-Infinity" (Go
 * would say "+Inf"/"-Inf"; callers that need those handle them first).
 */
export function decimalText(v: number): string {
  if (Number.isInteger(v) && v < 1e21 && v > -1e21) {
    return v === 0 && 1 / v < 0 ? "-0" : String(v);
  }
  if (!Number.isFinite(v)) return String(v);
  const start = prepare(v);
  const count = trimDigits();
  const point = count + decimalExponent;
  if (point > -longZeros && point < count + longZeros) {
    return charsText(putPlain(start, count, point));
  }
  // Long runs of zeros (huge or tiny v): the digits, then the zeros from String.repeat.
  putTrimmed(0, count);
  const digits = charsText(count);
  const sign = start === 0 ? "" : "-";
  return point <= 0
    ? `${sign}0.${"0".repeat(-point)}${digits}`
    : sign + digits + "0".repeat(point - count);
}
