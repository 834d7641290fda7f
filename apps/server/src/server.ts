// Starting and stopping a server: config → metadata store → contract → HTTP listener.
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { DestinationStream } from "pino";
import { loadSessionKey } from "./auth/sessions.js";
import { parseBindAddress, type Config } from "./config/index.js";
import { openMetadataStore } from "./db/connect.js";
import { createApp } from "./http/app.js";
import { createLogger } from "./http/logging.js";
import { createMetrics } from "./http/metrics.js";
import { loadContract } from "./http/openapi.js";
import type { AppContext } from "./http/types.js";
import { openStorage } from "./storage/engine.js";
import { startScraperLoop } from "./scrapers/loop.js";
import { startRetentionLoop } from "./storage/retention.js";
import { INFLUXDB_COMPATIBLE_VERSION, FLUXGATE_VERSION } from "./system/version.js";
import { TaskScheduler } from "./tasks/scheduler.js";

/** How long shutdown waits for in-flight requests before closing their connections. */
export const SHUTDOWN_GRACE_MS = 10_000;

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:8086 */
  url: string;
  port: number;
  app: AppContext;
  /** Milliseconds per start phase, for the start-to-ready report. */
  timings: Record<string, number>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Where logs go (default stdout). Tests pass a stream to inspect or silence them. */
  logDestination?: DestinationStream;
  /** In-memory PGlite instead of <data-dir>/metadata (tests). */
  inMemoryMetadata?: boolean;
  /** Embedded metadata starts from this PGlite dump (tests: skips initdb). */
  metadataTemplate?: Blob;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  const mark = (name: string, since: number) => (timings[name] = Math.round((performance.now() - since) * 10) / 10);
  const log = createLogger(config.logLevel, options.logDestination);
  await mkdir(config.dataDir, { recursive: true });

  const contractPromise = loadContract();
  let t = performance.now();
  const store = await openMetadataStore({
    url: config.metadataUrl,
    dataDir: config.dataDir,
    inMemory: options.inMemoryMetadata ?? false,
    ...(options.metadataTemplate ? { template: options.metadataTemplate } : {}),
    onConnectionError: (err) => log.warn({ err: err.message }, "metadata: idle PostgreSQL connection failed; the pool reconnects"),
  });
  mark("metadataMs", t);
  let storage: Awaited<ReturnType<typeof openStorage>> | undefined;
  try {
    t = performance.now();
    storage = await openStorage(config);
    mark("storageMs", t);
    t = performance.now();
    const contract = await contractPromise;
    timings["contractMs"] = Math.round(contract.initMs * 10) / 10;
    const app: AppContext = {
      config,
      db: store.db,
      log,
      metrics: createMetrics(),
      startedAt: new Date(),
      version: INFLUXDB_COMPATIBLE_VERSION,
      commit: `fluxgate-${FLUXGATE_VERSION}`,
      sessionKey: await loadSessionKey(store.db),
      storage,
      tasks: new TaskScheduler(),
    };
    const express = createApp({ app, api: contract.api });
    const server: Server = config.tlsCert
      ? createHttpsServer({ cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) }, express)
      : createHttpServer(express);
    server.requestTimeout = config.httpReadTimeout;
    // Node ignores a request timeout shorter than the headers timeout; keep them consistent.
    if (config.httpReadTimeout > 0) server.headersTimeout = Math.min(server.headersTimeout, config.httpReadTimeout);
    const { host, port } = parseBindAddress(config.httpBindAddress);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host || undefined, () => resolve());
    });
    const address = server.address() as AddressInfo;
    mark("totalMs", t0);
    const shownHost = host === "" || host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
    const url = `${config.tlsCert ? "https" : "http"}://${shownHost}:${address.port}`;
    log.info({ url, metadata: store.kind, ...timings }, "fluxgate ready");
    const retention = startRetentionLoop(app, config.storageRetentionCheckInterval);
    const scrapers = startScraperLoop(app, config.scraperInterval);
    app.tasks.start(app);

    let closing: Promise<void> | undefined;
    return {
      url,
      port: address.port,
      app,
      timings,
      close() {
        closing ??= (async () => {
          // Scrapes first: one may be fetching this server's own /metrics.
          await scrapers.stop();
          // Stop accepting, let in-flight requests finish, but not forever: after the grace
          // period the remaining connections are cut so a stuck client cannot block shutdown.
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
          });
          // In-flight writes have been answered once the listener is closed; the engine then
          // commits whatever is still queued before it detaches its shards.
          await retention.stop();
          await app.tasks.stop();
          await app.storage.close();
          await store.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    await storage?.close();
    await store.close();
    throw err;
  }
}
