// Scheduler benchmark: N active tasks with `every: 10s` running a small aggregate on one server
// (embedded PGlite, or PostgreSQL with FLUXGATE_BENCH_POSTGRES_URL). Reports scheduling lag (due
// time → claimed by the scheduler), start lag (due time → execution start, which includes waiting
// for an executor slot behind the other runs due at the same instant) and the scheduler's own
// time per run (its share of claim and record batches, not Flux).
//
//   cd apps/server && npx tsx --conditions=fluxgate-source src/tasks/bench/scheduler-bench.ts [tasks] [cycles] [concurrency]
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultConfig } from "../../config/index.js";
import { startServer } from "../../server.js";

const TASKS = Number(process.argv[2] ?? 1000);
const CYCLES = Number(process.argv[3] ?? 3);
const CONCURRENCY = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
const EVERY_S = 10;

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "n/a");

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "fluxgate-task-bench-"));
  const postgres = process.env["FLUXGATE_BENCH_POSTGRES_URL"] ?? "";
  const server = await startServer(defaultConfig({ httpBindAddress: "127.0.0.1:0", dataDir, logLevel: "warn", metadataUrl: postgres }), {
    inMemoryMetadata: postgres === "",
    logDestination: { write: () => undefined },
  });
  try {
    const scheduler = server.app.tasks;
    if (CONCURRENCY !== undefined) scheduler.options.concurrency = CONCURRENCY;
    const call = async (method: string, path: string, body: unknown, token?: string, contentType = "application/json") => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { "Content-Type": contentType, ...(token ? { Authorization: `Token ${token}` } : {}) },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? undefined : ((await res.json()) as Record<string, unknown>);
    };
    const setup = (await call("POST", "/api/v2/setup", { username: "bench", password: "bench-password", org: "bench", bucket: "metrics" })) as { auth: { token: string }; org: { id: string } };
    const token = setup.auth.token;
    const now = Math.floor(Date.now() / 1000);
    const lines = Array.from({ length: 600 }, (_, i) => `cpu,host=h${i % 10} usage=${i % 100} ${now - 600 + i}`).join("\n");
    await call("POST", "/api/v2/write?org=bench&bucket=metrics&precision=s", lines, token, "text/plain");

    const t0 = performance.now();
    for (let i = 0; i < TASKS; i++) {
      const flux = `option task = {name: "bench-${i}", every: ${EVERY_S}s}\n\nfrom(bucket: "metrics") |> range(start: -1m) |> filter(fn: (r) => r._measurement == "cpu" and r.host == "h${i % 10}") |> mean()`;
      await call("POST", "/api/v2/tasks", { orgID: setup.org.id, flux, status: "inactive" }, token);
    }
    const createMs = performance.now() - t0;
    // Activate them all at once for the next whole 10 s, as if they had been running all along
    // (created active one by one, the first ones would pile up runs while the rest are created).
    const first = new Date((Math.floor(Date.now() / (EVERY_S * 1000)) + 1) * EVERY_S * 1000);
    await server.app.db.updateTable("tasks").set({ status: "active", latest_completed: new Date(first.getTime() - EVERY_S * 1000), next_scheduled_for: first, next_due_at: first }).execute();

    // Warm up one cycle, then measure whole cycles.
    const boundary = () => (Math.floor(Date.now() / (EVERY_S * 1000)) + 1) * EVERY_S * 1000;
    await new Promise((r) => setTimeout(r, boundary() - Date.now() + EVERY_S * 1000 - 200));
    scheduler.stats.claimLagMs.length = 0;
    scheduler.stats.startLagMs.length = 0;
    scheduler.stats.executeMs.length = 0;
    scheduler.stats.overheadMs.length = 0;
    const runsBefore = scheduler.stats.runs;
    const cpuBefore = process.cpuUsage();
    const wallStart = performance.now();
    await new Promise((r) => setTimeout(r, CYCLES * EVERY_S * 1000));
    const wallMs = performance.now() - wallStart;
    const cpu = process.cpuUsage(cpuBefore);
    const runs = scheduler.stats.runs - runsBefore;
    const { claimLagMs, startLagMs, overheadMs, executeMs } = scheduler.stats;
    const failed = await server.app.db.selectFrom("task_runs").select((eb) => eb.fn.countAll<number>().as("n")).where("status", "=", "failed").executeTakeFirstOrThrow();

    console.log(
      JSON.stringify(
        {
          metadata: postgres === "" ? "pglite" : "postgres",
          tasks: TASKS,
          every: `${EVERY_S}s`,
          concurrency: scheduler.options.concurrency,
          cycles: CYCLES,
          createTasksMs: Math.round(createMs),
          runs,
          expectedRuns: TASKS * CYCLES,
          failedRuns: Number(failed.n),
          schedulingLagMs: { p50: fmt(percentile(claimLagMs, 50)), p99: fmt(percentile(claimLagMs, 99)), max: fmt(Math.max(...claimLagMs)) },
          startLagMs: { p50: fmt(percentile(startLagMs, 50)), p99: fmt(percentile(startLagMs, 99)), max: fmt(Math.max(...startLagMs)) },
          overheadPerRunMs: { p50: fmt(percentile(overheadMs, 50)), p99: fmt(percentile(overheadMs, 99)), mean: fmt(overheadMs.reduce((a, b) => a + b, 0) / Math.max(1, overheadMs.length)) },
          executeMs: { p50: fmt(percentile(executeMs, 50)), p99: fmt(percentile(executeMs, 99)) },
          cpuPerRunMs: fmt((cpu.user + cpu.system) / 1000 / Math.max(1, runs)),
          cpuBusyPercent: fmt(((cpu.user + cpu.system) / 1000 / wallMs) * 100),
        },
        null,
        2,
      ),
    );
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
