// The executable as users run it: a child process, its exit codes, its output, SIGTERM.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli.js";
import { openMetadataStore } from "./db/index.js";
import { pgliteTemplate } from "./test-support/pglite-template.js";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
const NODE_ARGS = ["--conditions=fluxgate-source", "--import", "tsx", MAIN];
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("FLUXGATE_") && k !== "DATABASE_URL"));

/** The CLI in-process (help, print-config and refusals never start a server). */
async function run(args: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const status = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { ...cleanEnv, ...env },
    stopSignal: () => new Promise<string>(() => undefined),
  });
  return { status, stdout, stderr };
}

describe("fluxgate command line", () => {
  it("prints help generated from the settings table", async () => {
    const r = await run(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Usage: fluxgate");
    expect(r.stdout).toContain("--http-bind-address");
    expect(r.stdout).toContain("FLUXGATE_SESSION_LENGTH");
  });

  it("prints the effective configuration", async () => {
    const r = await run(["print-config", "--log-level", "debug"], { FLUXGATE_SESSION_LENGTH: "15", DATABASE_URL: "postgres://u:hunter2@db/x" });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('log-level: "debug"');
    expect(r.stdout).toContain('session-length: "15"');
    expect(r.stdout).toContain("postgres://u:***@db/x");
    expect(r.stdout).not.toContain("hunter2");
  });

  it("refuses a bad value before starting, naming the setting, with a non-zero exit", async () => {
    const r = await run(["--http-read-timeout", "soon"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/invalid http-read-timeout/);
    const env = await run([], { FLUXGATE_LOG_LEVEL: "chatty" });
    expect(env.status).toBe(2);
    expect(env.stderr).toMatch(/log-level.*FLUXGATE_LOG_LEVEL/);
  });

  it("starts, serves, and shuts down gracefully on SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "fluxgate-main-"));
    // Seed the metadata dir from the test template so the child skips initdb (seconds under load).
    await (await openMetadataStore({ url: "", dataDir, template: await pgliteTemplate() })).close();
    try {
      const child = spawn(process.execPath, [...NODE_ARGS, "run", "--data-dir", dataDir, "--http-bind-address", "127.0.0.1:0"], { env: cleanEnv });
      let out = "";
      child.stderr.on("data", (d: Buffer) => (out += d.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /"url":"([^"]+)".*"msg":"fluxgate ready"/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      expect((await fetch(`${url}/ping`)).status).toBe(204);
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(out).toContain('"msg":"shutting down"');
      expect(out).toContain('"msg":"stopped"');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
