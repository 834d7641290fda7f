export { startTestServer } from "./server.js";
export type { TestServer } from "./server.js";
export { TestClient } from "./client.js";
export type { RequestOptions, TestResponse } from "./client.js";
export { setupInstance } from "./setup-instance.js";
export type { Instance } from "./setup-instance.js";
export { metadataBackends, openTemporaryPostgres, POSTGRES_URL_VAR } from "./metadata-backends.js";
export type { MetadataBackend } from "./metadata-backends.js";
export { checkResponse, testContract } from "./contract.js";
