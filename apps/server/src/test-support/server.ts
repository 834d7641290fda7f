// A real Fluxgate server for tests: ephemeral port, temporary data dir, embedded PGlite (from a
// migrated template, so it starts in about a second), logs captured instead of printed.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultConfig, type Config } from "../config/index.js";
import { startServer, type RunningServer } from "../server.js";
import { TestClient } from "./client.js";
import { createTemporaryDatabase, POSTGRES_URL_VAR } from "./metadata-backends.js";
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

/**
 * Set FLUXGATE_TEST_METADATA=postgres (with FLUXGATE_TEST_POSTGRES_URL) to run every integration
 * test against a fresh database on a real PostgreSQL server instead of embedded PGlite.
 */
export async function startTestServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "fluxgate-test-"));
  const logs: string[] = [];
  let database: { url: string; drop(): Promise<void> } | undefined;
  if (process.env["FLUXGATE_TEST_METADATA"] === "postgres" && !overrides.metadataUrl) {
    const base = process.env[POSTGRES_URL_VAR];
    if (!base) throw new Error(`FLUXGATE_TEST_METADATA=postgres needs ${POSTGRES_URL_VAR}`);
    database = await createTemporaryDatabase(base);
  }
  const config = defaultConfig({ httpBindAddress: "127.0.0.1:0", dataDir, logLevel: "info", ...(database ? { metadataUrl: database.url } : {}), ...overrides });
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
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
