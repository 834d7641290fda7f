// The frame most integration test files share: one real server per describe block, set up once
// (as `influx setup` would) before its tests and closed after them.
import { afterAll, beforeAll } from "vitest";
import { startTestServer, type TestServer } from "./server.js";
import { setupInstance, type Instance } from "./setup-instance.js";

/** InfluxDB's error body, as tests read it. */
export interface ErrorJson {
  code: string;
  message: string;
}

/** Registers the hooks; `use` receives the server and its setup in beforeAll. */
export function useSetUpServer(use: (t: TestServer, instance: Instance) => void): void {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer();
    use(server, await setupInstance(server.client));
  });
  afterAll(async () => {
    await server?.close();
  });
}
