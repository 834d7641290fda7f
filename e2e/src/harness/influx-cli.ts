// The official `influx` CLI (github.com/influxdata/influx-cli/v2, pinned in e2e/influx-cli), built by
// .ci/run into e2e/.bin/influx. Each run gets the server's URL, token and org through the CLI's own
// environment variables and a configs file of its own, so nothing from the user's ~/.influxdbv2 leaks in.
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { e2eDir } from "./paths.js";
import { runTool, type ToolRun } from "./run-tool.js";

export const influxCli = join(e2eDir, ".bin", "influx");

export interface CliTarget {
  readonly url: string;
  readonly token: string;
  readonly orgName: string;
}

/** Fails (never skips) when the CLI was not built, saying how to build it. */
export function expectInfluxCli(): void {
  expect(
    existsSync(influxCli),
    `${influxCli} is missing: build it with (cd e2e/influx-cli && go build -o ../.bin/influx github.com/influxdata/influx-cli/v2/cmd/influx), as .ci/run does`,
  ).toBe(true);
}

/** A runner of `influx <args>` against one server; `stdin` is not used (the CLI reads flags only). */
export async function cliRunner(target: CliTarget): Promise<(args: readonly string[]) => Promise<ToolRun>> {
  expectInfluxCli();
  const configs = join(await mkdtemp(join(tmpdir(), "fluxgate-influx-cli-")), "configs");
  // An empty token or org is left unset, so the CLI falls back to the config `influx setup` wrote.
  const settings = { INFLUX_HOST: target.url, INFLUX_TOKEN: target.token, INFLUX_ORG: target.orgName, INFLUX_CONFIGS_PATH: configs };
  const env = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== ""));
  return (args) => runTool(influxCli, args, { cwd: e2eDir, timeoutMs: 30_000, env });
}

/** The run's output when it exited 0; otherwise the test fails showing what the CLI printed. */
export function succeeded(run: ToolRun): string {
  expect(run.exitCode, run.output).toBe(0);
  return run.output;
}
