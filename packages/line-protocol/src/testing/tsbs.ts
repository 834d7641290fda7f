/**
 * A generator of TSBS's "cpu-only" workload in line protocol: measurement `cpu`, ten tags per
 * host, ten float fields, one line per host per interval. Deterministic for a given seed, so
 * benchmarks compare like with like. Shared by this package's benchmark and the `bench/` package.
 */

export interface CpuOnlyOptions {
  /** Number of distinct hosts (series). */
  hosts: number;
  /** Time of the first round of lines, ns since the epoch. Default 2016-01-01T00:00:00Z. */
  start?: bigint;
  /** Time between two rounds, ns. Default 10 s. */
  interval?: bigint;
  /** Number of lines to produce (rounds of `hosts` lines, the last one possibly partial). */
  count: number;
  /** PRNG seed. Default 1. */
  seed?: number;
  /**
   * Round values to this many decimals. Default: none, every value is the walk's full double (as
   * TSBS's float data), so compression figures are not flattered by short decimals.
   */
  decimals?: number;
}

export const cpuFieldKeys = [
  "usage_user",
  "usage_system",
  "usage_idle",
  "usage_nice",
  "usage_iowait",
  "usage_irq",
  "usage_softirq",
  "usage_steal",
  "usage_guest",
  "usage_guest_nice",
] as const;

const regions = [
  "us-east-1",
  "us-west-1",
  "us-west-2",
  "eu-west-1",
  "eu-central-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "sa-east-1",
] as const;
const operatingSystems = ["Ubuntu16.10", "Ubuntu16.04LTS", "Ubuntu15.10"] as const;
const architectures = ["x64", "x86"] as const;
const teams = ["SF", "NYC", "LON", "CHI"] as const;
const environments = ["production", "staging", "test"] as const;

/** Mulberry32: small, fast, good enough for synthetic data; the benchmarks draw from it too. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)]!;
}

/** The series section (`cpu,hostname=…,…`) of each host, tags in the (unsorted) order TSBS writes. */
function hostSections(hosts: number, random: () => number): string[] {
  const sections: string[] = [];
  for (let h = 0; h < hosts; h++) {
    const region = pick(random, regions);
    sections.push(
      `cpu,hostname=host_${h},region=${region},datacenter=${region}${pick(random, ["a", "b", "c"])}` +
        `,rack=${Math.floor(random() * 100)},os=${pick(random, operatingSystems)}` +
        `,arch=${pick(random, architectures)},team=${pick(random, teams)}` +
        `,service=${Math.floor(random() * 20)},service_version=${Math.floor(random() * 2)}` +
        `,service_environment=${pick(random, environments)}`,
    );
  }
  return sections;
}

/** Yields `count` lines (without newline), host by host within each interval. */
export function* generateCpuOnly(options: CpuOnlyOptions): Generator<string, void, undefined> {
  const { hosts, count } = options;
  if (!Number.isInteger(hosts) || hosts < 1) throw new RangeError("hosts must be a positive integer");
  const start = options.start ?? 1_451_606_400_000_000_000n;
  const interval = options.interval ?? 10_000_000_000n;
  const random = prng(options.seed ?? 1);
  const scale = options.decimals === undefined ? undefined : 10 ** options.decimals;
  const sections = hostSections(hosts, random);
  // Each host's fields random-walk within [0, 100], as TSBS's cpu simulator does.
  const state = Array.from({ length: hosts }, () => cpuFieldKeys.map(() => random() * 100));
  for (let n = 0; n < count; n++) {
    const host = n % hosts;
    const time = start + BigInt(Math.floor(n / hosts)) * interval;
    const values = state[host]!;
    let fields = "";
    for (let f = 0; f < values.length; f++) {
      const next = Math.min(100, Math.max(0, values[f]! + (random() - 0.5) * 2));
      values[f] = next;
      const shown = scale === undefined ? next : Math.round(next * scale) / scale;
      fields += `${f === 0 ? "" : ","}${cpuFieldKeys[f]}=${shown}`;
    }
    yield `${sections[host]} ${fields} ${time}`;
  }
}
