// InfluxDB 1.x (Debian's `influxdb` package, binary `influxd`) as a competitor in the same run:
// started by us as a child process on a config of our own in a temp dir (never its system service),
// so its data, WAL and meta folders, ports and logs are ours and removed afterwards. Never installed
// by the bench: when `influxd` is not on PATH, the caller says so and skips the comparison.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./process-stats.js";

/** A server the write workload can drive: where to POST line protocol, and what to measure. */
export interface WriteTarget {
  /** Short name for the figures, with its version when known, e.g. "influxd 1.6.7". */
  readonly name: string;
  /** Full write URL (database/bucket and `precision=ns` included). */
  readonly writeUrl: URL;
  /** Headers every write carries besides the body's (authorization, when the server needs one). */
  readonly headers: Readonly<Record<string, string>>;
  /** Status a successful write answers. */
  readonly okStatus: number;
  /** Process whose RSS and CPU time are the server's. */
  readonly pid: number;
  /** Folders whose total size is the data written (measured after stop). */
  readonly dataPaths: readonly string[];
  /** SIGTERM, then SIGKILL if it lingers; waits for the exit. Safe to call twice. */
  stop(): Promise<void>;
  /** Removes every file the server was given (after stop). */
  remove(): Promise<void>;
}

export function influxdInstalled(): boolean {
  return spawnSync("which", ["influxd"]).status === 0;
}

/** The caller's environment without INFLUXDB_* variables, which would override our config file. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("INFLUXDB_")));
}

/**
 * A config for a private instance: own folders, HTTP on `httpPort`, the inter-node RPC listener on
 * another free loopback port, every other listener and service that would add work or noise off
 * (reporting, self-monitoring store, continuous queries, subscribers), logs at error level only.
 * Storage settings stay at their defaults (fsync on every WAL write), the durability Fluxgate's acks give.
 */
function config(dir: string, httpPort: number, rpcPort: number): string {
  return `reporting-enabled = false
bind-address = "127.0.0.1:${rpcPort}"

[meta]
  dir = "${join(dir, "meta")}"
  logging-enabled = false

[data]
  dir = "${join(dir, "data")}"
  wal-dir = "${join(dir, "wal")}"
  query-log-enabled = false

[monitor]
  store-enabled = false

[subscriber]
  enabled = false

[continuous_queries]
  enabled = false
  log-enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:${httpPort}"
  auth-enabled = false
  log-enabled = false
  suppress-write-log = true
  pprof-enabled = false

[logging]
  level = "error"
  suppress-logo = true
`;
}

/** Starts a private influxd, waits for /ping, and creates the database `database`. */
export async function startInfluxd(database: string): Promise<WriteTarget> {
  const dir = await mkdtemp(join(tmpdir(), "fluxgate-bench-influxd-"));
  const httpPort = await freePort();
  let rpcPort = await freePort();
  while (rpcPort === httpPort) rpcPort = await freePort();
  const configPath = join(dir, "influxdb.conf");
  writeFileSync(configPath, config(dir, httpPort, rpcPort));
  const base = `http://127.0.0.1:${httpPort}`;
  const child: ChildProcess = spawn("influxd", ["run", "-config", configPath], { cwd: dir, env: cleanEnv(), stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-10_000)));
  let exited = false;
  const exit = new Promise<void>((done) => child.on("exit", () => ((exited = true), done())));
  const stop = async (): Promise<void> => {
    if (exited) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    await exit;
    clearTimeout(timer);
  };
  const remove = () => rm(dir, { recursive: true, force: true });

  try {
    let version: string | undefined;
    const deadline = performance.now() + 60_000;
    while (version === undefined) {
      if (exited) throw new Error(`influxd exited before it was ready:\n${stderr}`);
      if (performance.now() > deadline) throw new Error(`influxd was not ready within 60 s:\n${stderr}`);
      try {
        const res = await fetch(`${base}/ping`);
        await res.arrayBuffer();
        if (res.status === 204) version = res.headers.get("x-influxdb-version") ?? "1.x";
      } catch {
        // Not listening yet.
      }
      if (version === undefined) await new Promise((wake) => setTimeout(wake, 20));
    }
    const created = await fetch(`${base}/query?q=${encodeURIComponent(`CREATE DATABASE ${database}`)}`, { method: "POST" });
    const answer = await created.text();
    // InfluxQL answers 200 with a per-statement error in the body, so both must be checked.
    if (created.status !== 200 || answer.includes('"error"')) throw new Error(`CREATE DATABASE failed: HTTP ${created.status} ${answer}`);
    return {
      name: `influxd ${version.replace(/~.*$/, "")}`,
      writeUrl: new URL(`${base}/write?db=${database}&precision=ns`),
      headers: {},
      okStatus: 204,
      pid: child.pid!,
      dataPaths: [join(dir, "data"), join(dir, "wal")],
      stop,
      remove,
    };
  } catch (error) {
    await stop();
    await remove();
    throw error;
  }
}
