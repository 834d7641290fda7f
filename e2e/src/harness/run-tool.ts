import { spawn } from "node:child_process";

export interface ToolRun {
  readonly exitCode: number | null;
  /** stdout and stderr interleaved. */
  readonly output: string;
}

/** Runs an external test runner (pytest, go test) to completion and returns its exit code and output,
 * so the calling vitest test can assert exit 0 and show the runner's own report when it is not. */
export async function runTool(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: Readonly<Record<string, string>>; timeoutMs: number },
): Promise<ToolRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const append = (chunk: Buffer): void => {
      output += chunk.toString("utf8");
    };
    child.stdout.on("data", append);
    child.stderr.on("data", append);
    const timer = setTimeout(() => {
      output += `\n[killed after ${options.timeoutMs} ms]`;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      resolveRun({ exitCode, output });
    });
  });
}
