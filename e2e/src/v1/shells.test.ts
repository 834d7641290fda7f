// InfluxDB 1.x tools that are not JavaScript, against the v1 compatibility routes: the 1.x Python
// client (`influxdb` on PyPI, in e2e/.venv) through pytest, and Debian's 1.x `influx` shell (package
// `influxdb-client`) running SHOW and SELECT statements. .ci/run installs both; a missing one fails.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useOnboardedServer } from "../harness/onboarded-server.js";
import { e2eDir } from "../harness/paths.js";
import { runTool } from "../harness/run-tool.js";
import { createV1User } from "./v1-user.js";

const fluxgate = useOnboardedServer();
const python = join(e2eDir, ".venv", "bin", "python");
const shell = "/usr/bin/influx";

describe("1.x Python client (influxdb, pytest)", () => {
  it("passes e2e/python/v1", async () => {
    expect(existsSync(python), `${python} is missing: create the venv (see .ci/run)`).toBe(true);
    const { server, setup } = fluxgate.current;
    const user = { username: "v1-python", password: "v1-python-password" };
    await createV1User(server.url, setup, user);
    const url = new URL(server.url);
    const run = await runTool(python, ["-m", "pytest", "-q", "--tb=short", "-p", "no:cacheprovider", "python/v1/test_v1_client.py"], {
      cwd: e2eDir,
      timeoutMs: 120_000,
      env: {
        FLUXGATE_V1_HOST: url.hostname,
        FLUXGATE_V1_PORT: url.port,
        FLUXGATE_V1_USER: user.username,
        FLUXGATE_V1_PASSWORD: user.password,
        FLUXGATE_V1_DB: setup.bucketName,
      },
    });
    expect(run.exitCode, run.output).toBe(0);
    expect(run.output).toMatch(/5 passed/);
  });
});

describe("Debian's 1.x influx shell", () => {
  const influx = async (statement: string, user: { username: string; password: string }, format = "json") => {
    const { server, setup } = fluxgate.current;
    const url = new URL(server.url);
    return runTool(
      shell,
      ["-host", url.hostname, "-port", url.port, "-username", user.username, "-password", user.password, "-database", setup.bucketName, "-format", format, "-execute", statement],
      { cwd: e2eDir, timeoutMs: 30_000, env: {} },
    );
  };

  it("SHOWs and SELECTs what was written through the 1.x /write", async () => {
    expect(existsSync(shell), `${shell} is missing: apt-get install influxdb-client (see .ci/run)`).toBe(true);
    const { server, setup } = fluxgate.current;
    const user = { username: "v1-shell", password: "v1-shell-password" };
    await createV1User(server.url, setup, user);
    const lines = ["shellm,host=a load=1.5 1700000000000000000", "shellm,host=b load=2.5 1700000060000000000", "shellm,host=a load=3.5 1700000120000000000"].join("\n");
    const write = await fetch(`${server.url}/write?db=${setup.bucketName}&u=${user.username}&p=${user.password}`, { method: "POST", body: lines });
    expect(write.status).toBe(204);

    const measurements = await influx("SHOW MEASUREMENTS WITH MEASUREMENT =~ /^shell/", user);
    expect(measurements.exitCode, measurements.output).toBe(0);
    expect(JSON.parse(measurements.output)).toEqual({ results: [{ series: [{ name: "measurements", columns: ["name"], values: [["shellm"]] }] }] });

    const select = await influx("SELECT max(load) FROM shellm GROUP BY host", user, "csv");
    expect(select.exitCode, select.output).toBe(0);
    // The shell prints a header before each series.
    expect(select.output.trim().split("\n")).toEqual(["name,tags,time,max", "shellm,host=a,1700000120000000000,3.5", "name,tags,time,max", "shellm,host=b,1700000060000000000,2.5"]);
  });

  it("shows the parse error with its position, and refuses a wrong password", async () => {
    const bad = await influx("SELECT FROM shellm", { username: "v1-shell", password: "v1-shell-password" });
    expect(bad.output).toMatch(/error parsing query: found FROM, expected .* at line 1, char 8/);
    const wrong = await influx("SHOW MEASUREMENTS", { username: "v1-shell", password: "nope" });
    expect(wrong.exitCode).not.toBe(0);
    expect(wrong.output).toMatch(/401/);
  });
});
