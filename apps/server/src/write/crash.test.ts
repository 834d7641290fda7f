// Durability through HTTP: the real executable writes while clients record which batches got
// their 204; kill -9 mid-stream; restart on the same data dir; every acknowledged point must be
// there, and the restarted server must take writes again.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { StorageEngine } from "@fluxgate/storage-engine";
import { describe, expect, it } from "vitest";
import { openMetadataStore } from "../db/index.js";
import { pgliteTemplate } from "../test-support/pglite-template.js";

const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));
const WRITERS = 3;
const LINES_PER_BATCH = 250;
const ACKS_BEFORE_KILL = 24;

interface Running {
  proc: ChildProcess;
  url: string;
  exited: Promise<NodeJS.Signals | number | null>;
}

function startFluxgate(dataDir: string): Promise<Running> {
  const proc = spawn(process.execPath, ["--import", "tsx", MAIN, "run", "--data-dir", dataDir, "--http-bind-address", "127.0.0.1:0", "--log-level", "info"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => proc.on("exit", (code, signal) => resolve(signal ?? code)));
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    proc.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    proc.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const ready = out.split("\n").find((line) => line.includes('"fluxgate ready"'));
      if (ready) resolve({ proc, url: (JSON.parse(ready) as { url: string }).url, exited });
    });
    void exited.then((how) => reject(new Error(`fluxgate exited (${String(how)}) before it was ready:\n${err}${out.slice(-2000)}`)));
  });
}

/** Value of line j of batch b of writer w: unique, and tells which batch it belongs to. */
const valueOf = (w: number, b: number, j: number) => w * 1_000_000 + b * 1_000 + j;

function batchBody(w: number, b: number): string {
  const lines: string[] = [];
  for (let j = 0; j < LINES_PER_BATCH; j++) {
    const v = valueOf(w, b, j);
    lines.push(`crash,writer=w${w} i=${v}i ${BigInt(v) * 1_000_000_000n}`);
  }
  return lines.join("\n");
}

async function post(url: string, token: string, body: string): Promise<number> {
  const res = await fetch(`${url}/api/v2/write?org=crash-org&bucket=crash-bucket`, {
    method: "POST",
    headers: { Authorization: `Token ${token}`, "Content-Type": "text/plain" },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

describe("crash safety through HTTP", () => {
  it("keeps every acknowledged write after kill -9 and restart", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "fluxgate-crash-"));
    try {
      // The metadata store starts from the migrated template rather than a slow initdb.
      const metadata = await openMetadataStore({ url: "", dataDir, template: await pgliteTemplate() });
      await metadata.close();
      let server = await startFluxgate(dataDir);
      const setup = await fetch(`${server.url}/api/v2/setup`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: "admin", password: "crash-test-password", org: "crash-org", bucket: "crash-bucket" }),
      });
      expect(setup.status).toBe(201);
      const onboarded = (await setup.json()) as { auth: { token: string }; bucket: { id: string } };
      const token = onboarded.auth.token;

      // Writers loop until the process dies under them; each records the batches acknowledged.
      const acked: Array<[number, number]> = [];
      let killed = false;
      const writer = async (w: number) => {
        for (let b = 0; ; b++) {
          try {
            const status = await post(server.url, token, batchBody(w, b));
            if (status !== 204) throw new Error(`write answered ${status}`);
            acked.push([w, b]);
          } catch (err) {
            if (killed) return;
            throw err;
          }
          if (acked.length >= ACKS_BEFORE_KILL && !killed) {
            killed = true;
            server.proc.kill("SIGKILL");
          }
        }
      };
      await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
      expect(await server.exited).toBe("SIGKILL");
      expect(acked.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);

      // The restarted server recovers, and takes new writes next to the old ones.
      server = await startFluxgate(dataDir);
      expect(await post(server.url, token, batchBody(WRITERS, 0))).toBe(204);
      acked.push([WRITERS, 0]);
      server.proc.kill("SIGTERM");
      expect(await server.exited).toBe(0);

      const engine = await StorageEngine.open({ path: join(dataDir, "engine") });
      const found = new Set<number>();
      try {
        const bucket = { id: onboarded.bucket.id, retentionNs: 0n };
        for await (const batch of engine.read({ bucket, start: 0n, stop: 2n ** 62n, fields: ["i"] })) {
          if (batch.values.type !== "integer") throw new Error(`unexpected type ${batch.values.type}`);
          for (const v of batch.values.values) found.add(Number(v));
        }
      } finally {
        await engine.close();
      }
      const missing: string[] = [];
      for (const [w, b] of acked) {
        for (let j = 0; j < LINES_PER_BATCH; j++) if (!found.has(valueOf(w, b, j))) missing.push(`writer ${w} batch ${b} line ${j}`);
      }
      expect(missing.slice(0, 10)).toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
