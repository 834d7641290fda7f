// Writes through the official JS and Python clients, read back from the storage engine's files once
// the server has stopped, so what is checked does not depend on the query path (the Python module
// also queries them back through Flux). The server keeps its engine outside the data dir the harness
// deletes, so the points outlive it.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Point, type WriteApi } from "@influxdata/influxdb-client";
import { DeleteAPI } from "@influxdata/influxdb-client-apis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { influxClient } from "./harness/client.js";
import { errorCode, expectHttpError } from "./harness/expect-http-error.js";
import { onboard, type Onboarded } from "./harness/onboard.js";
import { e2eDir, repoRoot } from "./harness/paths.js";
import { runTool } from "./harness/run-tool.js";
import { startFluxgate, type RunningServer } from "./harness/server.js";

const python = join(e2eDir, ".venv", "bin", "python");
const BASE_S = 1_600_000_000;
const NS = 1_000_000_000n;

let server: RunningServer;
let setup: Onboarded;
let enginePath: string;

beforeAll(async () => {
  enginePath = await mkdtemp(join(tmpdir(), "fluxgate-e2e-engine-"));
  server = await startFluxgate({ args: ["--engine-path", enginePath] });
  setup = await onboard(server.url);
});
afterAll(async () => {
  await server?.stop();
  await rm(enginePath, { recursive: true, force: true });
});

function writeApi(options: Record<string, number> = {}, precision: "s" | "ms" | "us" | "ns" = "ns"): WriteApi {
  return influxClient(server.url, setup.token).getWriteApi(setup.orgName, setup.bucketName, precision, { maxRetries: 0, ...options });
}

/** The subset of the storage engine's API this file reads with. */
interface EngineBatch {
  measurement: string;
  tags: ReadonlyArray<readonly [string, string]>;
  field: string;
  times: BigInt64Array;
  values: { values: ArrayLike<unknown> };
}
interface Engine {
  read(request: { bucket: { id: string; retentionNs: bigint }; start: bigint; stop: bigint }): AsyncIterable<EngineBatch>;
  close(): Promise<void>;
}

/** Opens the built storage engine the server itself depends on, on the stopped server's files. */
async function openEngine(path: string): Promise<Engine> {
  const fromServer = createRequire(join(repoRoot, "apps/server/package.json"));
  const module = (await import(pathToFileURL(fromServer.resolve("@fluxgate/storage-engine")).href)) as {
    StorageEngine: { open(options: { path: string }): Promise<Engine> };
  };
  return module.StorageEngine.open({ path });
}

describe("JS client: WriteApi", () => {
  it("batches points and flushes them all on close", async () => {
    const api = writeApi({ batchSize: 100, flushInterval: 0 });
    for (let i = 0; i < 1000; i++) {
      api.writePoint(new Point("js_batch").tag("host", `h${i % 10}`).floatField("v", i).intField("n", i).timestamp(String(BigInt(BASE_S + i) * NS)));
    }
    await api.close();
  });

  it("writes line protocol records with a precision, and gzip above the threshold", async () => {
    const api = writeApi({ gzipThreshold: 1 }, "s");
    api.writeRecords(Array.from({ length: 50 }, (_, i) => `js_gzip,host=g v=${i}i,ok=true ${BASE_S + i}`));
    await api.close();
    const plain = writeApi({}, "ms");
    plain.writeRecord(`js_lp,host=l s="say \\"hi\\"" ${BASE_S * 1000}`);
    await plain.flush();
    await plain.close();
  });

  it("surfaces a bad line as a 400 naming it", async () => {
    const api = writeApi();
    api.writeRecords(["js_bad v=1", "js_bad v="]);
    const error = await expectHttpError(api.flush());
    expect(error.statusCode).toBe(400);
    expect(errorCode(error)).toBe("invalid");
    expect(error.body).toContain("unable to parse 'js_bad v=': missing field value (line 2)");
    await api.close().catch(() => undefined);
  });

  it("surfaces an unknown bucket as a 404", async () => {
    const api = influxClient(server.url, setup.token).getWriteApi(setup.orgName, "no-such-bucket", "ns", { maxRetries: 0 });
    api.writeRecord("js_x v=1");
    const error = await expectHttpError(api.flush());
    expect(error.statusCode).toBe(404);
    expect(error.json).toEqual({ code: "not found", message: 'bucket "no-such-bucket" not found' });
    await api.close().catch(() => undefined);
  });
});

