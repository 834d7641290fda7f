/**
 * One-off large equality check, outside the test suite: numberText(v) === String(v) for N random
 * bit patterns (default 50M) and decimalText(v) against the plain form of String(v) for one value
 * in 16; then N/5 values each of random()·100 and of those rounded to 1..6 decimals.
 * Run: `npx tsx packages/line-protocol/src/bench/float-text-check.ts [count] [seed]`.
 */
import { decimalText, numberText } from "../float-text.js";
import { plainDecimal } from "../test-support/plain-decimal.js";
import { prng } from "../testing/tsbs.js";

const count = Number(process.argv[2] ?? 50_000_000);
const random = prng(Number(process.argv[3] ?? 2026));
const cell = new Float64Array(1);
const words = new Uint32Array(cell.buffer);


let checked = 0;
let decimals = 0;
let mismatches = 0;
const started = Date.now();
for (let i = 0; i < count; i++) {
  words[0] = (random() * 4294967296) >>> 0;
  words[1] = (random() * 4294967296) >>> 0;
  const v = cell[0]!;
  checked++;
  if (numberText(v) !== String(v)) {
    if (mismatches++ < 20) console.log(`numberText(${String(v)}) = ${numberText(v)}`);
  }
  if ((i & 15) === 0 && Number.isFinite(v)) {
    decimals++;
    if (decimalText(v) !== plainDecimal(v) && mismatches++ < 20) {
      console.log(`decimalText(${String(v)}) = ${decimalText(v)}`);
    }
  }
}
for (let i = 0; i < count / 5; i++) {
  const v = random() * 100;
  const scale = 10 ** (1 + Math.floor(random() * 6));
  const rounded = Math.round(v * scale) / scale;
  checked += 2;
  for (const x of [v, rounded]) {
    if (numberText(x) !== String(x) && mismatches++ < 20) {
      console.log(`numberText(${String(x)}) = ${numberText(x)}`);
    }
  }
}
console.log(
  `${checked} numberText and ${decimals} decimalText values checked, ${mismatches} mismatches, ` +
    `${((Date.now() - started) / 1000).toFixed(0)} s`,
);
process.exitCode = mismatches === 0 ? 0 : 1;
