// `pnpm bench [workload…]`: runs the named workloads (all by default), prints a table and appends a
// dated section to bench/RESULTS.md.
import { join } from "node:path";
import { appendResults, table, type WorkloadFailure } from "./report.js";
import { repoRoot } from "./server.js";
import { workloads, type Measurement } from "./workloads/index.js";

async function main(): Promise<void> {
  const names = process.argv.slice(2).filter((arg) => arg !== "--");
  const unknown = names.filter((name) => !workloads.some((w) => w.name === name));
  if (unknown.length > 0) {
    throw new Error(`unknown workload(s): ${unknown.join(", ")}; known: ${workloads.map((w) => w.name).join(", ")}`);
  }
  const selected = names.length === 0 ? workloads : workloads.filter((w) => names.includes(w.name));
  const measurements: Measurement[] = [];
  const failures: WorkloadFailure[] = [];
  for (const workload of selected) {
    console.log(`running ${workload.name}: ${workload.description}`);
    try {
      measurements.push(...(await workload.run()));
    } catch (error) {
      // One workload the server cannot serve yet must not lose the figures of the others.
      const message = error instanceof Error ? error.message : String(error);
      console.error(`${workload.name} failed: ${message}`);
      failures.push({ workload: workload.name, message });
    }
  }
  console.log(`\n${table(measurements)}\n`);
  await appendResults(join(repoRoot, "bench", "RESULTS.md"), repoRoot, selected, measurements, failures);
  console.log("appended to bench/RESULTS.md");
  if (failures.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
