import { OpenAPIBackend } from "openapi-backend";
import { describe, expect, it } from "vitest";
import { loadSpec, specPath } from "./index.js";

describe("the bundled contract", () => {
  it("is a valid OpenAPI 3.0 document whose refs all resolve", async () => {
    const api = new OpenAPIBackend({ definition: specPath, validate: true, strict: true, quick: false });
    await api.init();
    expect(api.initalized).toBe(true);
    // Compiling a validator for every operation takes seconds on a busy machine; allow for it.
  }, 120_000);

  it("is OpenAPI 3.0.3 with the four security schemes and global security", () => {
    const document = loadSpec();
    expect(document.openapi).toBe("3.0.3");
    expect(Object.keys(document.components?.securitySchemes ?? {}).sort()).toEqual([
      "BasicAuth",
      "QuerystringAuth",
      "SessionCookie",
      "TokenAuth",
    ]);
    expect(document.security).toEqual([{ TokenAuth: [] }, { BasicAuth: [] }, { SessionCookie: [] }]);
  });
});
