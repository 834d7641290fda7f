/**
 * Micro-benchmark: ns per call of numberText, String(v) and decimalText on three kinds of data.
 * Run: `npx tsx packages/line-protocol/src/bench/float-text.ts` (add a count to change 1M).
 * Each figure is the median of 7 passes over the same values, in CPU time of this process (less
 * disturbed than wall time when the machine is shared); the load average is printed with them.
 */
import { loadavg } from "node:os";
import { decimalText, numberText } from "../float-text.js";
import { prng } from "../testing/tsbs.js";

const count = Number(process.argv[2] ?? 1_000_000);
const passes = 7;

function values(make: (random: () => number) => number, seed: number): Float64Array {
  const random = prng(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = make(random);
  return out;
}

const cell = new Float64Array(1);
const words = new Uint32Array(cell.buffer);
const distributions: [string, Float64Array][] = [
  ["(a) random in [0, 100)", values((random) => random() * 100, 1)],
  [
    "(b) random bit patterns (finite)",
    values((random) => {
      do {
        words[0] = (random() * 4294967296) >>> 0;
        words[1] = (random() * 4294967296) >>> 0;
      } while (!Number.isFinite(cell[0]!));
      return cell[0]!;
    }, 2),
  ],
  [
    "(c) 1 to 6 decimals, Math.round(x·10^d)/10^d",
    values((random) => {
      const scale = 10 ** (1 + Math.floor(random() * 6));
      return Math.round(random() * 100 * scale) / scale;
    }, 3),
  ],
];

// The texts are kept (a few) and measured so that no call can be optimised away.
const kept: string[] = new Array<string>(1024).fill("");
let characters = 0;

/** CPU nanoseconds spent formatting data[from, to). */
function cpuNs(format: (v: number) => string, data: Float64Array, from: number, to: number): number {
  const start = process.cpuUsage();
  for (let i = from; i < to; i++) {
    const text = format(data[i]!);
    characters += text.length;
    kept[characters & 1023] = text;
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) * 1000;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const formats: [string, (v: number) => string][] = [
  ["String(v)", String],
  ["numberText", numberText],
  ["decimalText", decimalText],
];

console.log(`${count} values per distribution, median of ${passes} passes, load ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
for (const [name, data] of distributions) {
  const results = new Map<string, number[]>();
  for (let pass = 0; pass < passes; pass++) {
    // The three take turns on slices of 50,000 values, so that a burst of load from elsewhere
    // hits them alike.
    const totals = formats.map(() => 0);
    for (let from = 0; from < data.length; from += 50_000) {
      const to = Math.min(data.length, from + 50_000);
      formats.forEach(([, format], f) => {
        totals[f]! += cpuNs(format, data, from, to);
      });
    }
    formats.forEach(([formatName], f) => {
      const list = results.get(formatName) ?? [];
      list.push(totals[f]! / data.length);
      results.set(formatName, list);
    });
  }
  const base = median(results.get("String(v)")!);
  const line = formats
    .map(([formatName]) => {
      const ns = median(results.get(formatName)!);
      return `${formatName} ${ns.toFixed(1)} ns (${(base / ns).toFixed(2)}x)`;
    })
    .join(", ");
  console.log(`${name}: ${line}`);
}
console.log(`load after: ${loadavg().map((x) => x.toFixed(2)).join(" ")} (${characters} characters made)`);
