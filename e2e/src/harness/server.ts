import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "./free-port.js";
import { repoRoot, serverMain } from "./paths.js";

export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly dataDir: string;
  /** What the server printed so far (stdout and stderr interleaved), for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after a grace period; removes the data dir. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra command-line arguments after `run …`. */
  readonly args?: readonly string[];
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for `/ready` to answer 200. */
  readonly readyTimeoutMs?: number;
}

const outputLimit = 200_000;

export function assertServerBuilt(): void {
  if (!existsSync(serverMain)) {
    throw new Error(
      `${serverMain} does not exist: build the server first (the root \`pnpm e2e\` does it).`,
    );
  }
}

/** Starts the built `fluxgate run` on a free loopback port with a fresh temporary data dir and
 * resolves once `GET /ready` answers 200. */
export async function startFluxgate(options: StartOptions = {}): Promise<RunningServer> {
  assertServerBuilt();
  let lastError: unknown;
  // A port found free can be taken before the child binds it: try a few ports before giving up.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const dataDir = await mkdtemp(join(tmpdir(), "fluxgate-e2e-"));
    const port = await findFreePort();
    const server = launch(port, dataDir, options);
    try {
      // Generous: embedded PGlite takes seconds to start on a loaded 2-core machine.
      await waitForReady(server, options.readyTimeoutMs ?? 90_000);
      return server;
    } catch (error) {
      lastError = error;
      await server.stop();
      if (!/EADDRINUSE/.test(server.output())) break;
    }
  }
  throw lastError;
}

interface LaunchedServer extends RunningServer {
  readonly child: ChildProcess;
  exited(): boolean;
}

function launch(port: number, dataDir: string, options: StartOptions): LaunchedServer {
  const url = `http://127.0.0.1:${port}`;
  const args = [serverMain, "run", "--http-bind-address", `127.0.0.1:${port}`, "--data-dir", dataDir, ...(options.args ?? [])];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let exitCode: number | null | undefined;
  const append = (chunk: Buffer): void => {
    output = (output + chunk.toString("utf8")).slice(-outputLimit);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exit = new Promise<void>((resolveExit) => {
    child.on("exit", (code, signal) => {
      exitCode = code;
      if (signal !== null) output += `\n[fluxgate killed by ${signal}]`;
      resolveExit();
    });
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (exitCode === undefined) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exit;
        clearTimeout(timer);
      }
      await rm(dataDir, { recursive: true, force: true });
    })();
    return stopping;
  };
  return { url, dataDir, child, output: () => output, exited: () => exitCode !== undefined, stop };
}

async function waitForReady(server: LaunchedServer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = "no answer yet";
  while (Date.now() < deadline) {
    if (server.exited()) {
      throw new Error(`fluxgate exited before it was ready. Its output:\n${server.output()}`);
    }
    try {
      const response = await fetch(`${server.url}/ready`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      lastProblem = `/ready answered ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((wake) => setTimeout(wake, 50));
  }
  throw new Error(`fluxgate was not ready after ${timeoutMs} ms (${lastProblem}). Its output:\n${server.output()}`);
}
