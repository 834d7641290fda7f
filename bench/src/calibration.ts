// A fixed piece of single-threaded CPU work, timed, so a report can tell the machine's own drift from
// a change in the code: on this project's 2-core VMs the same build's query figures and influxd's
// own moved by 2–3× between runs minutes apart, with no steal time showing in /proc/stat.
import { prng } from "@fluxgate/line-protocol";

/** 5,000 records of numbers and strings drawn from a fixed seed (about 0.6 MB of JSON). */
function document(): unknown[] {
  const draw = prng(2016);
  return Array.from({ length: 5000 }, (_, i) => ({ host: `host_${i % 100}`, time: 1_451_606_400_000 + i * 10_000, values: Array.from({ length: 10 }, () => Math.round(draw() * 1e6) / 1e4) }));
}

/** Median milliseconds of `runs` JSON round trips (stringify, then parse) of the fixed document. */
export function calibrationMs(runs = 9): number {
  const doc = document();
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const began = performance.now();
    JSON.parse(JSON.stringify(doc));
    if (i >= 2) times.push(performance.now() - began);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1] ?? Number.NaN;
}
