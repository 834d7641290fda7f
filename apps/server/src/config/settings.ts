// The one table of settings. The parser, `fluxgate --help`, `fluxgate print-config` and the README's
// configuration table are all generated from it, so a setting documented anywhere exists everywhere.
import { formatBytes, formatDuration, parseBytes, parseDuration } from "./units.js";

export type LogLevel = "debug" | "info" | "warn" | "error";
export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

/** The effective configuration, every value already validated and in its working unit. */
export interface Config {
  httpBindAddress: string;
  dataDir: string;
  /** Empty means `<dataDir>/engine`; {@link resolveConfig} fills it in. */
  enginePath: string;
  /** Empty means `<dataDir>/secrets.key`; {@link resolveConfig} fills it in. */
  secretsKeyFile: string;
  /** Empty means embedded PGlite under `<dataDir>/metadata`. */
  metadataUrl: string;
  logLevel: LogLevel;
  /** Minutes. */
  sessionLength: number;
  sessionRenewDisabled: boolean;
  tlsCert: string;
  tlsKey: string;
  /** Milliseconds, 0 = no timeout. */
  httpReadTimeout: number;
  /** Milliseconds, 0 = no timeout. */
  httpWriteTimeout: number;
  /** Bytes, 0 = unlimited. */
  httpMaxRequestBytes: number;
  queryConcurrency: number;
  queryQueueSize: number;
  /** Bytes one query may hold, 0 = unlimited. */
  queryMemoryBytes: number;
  /** Bytes all running queries may hold together, 0 = unlimited. */
  queryMaxMemoryBytes: number;
  /** Bytes granted to a query when it starts, 0 = its whole --query-memory-bytes. */
  queryInitialMemoryBytes: number;
  /** Milliseconds. */
  storageRetentionCheckInterval: number;
  storageReadCacheBytes: number;
  /** Milliseconds, 0 = scraper targets are never fetched. */
  scraperInterval: number;
}

export type SettingKey = keyof Config;
export type SettingType = "string" | "path" | "integer" | "boolean" | "duration" | "bytes" | "enum";

export interface Setting<K extends SettingKey = SettingKey> {
  key: K;
  /** Command-line flag without the leading dashes; also the key in a config file. */
  flag: string;
  /** Environment variables, in order of preference. */
  env: readonly string[];
  type: SettingType;
  default: Config[K];
  description: string;
  /** Parses a raw string (flag, env or file value) or throws an Error saying what is wrong. */
  parse(raw: string): Config[K];
  /** Renders a value the way a user would type it. */
  format(value: Config[K]): string;
}

function text(
  key: SettingKey,
  flag: string,
  def: string,
  description: string,
  type: "string" | "path" = "string",
): Setting {
  return {
    key,
    flag,
    env: [envName(flag)],
    type,
    default: def,
    description,
    parse: (raw: string) => raw,
    format: (v) => String(v),
  } as Setting;
}

function envName(flag: string): string {
  return "FLUXGATE_" + flag.toUpperCase().replace(/-/g, "_");
}

function integer(key: SettingKey, flag: string, def: number, min: number, description: string): Setting {
  return {
    key,
    flag,
    env: [envName(flag)],
    type: "integer",
    default: def,
    description,
    parse(raw) {
      if (!/^-?\d+$/.test(raw.trim())) throw new Error(`expected an integer, got "${raw}"`);
      const n = Number(raw);
      if (!Number.isSafeInteger(n) || n < min) throw new Error(`must be an integer >= ${min}, got "${raw}"`);
      return n;
    },
    format: (v) => String(v),
  } as Setting;
}

function duration(key: SettingKey, flag: string, defMs: number, allowZero: boolean, description: string): Setting {
  return {
    key,
    flag,
    env: [envName(flag)],
    type: "duration",
    default: defMs,
    description,
    parse(raw) {
      const ms = parseDuration(raw);
      if (!allowZero && ms === 0) throw new Error("must be greater than 0");
      return ms;
    },
    format: (v) => formatDuration(v as number),
  } as Setting;
}

function boolean(key: SettingKey, flag: string, description: string): Setting {
  return {
    key,
    flag,
    env: [envName(flag)],
    type: "boolean",
    default: false,
    description,
    parse(raw) {
      const v = raw.trim().toLowerCase();
      if (["true", "1", "yes", "on"].includes(v)) return true;
      if (["false", "0", "no", "off"].includes(v)) return false;
      throw new Error(`expected true or false, got "${raw}"`);
    },
    format: (v) => String(v),
  } as Setting;
}

function bytes(key: SettingKey, flag: string, def: number, description: string): Setting {
  return {
    key,
    flag,
    env: [envName(flag)],
    type: "bytes",
    default: def,
    description,
    parse: (raw: string) => parseBytes(raw),
    format: (v) => formatBytes(v as number),
  } as Setting;
}

export const MiB = 1024 * 1024;

