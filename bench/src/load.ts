// A closed-loop HTTP load generator: `clients` loops, each sending its next request as soon as the
// previous answer is read, over keep-alive connections, for a bounded time and request count.
import { Agent, request } from "node:http";
import { percentile } from "./stats.js";

export interface LoadOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly clients: number;
  readonly durationMs: number;
  /** Upper bound on requests, whatever the duration. */
  readonly maxRequests: number;
  /** Requests sent before measuring, to open connections and warm the JIT. */
  readonly warmupRequests: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly elapsedMs: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** The first error seen, to explain a non-zero error count. */
  readonly firstError?: string;
}

function get(agent: Agent, url: URL, headers: Readonly<Record<string, string>>): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const req = request(url, { agent, headers, method: "GET" }, (res) => {
      res.on("data", () => undefined);
      res.on("end", () => resolveStatus(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.clients });
  const url = new URL(options.url);
  try {
    const warm = Array.from({ length: options.clients }, async (_, client) => {
      for (let i = client; i < options.warmupRequests; i += options.clients) await get(agent, url, options.headers);
    });
    await Promise.all(warm);

    const latencies: number[] = [];
    let errors = 0;
    let sent = 0;
    let firstError: string | undefined;
    const began = performance.now();
    const deadline = began + options.durationMs;
    const loop = async (): Promise<void> => {
      while (sent < options.maxRequests && performance.now() < deadline) {
        sent += 1;
        const start = performance.now();
        try {
          const status = await get(agent, url, options.headers);
          if (status !== 200) {
            errors += 1;
            firstError ??= `HTTP ${status}`;
            continue;
          }
          latencies.push(performance.now() - start);
        } catch (error) {
          errors += 1;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    };
    await Promise.all(Array.from({ length: options.clients }, loop));
    const elapsedMs = performance.now() - began;
    latencies.sort((a, b) => a - b);
    return {
      requests: latencies.length,
      errors,
      elapsedMs,
      requestsPerSecond: (latencies.length / elapsedMs) * 1000,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies.at(-1) ?? Number.NaN,
      ...(firstError === undefined ? {} : { firstError }),
    };
  } finally {
    agent.destroy();
  }
}