describe("JS client: DeleteAPI", () => {
  it("deletes one series of a measurement in a range, and refuses OR with a 400", async () => {
    const api = writeApi({}, "s");
    api.writeRecords(["js_del,host=a v=1 1600000000", "js_del,host=b v=2 1600000000", "js_del,host=a v=3 1600000100"]);
    await api.close();
    const deletes = new DeleteAPI(influxClient(server.url, setup.token));
    await deletes.postDelete({
      org: setup.orgName,
      bucket: setup.bucketName,
      body: { start: "2020-09-13T12:26:40Z", stop: "2020-09-13T12:26:40Z", predicate: '_measurement="js_del" AND host="a"' },
    });
    const refused = await expectHttpError(
      deletes.postDelete({ orgID: setup.orgID, bucketID: setup.bucketID, body: { start: "2020-09-13T00:00:00Z", stop: "2020-09-14T00:00:00Z", predicate: 'host="a" OR host="b"' } }),
    );
    expect(refused.statusCode).toBe(400);
    expect(errorCode(refused)).toBe("invalid");
  });
});

describe("Python client: write_api", () => {
  it("passes e2e/python/test_write_api.py", async () => {
    expect(existsSync(python), `${python} is missing: create the venv (see .ci/run)`).toBe(true);
    const run = await runTool(python, ["-m", "pytest", "-q", "--tb=short", "-p", "no:cacheprovider", "python/test_write_api.py"], {
      cwd: e2eDir,
      timeoutMs: 120_000,
      env: {
        FLUXGATE_URL: server.url,
        FLUXGATE_FRESH_URL: server.url,
        FLUXGATE_TOKEN: setup.token,
        FLUXGATE_ORG: setup.orgName,
        FLUXGATE_ORG_ID: setup.orgID,
        FLUXGATE_USER: setup.userName,
        FLUXGATE_USER_ID: setup.userID,
        FLUXGATE_BUCKET: setup.bucketName,
      },
    });
    expect(run.exitCode, `pytest failed:\n${run.output}`).toBe(0);
    expect(run.output).toMatch(/\b7 passed\b/);
  }, 180_000);
});

describe("read back", () => {
  it("finds every point both clients wrote once the server has stopped", async () => {
    await server.stop();
    const engine = await openEngine(enginePath);
    const rows = new Map<string, string[]>();
    try {
      for await (const b of engine.read({ bucket: { id: setup.bucketID, retentionNs: 0n }, start: 0n, stop: 2n ** 62n })) {
        const list = rows.get(b.measurement) ?? [];
        const series = `${b.tags.map(([k, v]) => `${k}=${v}`).join(",")} ${b.field}`;
        b.times.forEach((t, i) => list.push(`${series} ${t}=${String(b.values.values[i])}`));
        rows.set(b.measurement, list);
      }
    } finally {
      await engine.close();
    }
    const js = rows.get("js_batch") ?? [];
    expect(js).toHaveLength(2000);
    expect(js).toContain(`host=h7 v ${BigInt(BASE_S + 997) * NS}=997`);
    expect(js).toContain(`host=h7 n ${BigInt(BASE_S + 997) * NS}=997`);
    expect(rows.get("js_gzip")).toHaveLength(100);
    expect(rows.get("js_gzip")).toContain(`host=g v ${BigInt(BASE_S + 49) * NS}=49`);
    expect(rows.get("js_lp")).toEqual([`host=l s ${BigInt(BASE_S) * NS}=say "hi"`]);
    expect(rows.has("js_bad")).toBe(false);
    expect(rows.has("js_x")).toBe(false);
    // The delete removed host=a at 1600000000 only.
    expect(rows.get("js_del")?.sort()).toEqual([`host=a v ${1_600_000_100n * NS}=3`, `host=b v ${1_600_000_000n * NS}=2`]);

    expect(rows.get("py_sync")).toHaveLength(100);
    expect(rows.get("py_sync")).toContain(`host=a v ${BigInt(BASE_S + 42) * NS}=42`);
    expect(rows.get("py_lp")).toHaveLength(20);
    expect(rows.get("py_lp")).toContain(`host=b s ${BigInt(BASE_S + 3) * NS}=x3`);
    expect(rows.get("py_batch")).toHaveLength(500);
    expect(rows.get("py_batch")).toContain(`host=c v ${BigInt(BASE_S + 1000 + 499) * NS}=499`);
    expect(rows.has("py_bad")).toBe(false);
    expect(rows.get("py_del")).toEqual([`host=keep v ${BigInt(BASE_S) * NS}=1`]);
  });
});
