import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboard, type Onboarded } from "./harness/onboard.js";
import { e2eDir } from "./harness/paths.js";
import { runTool } from "./harness/run-tool.js";
import { startFluxgate, type RunningServer } from "./harness/server.js";

let server: RunningServer;
let setup: Onboarded;
beforeAll(async () => {
  server = await startFluxgate();
  setup = await onboard(server.url);
});
afterAll(async () => {
  await server?.stop();
});

describe("Go official client (influxdb-client-go/v2, go test)", () => {
  it("passes the go test suite in e2e/go", async () => {
    // Compiling the test binary takes most of the time on a cold cache (CI): allow for it.
    const run = await runTool("go", ["test", "-count=1", "-v", "./..."], {
      cwd: join(e2eDir, "go"),
      timeoutMs: 240_000,
      env: {
        FLUXGATE_URL: server.url,
        FLUXGATE_TOKEN: setup.token,
        FLUXGATE_ORG: setup.orgName,
        FLUXGATE_ORG_ID: setup.orgID,
        FLUXGATE_USER_ID: setup.userID,
        // Never reach for a toolchain or module the proxy has not already served.
        GOTOOLCHAIN: "local",
        GOFLAGS: "-mod=readonly",
      },
    });
    expect(run.exitCode, `go test failed:\n${run.output}`).toBe(0);
    expect(run.output).toMatch(/^--- PASS: /m);
  }, 300_000);
});
