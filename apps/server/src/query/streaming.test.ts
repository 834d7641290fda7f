// Streaming under limits: a result larger than the socket's buffers stays open while its client
// does not read; --query-concurrency 1 and --query-queue-size 0 then refuse a second query with
// 429; a client that goes away frees its slot and its storage read (a bucket drop, which waits for
// running reads, completes).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupInstance, startTestServer, type Instance, type TestServer, writeLines } from "../test-support/index.js";

const SERIES = 20_000;

describe("POST /api/v2/query streaming", () => {
  let t: TestServer;
  let instance: Instance;
  beforeAll(async () => {
    t = await startTestServer({ queryConcurrency: 1, queryQueueSize: 0 });
    instance = await setupInstance(t.client);
    const lines = Array.from({ length: SERIES }, (_, i) => `m,host=h${i} v=${i} 1000000000`).join("\n");
    await writeLines(t.client, instance, lines);
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (query: string, signal?: AbortSignal) =>
    fetch(`${t.url}/api/v2/query?org=${encodeURIComponent(instance.org.name)}`, {
      method: "POST",
      headers: { Authorization: `Token ${instance.operatorToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ query }),
      ...(signal ? { signal } : {}),
    });

  it("refuses a query beyond the limits while one streams, and frees the slot and the read when its client leaves", async () => {
    const abort = new AbortController();
    const big = await post(`from(bucket: "${instance.bucket.name}") |> range(start: 0)`, abort.signal);
    expect(big.status).toBe(200);
    const reader = big.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toMatch(/^,result,table,_start,_stop,_time,_value,_field,_measurement,host\r\n/);

    const refused = await post("1 |> yield()");
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ code: "too many requests", message: "queue length exceeded" });

    abort.abort();
    await reader.cancel().catch(() => undefined);
    // The slot comes back once the server notices the closed socket.
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      const res = await post(`import "array"\narray.from(rows: [{x: 1}])`);
      status = res.status;
      await res.text();
      if (status !== 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(200);

    // Deleting the bucket drops its data, which waits for reads of it: an abandoned read would block.
    const deleted = await t.client.delete(`/api/v2/buckets/${instance.bucket.id}`, { token: instance.operatorToken });
    expect(deleted.status).toBe(204);
  }, 10_000);
});
