// The official `influx` CLI (github.com/influxdata/influx-cli/v2, pinned in e2e/influx-cli), built by
// .ci/run into e2e/.bin/influx. Each runner has a configs file of its own, so nothing from the user's
// ~/.influxdbv2 leaks in.
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

/**
 * A runner of `influx <args>` with a configs file of its own. With a token, its active config points
 * at the server (made by `influx config create`, as a user does: some commands of v2.3.0 read the
 * host only from a config); without one it starts empty, for `influx setup` to fill.
 */
export async function cliRunner(target: CliTarget): Promise<(args: readonly string[]) => Promise<ToolRun>> {
  expectInfluxCli();
  const env = { INFLUX_CONFIGS_PATH: join(await mkdtemp(join(tmpdir(), "fluxgate-influx-cli-")), "configs") };
  const run = (args: readonly string[]): Promise<ToolRun> => runTool(influxCli, args, { cwd: e2eDir, timeoutMs: 30_000, env });
  if (target.token !== "") {
    // `--token=…` in one argument: a token is URL-safe base64 (InfluxDB's alphabet too), so it can
    // begin with "-", which the CLI's flag parser would take for a flag if it stood alone.
    succeeded(await run(["config", "create", "--config-name", "fluxgate", "--host-url", target.url, "--org", target.orgName, `--token=${target.token}`, "--active"]));
  }
  return run;
}

/** The run's output when it exited 0; otherwise the test fails showing what the CLI printed. */
export function succeeded(run: ToolRun): string {
  expect(run.exitCode, run.output).toBe(0);
  return run.output;
}
