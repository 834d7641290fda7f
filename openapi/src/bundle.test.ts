import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bundleSpec, bundleText, operationIdsModule } from "./bundle-spec.js";
import { loadSpec } from "./index.js";
import { operationIdsPath, specPath, specSourceDir } from "./paths.js";

/** Every `$ref` value anywhere in a parsed document. */
function collectRefs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, found);
  } else if (typeof value === "object" && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string") found.push(child);
      else collectRefs(child, found);
    }
  }
  return found;
}

describe("fluxgate.yaml", () => {
  it("is up to date with the sources (run `pnpm --filter @fluxgate/openapi bundle`)", () => {
    expect(readFileSync(specPath, "utf8") === bundleText(specSourceDir)).toBe(true);
  });

  it("has its operationId list in operation-ids.ts up to date", () => {
    expect(readFileSync(operationIdsPath, "utf8") === operationIdsModule(bundleSpec(specSourceDir))).toBe(true);
  });

  it("refers only to its own components, and every component it refers to exists", () => {
    const document = loadSpec();
    const refs = collectRefs(document);
    expect(refs.length).toBeGreaterThan(100);
    const dangling = refs.filter((ref) => {
      const match = /^#\/components\/(\w+)\/([\w.-]+)$/.exec(ref);
      return match === null || document.components?.[match[1] ?? ""]?.[match[2] ?? ""] === undefined;
    });
    expect([...new Set(dangling)]).toEqual([]);
  });
});
