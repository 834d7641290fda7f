import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboard, type Onboarded } from "./harness/onboard.js";
import { e2eDir } from "./harness/paths.js";
import { runTool } from "./harness/run-tool.js";
import { startFluxgate, type RunningServer } from "./harness/server.js";

// The venv is made by .ci/run (locally: python3 -m venv e2e/.venv && e2e/.venv/bin/pip install influxdb-client pytest).
const python = join(e2eDir, ".venv", "bin", "python");

// The tenancy modules and the QueryApi module: test_write_api.py is run by write.test.ts, which reads
// its points back from the stopped server's files.
const modules = ["python/test_onboarding.py", "python/test_orgs_users.py", "python/test_buckets_auths.py", "python/test_query_api.py"];

let onboarded: RunningServer;
let fresh: RunningServer;
let setup: Onboarded;
beforeAll(async () => {
  // One after the other: two PGlite start-ups at once on two cores only slow both down.
  onboarded = await startFluxgate();
  fresh = await startFluxgate();
  setup = await onboard(onboarded.url);
});
afterAll(async () => {
  await Promise.all([onboarded?.stop(), fresh?.stop()]);
});

describe("Python official client (influxdb-client, pytest)", () => {
  it("passes the tenancy and QueryApi pytest modules in e2e/python", async () => {
    expect(existsSync(python), `${python} is missing: create the venv (see .ci/run)`).toBe(true);
    const run = await runTool(python, ["-m", "pytest", "-q", "--tb=short", "-p", "no:cacheprovider", ...modules], {
      cwd: e2eDir,
      timeoutMs: 120_000,
      env: {
        FLUXGATE_URL: onboarded.url,
        FLUXGATE_FRESH_URL: fresh.url,
        FLUXGATE_TOKEN: setup.token,
        FLUXGATE_ORG: setup.orgName,
        FLUXGATE_ORG_ID: setup.orgID,
        FLUXGATE_USER: setup.userName,
        FLUXGATE_USER_ID: setup.userID,
        FLUXGATE_BUCKET: setup.bucketName,
      },
    });
    expect(run.exitCode, `pytest failed:\n${run.output}`).toBe(0);
    // Exit 0 with nothing collected would prove nothing.
    expect(run.output).toMatch(/\b\d+ passed\b/);
    // pytest's own closing line, for whoever reads the CI log.
    console.log(run.output.trim().split("\n").at(-1));
  }, 180_000);
});
