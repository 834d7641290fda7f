import { defineConfig } from "vitest/config";
import { sourceConditions } from "../vitest.shared.js";

// e2e runs the BUILT server as a child process; the source conditions only matter for the compose
// test, which imports the settings table from @fluxgate/server.
export default defineConfig({
  ...sourceConditions,
  test: {
    include: ["src/**/*.test.ts"],
    globalSetup: ["src/harness/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 200_000,
    // Two cores: each file starts its own server(s); more than two files at once only adds contention.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    pool: "forks",
  },
});
