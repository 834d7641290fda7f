// Prometheus metrics. One registry per server so tests can run several servers in one process.
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<"operation_id" | "method" | "response_code" | "status">;
  httpDuration: Histogram<"operation_id" | "method" | "status">;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpRequests = new Counter({
    name: "http_api_requests_total",
    help: "Number of HTTP requests by operation and response code",
    labelNames: ["operation_id", "method", "response_code", "status"] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: "http_api_request_duration_seconds",
    help: "Time to answer HTTP requests by operation",
    labelNames: ["operation_id", "method", "status"] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return { registry, httpRequests, httpDuration };
}

/** "2XX", "4XX" … as InfluxDB labels status classes. */
export function statusClass(code: number): string {
  return `${Math.floor(code / 100)}XX`;
}
