// The machine's own speed, so a report can tell its drift from a change in the code: on this
// project's 2-core VMs the same build's query figures and influxd's own moved by 2–3× between runs
// minutes apart. Two gauges: a fixed piece of single-threaded CPU work, timed; and the share of the
// VM's CPU time its hypervisor gave to others (steal, in /proc/stat), over a span of the run.
import { readFileSync } from "node:fs";
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

/** The VM's CPU time so far, in clock ticks: all of it, and the part stolen by the hypervisor. */
export interface CpuTicks {
  total: number;
  steal: number;
}

/** Undefined where /proc/stat is missing or has no steal column (not Linux, or an old kernel). */
export function cpuTicks(): CpuTicks | undefined {
  try {
    return parseCpuTicks(readFileSync("/proc/stat", "latin1"));
  } catch {
    return undefined;
  }
}

/** The summed "cpu" line of /proc/stat's text: "cpu  user nice system idle iowait irq softirq steal …". */
export function parseCpuTicks(stat: string): CpuTicks | undefined {
  const ticks = /^cpu\s+(.*)$/m.exec(stat)?.[1]?.trim().split(/\s+/).map(Number);
  if (ticks === undefined || ticks.length < 8 || ticks.some(Number.isNaN)) return undefined;
  // guest and guest_nice (9th, 10th) are already counted in user and nice.
  return { total: ticks.slice(0, 8).reduce((a, b) => a + b, 0), steal: ticks[7] as number };
}

/** Percent of the VM's CPU time stolen between two readings (undefined without both, or no time). */
export function stolenPercent(from: CpuTicks | undefined, to: CpuTicks | undefined): number | undefined {
  if (from === undefined || to === undefined || to.total <= from.total) return undefined;
  return (100 * (to.steal - from.steal)) / (to.total - from.total);
}
