// Starts the BUILT server the way a user does (`node apps/server/dist/main.js run`), on a free
// loopback port with a fresh temporary data dir, so figures include nothing a test harness adds.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const serverMain = join(repoRoot, "apps/server/dist/main.js");

export interface BenchServer {
  readonly url: string;
  /** The server's data folder (removed by `stop`). */
  readonly dataDir: string;
  /** Milliseconds from spawn to the first 200 from /ready. */
  readonly startToReadyMs: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolvePort(port) : reject(new Error("no port"))));
    });
  });
}

/** The caller's environment without any fluxgate setting, so "embedded defaults" means just that. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("FLUXGATE_") && name !== "DATABASE_URL"),
  );
}

/** Extra server flags from BENCH_SERVER_FLAGS (space-separated, e.g. `--storage-read-cache-bytes 0`), to compare settings. */
function serverFlags(): string[] {
  return (process.env["BENCH_SERVER_FLAGS"] ?? "").split(" ").filter((flag) => flag !== "");
}

/** `nodeArgs` go before the script (e.g. `--cpu-prof` to profile the server). */
export async function startServer(nodeArgs: readonly string[] = []): Promise<BenchServer> {
  if (!existsSync(serverMain)) throw new Error(`${serverMain} is missing: build the server first (pnpm bench does).`);
  const dataDir = await mkdtemp(join(tmpdir(), "fluxgate-bench-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const began = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, serverMain, "run", "--http-bind-address", `127.0.0.1:${port}`, "--data-dir", dataDir, "--log-level", "error", ...serverFlags()],
    { cwd: repoRoot, env: cleanEnv(), stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-20_000);
  });
  let exited = false;
  const exit = new Promise<void>((done) => child.on("exit", () => ((exited = true), done())));
  const stop = async (): Promise<void> => {
    if (!exited) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exit;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = began + 60_000;
  while (performance.now() < deadline) {
    if (exited) {
      await stop();
      throw new Error(`the server exited before it was ready:\n${stderr}`);
    }
    try {
      const response = await fetch(`${url}/ready`);
      await response.arrayBuffer();
      if (response.status === 200) return { url, dataDir, startToReadyMs: performance.now() - began, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((wake) => setTimeout(wake, 5));
  }
  await stop();
  throw new Error(`the server was not ready within 60 s:\n${stderr}`);
}
