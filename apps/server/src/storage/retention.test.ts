import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRows, startWriteFixture, type WriteFixture } from "../write/test-support/fixture.js";
import { dropBucketData } from "./drop.js";
import { enforceRetentionOnce, startRetentionLoop } from "./retention.js";

const HOUR_NS = 3_600_000_000_000n;
let fx: WriteFixture;

beforeAll(async () => {
  // The server's own loop is off; each test drives passes itself.
  fx = await startWriteFixture({ storageRetentionCheckInterval: 0 });
});
afterAll(() => fx.close());

/** Writes one point per hour for the last `hours` hours into a bucket without retention. */
async function seedHours(bucketName: string, hours: number): Promise<bigint> {
  const now = BigInt(Date.now()) * 1_000_000n;
  const lines = Array.from({ length: hours }, (_, h) => `r,h=${h} v=${h} ${now - BigInt(h) * HOUR_NS - 1n}`);
  const res = await fx.client.post("/api/v2/write", lines.join("\n"), { query: { org: fx.orgName, bucket: bucketName }, token: fx.allAccessToken, headers: { "Content-Type": "text/plain" } });
  expect(res.status).toBe(204);
  return now;
}

/**
 * Shard group files of a bucket. Reads already hide points older than the retention period, so
 * only the files show whether a pass really dropped data.
 */
async function shardFiles(bucketID: string): Promise<string[]> {
  try {
    return (await readdir(join(fx.app.config.enginePath, bucketID))).filter((f) => f.endsWith(".duckdb"));
  } catch {
    return [];
  }
}

async function setRetention(bucketID: string, seconds: number): Promise<void> {
  await fx.app.db.updateTable("buckets").set({ retention_seconds: seconds, shard_group_duration_seconds: 3600 }).where("id", "=", bucketID).execute();
}

describe("retention", () => {
  it("drops expired shard groups once a bucket's retention is shortened, at the next pass", async () => {
    const b = await fx.createBucket("shortened");
    await fx.app.db.updateTable("buckets").set({ shard_group_duration_seconds: 3600 }).where("id", "=", b.id).execute();
    await seedHours(b.name, 6);
    expect(await readRows(fx.app, b)).toHaveLength(6);
    expect(await shardFiles(b.id)).toHaveLength(6);
    // Nothing expires while retention is infinite.
    expect((await enforceRetentionOnce(fx.app)).shardGroupsDropped).toBe(0);
    expect(await shardFiles(b.id)).toHaveLength(6);

    await setRetention(b.id, 3 * 3600);
    const pass = await enforceRetentionOnce(fx.app);
    // Hourly shard groups: the three (or, at an hour boundary, two) that ended more than 3 h ago
    // go; the ones holding the newest three hours stay.
    expect(pass.shardGroupsDropped).toBeGreaterThanOrEqual(2);
    expect(await shardFiles(b.id)).toHaveLength(6 - pass.shardGroupsDropped);
    const left = (await readRows(fx.app, b)).map((row) => row.split(" ")[0]);
    for (const kept of ["r,h=0", "r,h=1", "r,h=2"]) expect(left).toContain(kept);
    const metrics = await fx.app.metrics.registry.getSingleMetricAsString("storage_retention_shard_groups_dropped_total");
    expect(metrics).toMatch(/storage_retention_shard_groups_dropped_total \d+/);
  });

  it("runs passes on its own every interval", async () => {
    const b = await fx.createBucket("looped");
    await fx.app.db.updateTable("buckets").set({ shard_group_duration_seconds: 3600 }).where("id", "=", b.id).execute();
    await seedHours(b.name, 5);
    expect(await shardFiles(b.id)).toHaveLength(5);
    await setRetention(b.id, 3600);
    const loop = startRetentionLoop(fx.app, 50);
    try {
      const deadline = Date.now() + 10_000;
      while ((await shardFiles(b.id)).length > 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await loop.stop();
    }
    expect((await shardFiles(b.id)).length).toBeLessThanOrEqual(2);
  });

  it("dropBucketData removes every point of a bucket and nothing else", async () => {
    const doomed = await fx.createBucket("doomed");
    const kept = await fx.createBucket("kept");
    await seedHours(doomed.name, 2);
    await seedHours(kept.name, 2);
    await dropBucketData(fx.app, doomed.id);
    expect(await readRows(fx.app, doomed)).toEqual([]);
    expect(await shardFiles(doomed.id)).toEqual([]);
    expect(await readRows(fx.app, kept)).toHaveLength(2);
  });
});

describe("the server's retention loop", () => {
  it("runs every --storage-retention-check-interval from start to shutdown", async () => {
    const server = await startWriteFixture({ storageRetentionCheckInterval: 100 });
    try {
      const b = await server.createBucket("server-loop");
      await server.app.db.updateTable("buckets").set({ shard_group_duration_seconds: 3600 }).where("id", "=", b.id).execute();
      const now = BigInt(Date.now()) * 1_000_000n;
      const lines = [0n, 3n, 4n].map((h) => `s v=1 ${now - h * HOUR_NS - 1n}`).join("\n");
      const res = await server.client.post("/api/v2/write", lines, { query: { org: server.orgName, bucket: b.name }, token: server.allAccessToken, headers: { "Content-Type": "text/plain" } });
      expect(res.status).toBe(204);
      const dir = join(server.app.config.enginePath, b.id);
      const files = async () => (await readdir(dir)).filter((f) => f.endsWith(".duckdb")).length;
      expect(await files()).toBe(3);
      await server.app.db.updateTable("buckets").set({ retention_seconds: 2 * 3600 }).where("id", "=", b.id).execute();
      const deadline = Date.now() + 10_000;
      while ((await files()) > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await files()).toBe(1);
    } finally {
      await server.close();
    }
  });
});
