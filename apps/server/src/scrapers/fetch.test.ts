// Fetching targets over real sockets: plain and TLS (the self-signed test certificate, which only
// allowInsecure accepts), gzip, error statuses, size cap and timeout.
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchExposition, ScrapeFetchError } from "./fetch.js";

const fixtures = new URL("../test-support/fixtures/", import.meta.url);
const BODY = "# TYPE up gauge\nup 1\n";
const options = { timeoutMs: 1_000, allowInsecure: false, maxBytes: 1024 };

function route(req: IncomingMessage, res: ServerResponse): void {
  switch (req.url) {
    case "/metrics":
      res.writeHead(200, { "content-type": "text/plain" }).end(BODY);
      return;
    case "/gzip":
      res.writeHead(200, { "content-type": "text/plain", "content-encoding": "gzip" }).end(gzipSync(BODY));
      return;
    case "/big":
      res.writeHead(200).end("x".repeat(4096));
      return;
    case "/slow":
      setTimeout(() => res.writeHead(200).end(BODY), 3_000).unref();
      return;
    default:
      res.writeHead(404).end("no");
  }
}

describe("fetching a scraper target", () => {
  let plain: Server;
  let tls: Server;
  const base = (s: Server, scheme: string) => `${scheme}://127.0.0.1:${(s.address() as AddressInfo).port}`;
  beforeAll(async () => {
    plain = createHttpServer(route);
    tls = createHttpsServer({ cert: readFileSync(new URL("test-tls.crt", fixtures)), key: readFileSync(new URL("test-tls.key", fixtures)) }, route);
    await Promise.all([plain, tls].map((s) => new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve))));
  });
  afterAll(async () => {
    for (const s of [plain, tls]) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });

  it("reads plain and gzip-encoded bodies", async () => {
    expect(await fetchExposition(`${base(plain, "http")}/metrics`, options)).toBe(BODY);
    expect(await fetchExposition(`${base(plain, "http")}/gzip`, options)).toBe(BODY);
  });

  it("verifies TLS certificates unless the target allows insecure ones", async () => {
    await expect(fetchExposition(`${base(tls, "https")}/metrics`, options)).rejects.toThrow(/certificate/);
    expect(await fetchExposition(`${base(tls, "https")}/metrics`, { ...options, allowInsecure: true })).toBe(BODY);
  });

  it("fails on error statuses, oversized bodies and silence", async () => {
    await expect(fetchExposition(`${base(plain, "http")}/missing`, options)).rejects.toThrow(/answered HTTP 404/);
    await expect(fetchExposition(`${base(plain, "http")}/big`, options)).rejects.toThrow(/more than 1024 bytes/);
    await expect(fetchExposition(`${base(plain, "http")}/slow`, { ...options, timeoutMs: 200 })).rejects.toThrow(ScrapeFetchError);
    await expect(fetchExposition(`${base(plain, "http")}/slow`, { ...options, timeoutMs: 200 })).rejects.toThrow(/no answer within 200 ms/);
  });
});
