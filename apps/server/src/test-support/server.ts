// A real Fluxgate server for tests: ephemeral port, temporary data dir, embedded PGlite (from a
// migrated template, so it starts in about a second), logs captured instead of printed.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultConfig, type Config } from "../config/index.js";
import { startServer, type RunningServer } from "../server.js";
import { TestClient } from "./client.js";
import { pgliteTemplate } from "./pglite-template.js";

export interface TestServer {
  url: string;
  server: RunningServer;
  dataDir: string;
  /** Every log line the server wrote, as raw JSON text. */
  logs: string[];
  /** A client that checks every response against the contract. */
  client: TestClient;
  close(): Promise<void>;
}

export async function startTestServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "fluxgate-test-"));
  const logs: string[] = [];
  const config = defaultConfig({ httpBindAddress: "127.0.0.1:0", dataDir, logLevel: "info", ...overrides });
  const server = await startServer(config, {
    inMemoryMetadata: config.metadataUrl === "",
    metadataTemplate: await pgliteTemplate(),
    logDestination: { write: (line: string) => void logs.push(line) },
  });
  return {
    url: server.url,
    server,
    dataDir,
    logs,
    client: new TestClient(server.url),
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