export const SETTINGS: readonly Setting[] = [
  {
    ...text("httpBindAddress", "http-bind-address", ":8086", "Address the HTTP API listens on (host:port, or :port for all interfaces)."),
    parse(raw: string) {
      parseBindAddress(raw);
      return raw;
    },
  } as Setting,
  text("dataDir", "data-dir", "~/.fluxgate", "Directory holding all Fluxgate data (engine files, embedded metadata).", "path"),
  text("enginePath", "engine-path", "", "Directory of the time-series storage engine. Default: <data-dir>/engine.", "path"),
  text(
    "secretsKeyFile",
    "secrets-key-file",
    "",
    "File holding the 256-bit key (64 hex characters) that encrypts org secrets at rest; created with mode 0600 if missing. Several servers sharing one PostgreSQL must share it. Default: <data-dir>/secrets.key.",
    "path",
  ),
  {
    ...text(
      "metadataUrl",
      "metadata-url",
      "",
      "PostgreSQL URL of the metadata store (postgres://user:pass@host:5432/db). Empty: embedded PGlite under <data-dir>/metadata.",
    ),
    env: ["FLUXGATE_METADATA_URL", "DATABASE_URL"],
    parse(raw: string) {
      if (raw !== "" && !/^postgres(ql)?:\/\//.test(raw)) throw new Error(`must be a postgres:// URL, got "${redactUrl(raw)}"`);
      return raw;
    },
    format: (v: Config[SettingKey]) => redactUrl(String(v)),
  } as Setting,
  {
    key: "logLevel",
    flag: "log-level",
    env: ["FLUXGATE_LOG_LEVEL"],
    type: "enum",
    default: "info",
    description: `Log level: ${LOG_LEVELS.join(", ")}.`,
    parse(raw: string) {
      const v = raw.trim().toLowerCase();
      if (!(LOG_LEVELS as readonly string[]).includes(v)) throw new Error(`must be one of ${LOG_LEVELS.join(", ")}, got "${raw}"`);
      return v as LogLevel;
    },
    format: (v: Config[SettingKey]) => String(v),
  } as Setting,
  integer("sessionLength", "session-length", 60, 1, "Length of a browser session in minutes."),
  boolean("sessionRenewDisabled", "session-renew-disabled", "Do not extend a session's expiry each time it is used."),
  text("tlsCert", "tls-cert", "", "Path to a TLS certificate (PEM). Requires --tls-key.", "path"),
  text("tlsKey", "tls-key", "", "Path to the TLS private key (PEM). Requires --tls-cert.", "path"),
  duration("httpReadTimeout", "http-read-timeout", 0, true, "Longest time to read a whole request (e.g. 10s); 0 = no limit."),
  duration("httpWriteTimeout", "http-write-timeout", 0, true, "Longest time to process a request and write the response (e.g. 30s); 0 = no limit."),
  bytes(
    "httpMaxRequestBytes",
    "http-max-request-bytes",
    25 * MiB,
    "Largest accepted request body, after gzip decoding (bytes, or with KiB/MiB/GiB). 0 = unlimited (InfluxDB's default); Fluxgate defaults to 25 MiB so one request cannot exhaust memory.",
  ),
  integer("queryConcurrency", "query-concurrency", 1024, 1, "Number of queries allowed to run at the same time."),
  integer("queryQueueSize", "query-queue-size", 1024, 0, "Number of queries allowed to wait for a free slot; more are refused with 429."),
  // Query memory, as influxd's flags of the same names (all default 0 = unlimited). Flux queries
  // charge an estimate of the table data they hold (tables in flight between stages, and whatever
  // sort/group/pivot/join buffer) to a per-query account; a query beyond --query-memory-bytes, or
  // one that cannot get more from the --query-max-memory-bytes budget shared by running queries,
  // fails with Flux's "memory allocation limit reached: …" (400 invalid before output, in the CSV
  // stream after it). As in influxd, each of the --query-concurrency slots has its initial grant
  // (--query-initial-memory-bytes, or --query-memory-bytes when 0) set aside from
  // --query-max-memory-bytes, so the total must cover concurrency × initial; queries then grow into
  // what remains, up to --query-memory-bytes each (load.ts checks these rules).
  bytes("queryMemoryBytes", "query-memory-bytes", 0, "Most memory one query may use for table data (bytes, or with KiB/MiB/GiB); beyond it the query fails. 0 = unlimited."),
  bytes("queryMaxMemoryBytes", "query-max-memory-bytes", 0, "Most memory all running queries may use together; must be >= query-memory-bytes. 0 = unlimited."),
  bytes("queryInitialMemoryBytes", "query-initial-memory-bytes", 0, "Memory each query reserves from query-max-memory-bytes when it starts; must be <= query-memory-bytes. 0 = all of query-memory-bytes."),
  duration("storageRetentionCheckInterval", "storage-retention-check-interval", 30 * 60_000, false, "How often expired data is removed per retention policies."),
  bytes(
    "storageReadCacheBytes",
    "storage-read-cache-bytes",
    128 * MiB,
    "Memory for series rows of compacted shards, so small reads (a few series, a few thousand points) skip DuckDB (bytes, or with KiB/MiB/GiB); least recently used rows go first. 0 = off.",
  ),
  duration("scraperInterval", "scraper-interval", 10_000, true, "How often each scraper target's Prometheus metrics are fetched and stored (InfluxDB: 10s); 0 = never."),
];

/** The setting naming the config file itself: it is read before the others, so it stands apart. */
export const CONFIG_FILE_SETTING = {
  flag: "config",
  env: ["FLUXGATE_CONFIG"],
  description: "Configuration file (YAML, TOML or JSON, by extension). Keys are the flag names. Precedence: flags > environment > file > defaults.",
} as const;

export function parseBindAddress(raw: string): { host: string; port: number } {
  const i = raw.lastIndexOf(":");
  if (i < 0) throw new Error(`must be host:port or :port, got "${raw}"`);
  const host = raw.slice(0, i).replace(/^\[(.*)\]$/, "$1");
  const portText = raw.slice(i + 1);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new Error(`port must be 0-65535, got "${portText}"`);
  return { host, port };
}

/** Hides the password of a URL so print-config and logs never show it. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}
