import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, helpText, loadConfig, markdownTable, parseArgs, printConfig, SETTINGS } from "./index.js";
import { parseBytes, parseDuration } from "./units.js";

const home = "/home/someone";
const load = (argv: string[], env: Record<string, string> = {}) => loadConfig({ flags: parseArgs(argv).flags, env, homeDir: home });

describe("config", () => {
  it("has InfluxDB's defaults with derived paths", () => {
    const c = load([]);
    expect(c.httpBindAddress).toBe(":8086");
    expect(c.dataDir).toBe("/home/someone/.fluxgate");
    expect(c.enginePath).toBe("/home/someone/.fluxgate/engine");
    expect(c.secretsKeyFile).toBe("/home/someone/.fluxgate/secrets.key");
    expect(c.metadataUrl).toBe("");
    expect(c.logLevel).toBe("info");
    expect(c.sessionLength).toBe(60);
    expect(c.sessionRenewDisabled).toBe(false);
    expect(c.httpMaxRequestBytes).toBe(25 * 1024 * 1024);
    expect(c.storageRetentionCheckInterval).toBe(30 * 60_000);
    expect(c.storageReadCacheBytes).toBe(128 * 1024 * 1024);
    expect(load(["--storage-read-cache-bytes", "0"]).storageReadCacheBytes).toBe(0);
  });

  it("applies flags over env over file over defaults", () => {
    const dir = mkdtempSync(join(tmpdir(), "fluxgate-config-"));
    const file = join(dir, "c.yaml");
    writeFileSync(file, "log-level: warn\nsession-length: 5\nquery-concurrency: 3\n");
    const env = { FLUXGATE_SESSION_LENGTH: "7", FLUXGATE_QUERY_CONCURRENCY: "9" };
    const c = load(["--config", file, "--query-concurrency=11"], env);
    expect(c.logLevel).toBe("warn");
    expect(c.sessionLength).toBe(7);
    expect(c.queryConcurrency).toBe(11);
  });

  it("reads TOML and JSON files", () => {
    const dir = mkdtempSync(join(tmpdir(), "fluxgate-config-"));
    writeFileSync(join(dir, "c.toml"), 'http-bind-address = ":9999"\nsession-renew-disabled = true\n');
    writeFileSync(join(dir, "c.json"), JSON.stringify({ "http-read-timeout": "1m30s" }));
    expect(load(["--config", join(dir, "c.toml")]).httpBindAddress).toBe(":9999");
    expect(load(["--config", join(dir, "c.toml")]).sessionRenewDisabled).toBe(true);
    expect(load([], { FLUXGATE_CONFIG: join(dir, "c.json") }).httpReadTimeout).toBe(90_000);
  });

  it("accepts DATABASE_URL and prefers FLUXGATE_METADATA_URL", () => {
    expect(load([], { DATABASE_URL: "postgres://a@h/db" }).metadataUrl).toBe("postgres://a@h/db");
    expect(load([], { DATABASE_URL: "postgres://a@h/db", FLUXGATE_METADATA_URL: "postgres://b@h/db" }).metadataUrl).toBe("postgres://b@h/db");
  });

  it("parses boolean flags with and without a value", () => {
    expect(load(["--session-renew-disabled"]).sessionRenewDisabled).toBe(true);
    expect(load(["--session-renew-disabled", "false"]).sessionRenewDisabled).toBe(false);
    expect(load(["--session-renew-disabled=true", "run"]).sessionRenewDisabled).toBe(true);
  });

  it.each([
    [["--http-bind-address", "8086"], "http-bind-address"],
    [["--http-bind-address", ":99999"], "http-bind-address"],
    [["--log-level", "loud"], "log-level"],
    [["--session-length", "0"], "session-length"],
    [["--session-length", "ten"], "session-length"],
    [["--http-read-timeout", "10"], "http-read-timeout"],
    [["--http-max-request-bytes", "-1"], "http-max-request-bytes"],
    [["--query-concurrency", "1.5"], "query-concurrency"],
    [["--metadata-url", "mysql://x"], "metadata-url"],
    [["--tls-cert", "/a.pem"], "tls-cert"],
    [["--storage-retention-check-interval", "0"], "storage-retention-check-interval"],
    [["--no-such-flag", "1"], "no-such-flag"],
    [["--log-level"], "log-level"],
  ])("refuses %j naming the setting", (argv, name) => {
    expect(() => load(argv)).toThrow(ConfigError);
    expect(() => load(argv)).toThrow(name);
  });

  it("names the env var or file a bad value came from", () => {
    expect(() => load([], { FLUXGATE_LOG_LEVEL: "x" })).toThrow(/log-level.*FLUXGATE_LOG_LEVEL/);
    const dir = mkdtempSync(join(tmpdir(), "fluxgate-config-"));
    writeFileSync(join(dir, "c.yaml"), "bogus: 1\n");
    expect(() => load(["--config", join(dir, "c.yaml")])).toThrow(/unknown setting "bogus"/);
    expect(() => load(["--config", join(dir, "missing.yaml")])).toThrow(/cannot read config file/);
  });

  it("parses commands", () => {
    expect(parseArgs([]).command).toBe("run");
    expect(parseArgs(["print-config"]).command).toBe("print-config");
    expect(parseArgs(["--help"]).command).toBe("help");
    expect(() => parseArgs(["serve"])).toThrow(/unknown command/);
  });

  it("renders help, print-config and the README table from the same table", () => {
    const help = helpText();
    const printed = printConfig(load(["--metadata-url", "postgres://u:hunter2-pw@h/db"]));
    const table = markdownTable();
    for (const s of SETTINGS) {
      expect(help).toContain(`--${s.flag}`);
      for (const e of s.env) expect(help).toContain(e);
      expect(printed).toContain(`${s.flag}:`);
      expect(table).toContain(`\`--${s.flag}\``);
    }
    expect(printed).not.toContain("hunter2-pw");
  });

  it("print-config output loads back to the same configuration", () => {
    const dir = mkdtempSync(join(tmpdir(), "fluxgate-config-"));
    const original = load(["--http-write-timeout", "1h2m", "--http-max-request-bytes", "1MiB", "--log-level", "debug"]);
    writeFileSync(join(dir, "c.yaml"), printConfig(original));
    expect(load(["--config", join(dir, "c.yaml")])).toEqual(original);
  });

  describe("query memory limits", () => {
    it("default to 0 (unlimited), as influxd's", () => {
      const c = load([]);
      expect([c.queryMemoryBytes, c.queryMaxMemoryBytes, c.queryInitialMemoryBytes]).toEqual([0, 0, 0]);
    });

    it("come from flags, FLUXGATE_ variables and the config file, with byte units", () => {
      const dir = mkdtempSync(join(tmpdir(), "fluxgate-config-"));
      writeFileSync(join(dir, "c.yaml"), "query-max-memory-bytes: 512MiB\nquery-initial-memory-bytes: 1MiB\nquery-concurrency: 8\n");
      const c = load(["--config", join(dir, "c.yaml"), "--query-memory-bytes", "64MiB"], { FLUXGATE_QUERY_INITIAL_MEMORY_BYTES: "2097152" });
      expect(c.queryMemoryBytes).toBe(64 * 1024 * 1024);
      expect(c.queryMaxMemoryBytes).toBe(512 * 1024 * 1024);
      expect(c.queryInitialMemoryBytes).toBe(2 * 1024 * 1024);
      expect(load([], { FLUXGATE_QUERY_MEMORY_BYTES: "1000" }).queryMemoryBytes).toBe(1000);
    });

    it.each([
      [["--query-memory-bytes", "-5"], /invalid query-memory-bytes \(from --query-memory-bytes\): expected a byte size/],
      [["--query-max-memory-bytes", "lots"], /invalid query-max-memory-bytes/],
      [["--query-initial-memory-bytes", "1.5MB"], /invalid query-initial-memory-bytes/],
      [["--query-memory-bytes", "2000", "--query-max-memory-bytes", "1000"], "query-max-memory-bytes (1000) must be greater than or equal to query-memory-bytes (2000)"],
      [["--query-max-memory-bytes", "1000"], "query-max-memory-bytes (1000) must be greater than or equal to query-memory-bytes (unlimited (0))"],
      [["--query-memory-bytes", "1000", "--query-initial-memory-bytes", "1001"], "query-initial-memory-bytes (1001) must be less than or equal to query-memory-bytes (1000)"],
      [["--query-memory-bytes", "64MiB", "--query-max-memory-bytes", "512MiB"], "invalid query-max-memory-bytes: it must be at least query-concurrency × query-initial-memory-bytes (or × query-memory-bytes when the initial is 0): 536870912 < 68719476736 (1024 × 67108864)"],
      [["--query-memory-bytes", "1000", "--query-max-memory-bytes", "4000", "--query-initial-memory-bytes", "100", "--query-concurrency", "50"], "4000 < 5000 (50 × 100)"],
    ])("refuses %j", (argv, message) => {
      expect(() => load(argv)).toThrow(ConfigError);
      expect(() => load(argv)).toThrow(message);
    });

    it("accepts equal limits and an initial grant within the per-query limit", () => {
      const c = load(["--query-memory-bytes", "1000", "--query-max-memory-bytes", "1000", "--query-initial-memory-bytes", "1000", "--query-concurrency", "1"]);
      expect([c.queryMemoryBytes, c.queryMaxMemoryBytes, c.queryInitialMemoryBytes]).toEqual([1000, 1000, 1000]);
      // influxd's own packaging: 8 queries × 64 MiB within 512 MiB.
      expect(load(["--query-concurrency", "8", "--query-memory-bytes", "64MiB", "--query-max-memory-bytes", "512MiB"]).queryMaxMemoryBytes).toBe(512 * 1024 * 1024);
      expect(load(["--query-initial-memory-bytes", "5000"]).queryInitialMemoryBytes).toBe(5000);
    });
  });

  it("parses units", () => {
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(() => parseDuration("1x")).toThrow();
    expect(parseBytes("512KiB")).toBe(524_288);
    expect(parseBytes("0")).toBe(0);
    expect(() => parseBytes("1.5MB")).toThrow();
  });
});
