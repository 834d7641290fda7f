import { defineConfig } from "vitest/config";
import { sourceConditions } from "../vitest.shared.js";

export default defineConfig({
  ...sourceConditions,
  test: { include: ["s../*.test.ts"], testTimeout: 30_000 },
});
