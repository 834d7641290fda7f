// The scrape loop end to end: real targets over HTTP, points in the bucket, read back with Flux.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupInstance, startTestServer, type Instance, type TestServer } from "../test-support/index.js";

const EXPOSITION = [
  "# HELP room_temperature_celsius Temperature per room.",
  "# TYPE room_temperature_celsius gauge",
  'room_temperature_celsius{room="kitchen"} 21.5',
  'room_temperature_celsius{room="attic"} 17',
  "# TYPE door_openings_total counter",
  "door_openings_total 12",
  "# TYPE request_seconds histogram",
  'request_seconds_bucket{le="0.1"} 3',
  'request_seconds_bucket{le="+Inf"} 5',
  "request_seconds_sum 1.25",
  "request_seconds_count 5",
  "",
].join("\n");

const ANNOTATED = { header: true, delimiter: ",", annotations: [] };

/** Data rows of a CSV answer as objects keyed by the header. */
function rows(csv: string): Record<string, string>[] {
  const lines = csv.split(/\r?\n/).filter((l) => l !== "");
  if (lines.length === 0) return [];
  const header = lines[0]!.split(",");
  return lines.slice(1).filter((l) => !l.startsWith(",result,table") && l !== lines[0]).map((l) => Object.fromEntries(l.split(",").map((v, i) => [header[i]!, v])));
}

describe("scrape loop", () => {
  let t: TestServer;
  let instance: Instance;
  let target: Server;
  let targetURL: string;
  let served: "metrics" | "garbage" = "metrics";

  beforeAll(async () => {
    target = createServer((req, res) => {
      if (served === "garbage") {
        res.writeHead(200, { "content-type": "text/html" }).end("<html><body>not metrics</body></html>");
        return;
      }
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(EXPOSITION);
    });
    await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
    targetURL = `http://127.0.0.1:${(target.address() as AddressInfo).port}/metrics`;
    t = await startTestServer({ scraperInterval: 200 });
    instance = await setupInstance(t.client);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => target?.close(resolve));
  });

  const op = () => ({ token: instance.operatorToken });
  const bucket = async (name: string) => {
    const res = await t.client.post<{ id: string }>("/api/v2/buckets", { orgID: instance.org.id, name }, op());
    expect(res.status, res.text).toBe(201);
    return res.body.id;
  };
  const scraper = async (name: string, url: string, bucketID: string) => {
    const res = await t.client.post<{ id: string }>("/api/v2/scrapers", { name, url, orgID: instance.org.id, bucketID, type: "prometheus" }, op());
    expect(res.status, res.text).toBe(201);
    return res.body.id;
  };
  const flux = async (query: string) => {
    const res = await t.client.post("/api/v2/query", { query, type: "flux", dialect: ANNOTATED }, { ...op(), query: { orgID: instance.org.id } });
    expect(res.status, res.text).toBe(200);
    return rows(res.text);
  };
  /** Polls a Flux query until it returns rows (the loop runs every 200 ms). */
  const eventually = async (query: string) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = await flux(query);
      if (found.length > 0 || Date.now() > deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  };

  it("fills the bucket with a target's metrics, stored as InfluxDB's scraper stores them", async () => {
    await bucket("scraped");
    const bucketID = (await t.client.get<{ buckets: { id: string; name: string }[] }>("/api/v2/buckets", { ...op(), query: { name: "scraped" } })).body.buckets[0]!.id;
    await scraper("home", targetURL, bucketID);

    const gauges = await eventually('from(bucket: "scraped") |> range(start: -1h) |> filter(fn: (r) => r._measurement == "room_temperature_celsius") |> last()');
    expect(gauges.map((r) => [r["room"], r["_field"], Number(r["_value"])]).sort()).toEqual([
      ["attic", "gauge", 17],
      ["kitchen", "gauge", 21.5],
    ]);
    const counter = await flux('from(bucket: "scraped") |> range(start: -1h) |> filter(fn: (r) => r._measurement == "door_openings_total") |> last()');
    expect(counter.map((r) => [r["_field"], Number(r["_value"])])).toEqual([["counter", 12]]);
    const histogram = await flux('from(bucket: "scraped") |> range(start: -1h) |> filter(fn: (r) => r._measurement == "request_seconds") |> last()');
    expect(Object.fromEntries(histogram.map((r) => [r["_field"], Number(r["_value"])]))).toEqual({ "0.1": 3, "+Inf": 5, count: 5, sum: 1.25 });

    // It keeps going: later passes add points.
    const count = async () => (await flux('from(bucket: "scraped") |> range(start: -1h) |> filter(fn: (r) => r._measurement == "door_openings_total") |> count()'))[0]?.["_value"];
    const first = Number(await count());
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(Number(await count())).toBeGreaterThan(first);
  });

  it("scrapes the server's own /metrics", async () => {
    const bucketID = await bucket("self");
    await scraper("self", `${t.url}/metrics`, bucketID);
    const requests = await eventually('from(bucket: "self") |> range(start: -1h) |> filter(fn: (r) => r._measurement == "http_api_requests_total" and r.operation_id == "PostScrapers") |> last()');
    expect(requests.length).toBeGreaterThan(0);
    expect(requests[0]!["_field"]).toBe("counter");
    expect(Number(requests[0]!["_value"])).toBeGreaterThanOrEqual(1);
  });

  it("logs a failing target and goes on: unreachable, not metrics, bucket deleted", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedURL = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/metrics`;
    await new Promise((resolve) => closed.close(resolve));

    const kept = await bucket("kept");
    const doomed = await bucket("doomed");
    const unreachable = await scraper("unreachable", closedURL, kept);
    const orphan = await scraper("orphan", targetURL, doomed);
    expect((await t.client.delete(`/api/v2/buckets/${doomed}`, op())).status).toBe(204);
    expect(await failureOf(unreachable)).toMatch(/ECONNREFUSED/);
    expect(await failureOf(orphan)).toBe(`bucket ${doomed} not found`);

    served = "garbage";
    const garbage = await scraper("garbage", targetURL, kept);
    expect(await failureOf(garbage)).toMatch(/invalid metric name .*line 1/);
    served = "metrics";

    // The server still answers and the other targets still write.
    expect((await t.client.get("/health")).status).toBe(200);
    const fresh = await eventually('from(bucket: "kept") |> range(start: -1h) |> filter(fn: (r) => r._measurement == "door_openings_total")');
    expect(fresh.length).toBeGreaterThan(0);
  });

  /** The error the loop logged for a target, once it has. */
  const failureOf = async (scraperID: string): Promise<string | undefined> => {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      for (const line of t.logs) {
        const entry = JSON.parse(line) as { msg?: string; scraperID?: string; err?: string };
        if (entry.msg === "scraper: scrape failed" && entry.scraperID === scraperID) return entry.err;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return undefined;
  };
});
