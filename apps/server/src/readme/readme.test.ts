import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { readmePath, renderReadme } from "./generated.js";

describe("README.md", () => {
  it("shows the current configuration and API status tables (run `pnpm readme` to refresh)", async () => {
    const readme = await readFile(readmePath, "utf8");
    expect(renderReadme(readme)).toBe(readme);
  });

  it("keeps the two quick-start commands", async () => {
    const readme = await readFile(readmePath, "utf8");
    expect(readme).toContain("corepack enable && pnpm install && pnpm start");
    expect(readme).toContain("pnpm test");
  });
});
