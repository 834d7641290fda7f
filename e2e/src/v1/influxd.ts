// A private InfluxDB 1.x (Debian's `influxdb` package, binary `influxd`) for the differential suite:
// started from a config file of our own in a temp dir (never the system service), so its meta, data
// and WAL folders and both listeners (HTTP and the inter-node RPC one) are ours, on loopback ports.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "../harness/free-port.js";

export interface RunningInfluxd {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** The `X-Influxdb-Version` header /ping answered, e.g. `1.6.7~rc0`. */
  readonly version: string;
  /** SIGTERM (SIGKILL after a grace period), then removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

export const influxdBinary = "influxd";

/** Whether `influxd` is on PATH. */
export function influxdInstalled(): boolean {
  return spawnSync("which", [influxdBinary]).status === 0;
}

/** Every folder in `dir`, every listener on loopback, every background service that only adds noise
 * (usage reporting, the self-monitoring store, continuous queries, subscribers) off, logs quiet. */
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

/** INFLUXDB_* variables in the caller's environment would override the config file. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("INFLUXDB_")));
}

/** Starts influxd and resolves once /ping answers 204. */
export async function startInfluxd(): Promise<RunningInfluxd> {
  const dir = await mkdtemp(join(tmpdir(), "fluxgate-e2e-influxd-"));
  const httpPort = await findFreePort();
  let rpcPort = await findFreePort();
  while (rpcPort === httpPort) rpcPort = await findFreePort();
  const configPath = join(dir, "influxdb.conf");
  await writeFile(configPath, config(dir, httpPort, rpcPort));
  const url = `http://127.0.0.1:${httpPort}`;
  const child: ChildProcess = spawn(influxdBinary, ["run", "-config", configPath], { cwd: dir, env: cleanEnv(), stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-10_000)));
  let exited = false;
  const exit = new Promise<void>((done) => child.on("exit", () => ((exited = true), done())));
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (!exited) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exit;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    })();
    return stopping;
  };
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (exited) throw new Error(`influxd exited before it was ready:\n${stderr}`);
      if (Date.now() > deadline) throw new Error(`influxd did not answer /ping within 30 s:\n${stderr}`);
      try {
        const ping = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(2_000) });
        await ping.arrayBuffer();
        if (ping.status === 204) return { url, version: ping.headers.get("x-influxdb-version") ?? "1.x", stop };
      } catch {
        // Not listening yet.
      }
      await new Promise((wake) => setTimeout(wake, 50));
    }
  } catch (error) {
    await stop();
    throw error;
  }
}
