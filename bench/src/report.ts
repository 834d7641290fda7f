import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, writeFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import type { Measurement, Workload } from "./workloads/index.js";

const header = `# Fluxgate benchmark results

Written by \`pnpm bench\` (bench/src/run.ts): each run APPENDS a dated section below. Every workload
starts the built server (\`node apps/server/dist/main.js run\`) on a free loopback port with a fresh
temporary data dir and stops it afterwards; the load generator runs in the same machine, so it shares
the CPU with the server. Machine: the project's standard machine, 2 cores and 24 GiB of memory, shared
with whatever else runs at the time, so compare runs with care.

Workloads (bench/src/workloads/):
- **startup**: spawn to the first 200 from \`/ready\`, embedded defaults (PGlite), median of 5 runs.
- **list-buckets**: \`GET /api/v2/buckets\` for an org holding 100 buckets, 50 concurrent keep-alive
  clients, closed loop for 10 s: p50/p99 latency and requests per second.
`;

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}

export interface WorkloadFailure {
  readonly workload: string;
  readonly message: string;
}

export function table(measurements: readonly Measurement[]): string {
  const rows = measurements.map((m) => `| ${m.workload} | ${m.metric} | ${format(m.value)} ${m.unit} | ${m.detail} |`);
  return ["| workload | metric | value | how |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

function commit(repoRoot: string): string {
  try {
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: repoRoot, encoding: "utf8" }).trim();
    return dirty === "" ? sha : `${sha} + uncommitted changes`;
  } catch {
    return "unknown commit";
  }
}

export async function appendResults(
  file: string,
  repoRoot: string,
  ran: readonly Workload[],
  measurements: readonly Measurement[],
  failures: readonly WorkloadFailure[] = [],
): Promise<void> {
  if (!existsSync(file)) await writeFile(file, header);
  const when = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  // Other work on the machine skews every figure: say how busy it was (1- and 5-minute load averages).
  const [load1 = 0, load5 = 0] = loadavg();
  const busy = `load average ${load1.toFixed(1)} (1 min), ${load5.toFixed(1)} (5 min) at the end of the run`;
  const section = [
    "",
    `## ${when} — ${commit(repoRoot)}`,
    "",
    `Machine: ${machine}; ${busy}. Workloads: ${ran.map((w) => w.name).join(", ")}.`,
    "",
    table(measurements),
    ...failures.map((f) => `\nFailed: **${f.workload}**: ${f.message.split("\n")[0] ?? ""}`),
    "",
  ].join("\n");
  await appendFile(file, section);
}
