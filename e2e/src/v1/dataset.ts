// The data both servers get through /write: small, deterministic and varied enough for every
// InfluxQL feature the corpus asks about — several measurements sharing tag keys, series with and
// without an extra tag, float/integer/boolean/string fields, fields missing in some points, irregular
// times over four hours, negative values, a fraction field for the inverse trigonometric functions.

/** 2024-01-01T00:00:00Z in seconds: every point lies in [start, start + 4 h). */
export const startSeconds = 1_704_067_200;
export const start = "2024-01-01T00:00:00Z";
export const end = "2024-01-01T04:00:00Z";

export interface WriteBatch {
  /** The `precision` query parameter (`ns` unless said otherwise). */
  readonly precision: "ns" | "s" | "ms";
  readonly lines: string;
}

const ns = (seconds: number): string => `${BigInt(seconds) * 1_000_000_000n}`;

interface Host {
  readonly host: string;
  readonly region: string;
  readonly rack?: string;
}

const hosts: readonly Host[] = [
  { host: "a", region: "east" },
  { host: "b", region: "east" },
  { host: "c", region: "west" },
  { host: "d", region: "west", rack: "r1" },
];

const tagsOf = (h: Host): string => `host=${h.host}${h.rack === undefined ? "" : `,rack=${h.rack}`},region=${h.region}`;

/** A fixed pseudo-random walk in [0, 1): the same numbers every run, no two engines' RNGs involved. */
function wobble(i: number, salt: number): number {
  const x = Math.sin(i * 12.9898 + salt * 78.233) * 43758.5453;
  return Math.round((x - Math.floor(x)) * 1000) / 1000;
}

function cpuLines(): string {
  const lines: string[] = [];
  hosts.forEach((h, hi) => {
    // Every 15 minutes, each host shifted by a few seconds, and a few points at odd times.
    const times: number[] = [];
    for (let i = 0; i < 16; i++) times.push(startSeconds + i * 900 + hi * 7);
    times.push(startSeconds + 1234 + hi * 11, startSeconds + 7777 + hi, startSeconds + 13_001 - hi * 3);
    times.sort((x, y) => x - y);
    times.forEach((t, i) => {
      const fields: string[] = [];
      fields.push(`usage_user=${(10 + hi * 7.5 + wobble(i, hi) * 40).toFixed(3)}`);
      // usage_system is missing in every fifth point.
      if (i % 5 !== 3) fields.push(`usage_system=${(2 + wobble(i, hi + 10) * 8).toFixed(2)}`);
      fields.push(`cores=${2 + ((i + hi) % 4) * 2}i`);
      if (i % 3 !== 1) fields.push(`active=${(i + hi) % 4 === 0 ? "false" : "true"}`);
      if (i % 4 === 0) fields.push(`status="${["ok", "warn", "ok", "crit"][(i / 4 + hi) % 4]}"`);
      fields.push(`ratio=${wobble(i, hi + 20).toFixed(3)}`);
      fields.push(`delta=${((wobble(i, hi + 30) - 0.5) * 20).toFixed(2)}`);
      lines.push(`cpu,${tagsOf(h)} ${fields.join(",")} ${ns(t)}`);
    });
  });
  return lines.join("\n");
}

function memLines(): string {
  const lines: string[] = [];
  hosts.slice(0, 3).forEach((h, hi) => {
    for (let i = 0; i < 12; i++) {
      // Every 20 minutes plus an irregular jitter of up to a minute.
      const t = startSeconds + i * 1200 + Math.floor(wobble(i, hi + 40) * 60);
      const used = 1000 + hi * 250 + Math.floor(wobble(i, hi + 50) * 500);
      const fields = [`used=${used}i`];
      if (i % 4 !== 2) fields.push(`free=${(8000 - used + wobble(i, hi + 60)).toFixed(1)}`);
      lines.push(`mem,${tagsOf(h)} ${fields.join(",")} ${ns(t)}`);
    }
  });
  return lines.join("\n");
}

/** A measurement written with `precision=s`: its timestamps are seconds. */
function diskLines(): string {
  const lines: string[] = [];
  const paths = ["/", "/var"];
  for (const [hi, h] of hosts.slice(0, 2).entries()) {
    for (const [pi, path] of paths.entries()) {
      for (let i = 0; i < 8; i++) {
        const t = startSeconds + i * 1800 + pi * 13 + hi * 5;
        const used = 100 + i * (10 + hi) + pi * 50;
        lines.push(`disk,host=${h.host},path=${path},region=${h.region} used=${used}i,pct=${(used / 4).toFixed(2)} ${t}`);
      }
    }
  }
  return lines.join("\n");
}

/** Irregular readings of a temperature sensor going below zero, with a tag holding a space. */
function tempLines(): string {
  const lines: string[] = [];
  const sensors = ["room\\ 1", "yard"];
  sensors.forEach((sensor, si) => {
    let t = startSeconds + 30;
    for (let i = 0; i < 20; i++) {
      t += 300 + Math.floor(wobble(i, si + 70) * 600);
      if (t >= startSeconds + 4 * 3600) break;
      lines.push(`temp,sensor=${sensor} value=${(si * 8 - 5 + wobble(i, si + 80) * 12).toFixed(2)},reading=${i}i ${ns(t)}`);
    }
  });
  return lines.join("\n");
}

/** Names and values beyond ASCII, for Unicode classes in regexes (`\p{Greek}`, `(?i)ω`). */
function wordLines(): string {
  const rows: ReadonlyArray<readonly [string, string, string]> = [
    ["alpha", "αβγ", "Ωmega"],
    ["beta", "δέλτα", "omega"],
    ["g4mma", "abc", "a.b"],
    ["Delta", "ΣΩ", "a\\\\x"],
  ];
  return rows.map(([name, greek, text], i) => `words,label=${name},greek=${greek} n=${i + 1}i,λόγος=${i + 1.5},text="${text}" ${ns(startSeconds + i * 600)}`).join("\n");
}

export function dataset(): readonly WriteBatch[] {
  return [
    { precision: "ns", lines: cpuLines() },
    { precision: "ns", lines: memLines() },
    { precision: "s", lines: diskLines() },
    { precision: "ns", lines: tempLines() },
    { precision: "ns", lines: wordLines() },
  ];
}
