import { startServer } from "../server.js";
import { median } from "../stats.js";
import type { Measurement, Workload } from "./workload.js";

const runs = 5;

export const startup: Workload = {
  name: "startup",
  description: `spawn \`fluxgate run\` with embedded defaults (PGlite, fresh data dir) until the first 200 from /ready; median of ${runs} runs`,
  async run(): Promise<Measurement[]> {
    const times: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const server = await startServer();
      times.push(server.startToReadyMs);
      await server.stop();
    }
    const detail = `${runs} runs: ${times.map((t) => t.toFixed(0)).join(", ")} ms`;
    return [
      { workload: "startup", metric: "start-to-ready (median)", value: median(times), unit: "ms", detail },
      { workload: "startup", metric: "start-to-ready (max)", value: Math.max(...times), unit: "ms", detail },
    ];
  },
};
