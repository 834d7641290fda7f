// Durations are written as Go does (InfluxDB's flags are Go durations): 10s, 1m30s, 1h, 500ms, 0.
const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(raw: string): number {
  const s = raw.trim();
  if (s === "0") return 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let matched = 0;
  for (const m of s.matchAll(re)) {
    total += Number(m[1]) * DURATION_UNITS[m[2] as string]!;
    matched += m[0].length;
  }
  if (s === "" || matched !== s.length) throw new Error(`expected a duration such as 10s, 5m or 1h30m, got "${raw}"`);
  return Math.round(total);
}

export function formatDuration(ms: number): string {
  if (ms === 0) return "0";
  let rest = ms;
  let out = "";
  for (const [unit, size] of [["h", 3_600_000], ["m", 60_000], ["s", 1000], ["ms", 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}

const BYTE_UNITS: Record<string, number> = {
  "": 1, b: 1, k: 1000, kb: 1000, kib: 1024, m: 1e6, mb: 1e6, mib: 1024 ** 2, g: 1e9, gb: 1e9, gib: 1024 ** 3,
};

export function parseBytes(raw: string): number {
  const m = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(raw);
  const unit = m ? BYTE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new Error(`expected a byte size such as 1048576, 512KiB or 25MiB, got "${raw}"`);
  const n = Number(m[1]) * unit;
  if (!Number.isSafeInteger(n)) throw new Error(`byte size too large: "${raw}"`);
  return n;
}

export function formatBytes(n: number): string {
  for (const [unit, size] of [["GiB", 1024 ** 3], ["MiB", 1024 ** 2], ["KiB", 1024]] as const) {
    if (n >= size && n % size === 0) return `${n / size}${unit}`;
  }
  return String(n);
}
