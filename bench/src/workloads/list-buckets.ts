import { runLoad } from "../load.js";
import { createBucket, onboard } from "../onboard.js";
import { startServer } from "../server.js";
import type { Measurement, Workload } from "./workload.js";

const bucketsInOrg = 100;
const clients = 50;
const durationMs = 10_000;
const maxRequests = 500_000;

export const listBuckets: Workload = {
  name: "list-buckets",
  description:
    `GET /api/v2/buckets?orgID=…&limit=${bucketsInOrg} on an org holding ${bucketsInOrg} buckets (setup's, 2 system, the rest created), ` +
    `${clients} concurrent keep-alive clients, closed loop, ${durationMs / 1000} s after a warm-up, embedded PGlite`,
  async run(): Promise<Measurement[]> {
    const server = await startServer();
    try {
      const tenant = await onboard(server.url);
      const listUrl = `${server.url}/api/v2/buckets?orgID=${tenant.orgID}&limit=${bucketsInOrg}`;
      const headers = { authorization: `Token ${tenant.token}` };
      const existing = await countBuckets(listUrl, headers);
      for (let i = existing; i < bucketsInOrg; i += 1) await createBucket(server.url, tenant, `bench-bucket-${i}`);
      const listed = await countBuckets(listUrl, headers);
      if (listed !== bucketsInOrg) throw new Error(`the org lists ${listed} buckets, expected ${bucketsInOrg}`);

      const result = await runLoad({ url: listUrl, headers, clients, durationMs, maxRequests, warmupRequests: 500 });
      if (result.errors > 0) {
        throw new Error(`${result.errors} of ${result.requests + result.errors} requests failed (first: ${result.firstError})`);
      }
      const detail = `${result.requests} requests in ${(result.elapsedMs / 1000).toFixed(1)} s, ${clients} clients`;
      return [
        { workload: "list-buckets", metric: "p50 latency", value: result.p50Ms, unit: "ms", detail },
        { workload: "list-buckets", metric: "p99 latency", value: result.p99Ms, unit: "ms", detail },
        { workload: "list-buckets", metric: "max latency", value: result.maxMs, unit: "ms", detail },
        { workload: "list-buckets", metric: "throughput", value: result.requestsPerSecond, unit: "req/s", detail },
      ];
    } finally {
      await server.stop();
    }
  },
};

async function countBuckets(url: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${text}`);
  const body = JSON.parse(text) as { buckets?: unknown[] };
  return body.buckets?.length ?? 0;
}
