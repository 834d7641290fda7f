// Reads settings from flags, environment and an optional file, in that order of precedence, then
// validates them as a whole. Every failure is a ConfigError naming the setting at fault.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { extname, join, resolve } from "node:path";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import { CONFIG_FILE_SETTING, SETTINGS, type Config, type Setting } from "./settings.js";

export class ConfigError extends Error {
  override name = "ConfigError";
}

export type Command = "run" | "print-config" | "help";

export interface Invocation {
  command: Command;
  /** Raw flag values keyed by flag name. */
  flags: Map<string, string>;
}

const BY_FLAG = new Map(SETTINGS.map((s) => [s.flag, s]));

/** Splits argv (without node and script) into a command and raw flag values. */
export function parseArgs(argv: readonly string[]): Invocation {
  let command: Command | undefined;
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h" || arg === "help") {
      command = "help";
      continue;
    }
    if (!arg.startsWith("--")) {
      if (command !== undefined && command !== "help") throw new ConfigError(`unexpected argument "${arg}"`);
      if (arg !== "run" && arg !== "print-config") throw new ConfigError(`unknown command "${arg}" (commands: run, print-config)`);
      command ??= arg;
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const setting = BY_FLAG.get(name);
    if (!setting && name !== CONFIG_FILE_SETTING.flag) throw new ConfigError(`unknown flag --${name} (see fluxgate --help)`);
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (setting?.type === "boolean" && !/^(true|false)$/i.test(argv[i + 1] ?? "")) value = "true";
    else {
      const next = argv[i + 1];
      if (next === undefined) throw new ConfigError(`flag --${name} needs a value`);
      value = next;
      i++;
    }
    flags.set(name, value);
  }
  return { command: command ?? "run", flags };
}

export interface ConfigSources {
  flags: Map<string, string>;
  env: Readonly<Record<string, string | undefined>>;
  homeDir?: string;
}

/** Builds the effective configuration. Throws ConfigError on the first bad value. */
export function loadConfig({ flags, env, homeDir = homedir() }: ConfigSources): Config {
  const filePath = flags.get(CONFIG_FILE_SETTING.flag) ?? firstEnv(env, CONFIG_FILE_SETTING.env);
  const file = filePath ? readConfigFile(filePath) : {};
  const known = new Set(SETTINGS.map((s) => s.flag));
  for (const key of Object.keys(file)) {
    if (!known.has(key)) throw new ConfigError(`config file ${filePath}: unknown setting "${key}"`);
  }
  const values: Record<string, unknown> = {};
  for (const setting of SETTINGS) {
    const fromFlag = flags.get(setting.flag);
    const fromEnv = firstEnv(env, setting.env);
    const fromFile = file[setting.flag];
    let raw: string | undefined;
    let source: string;
    if (fromFlag !== undefined) [raw, source] = [fromFlag, `--${setting.flag}`];
    else if (fromEnv !== undefined) [raw, source] = [fromEnv, setting.env.find((e) => env[e] !== undefined)!];
    else if (fromFile !== undefined) [raw, source] = [String(fromFile), `"${setting.flag}" in ${filePath}`];
    else {
      values[setting.key] = setting.default;
      continue;
    }
    values[setting.key] = parseOne(setting, raw, source);
  }
  return resolveConfig(values as unknown as Config, homeDir);
}

function parseOne(setting: Setting, raw: string, source: string): Config[keyof Config] {
  try {
    return setting.parse(raw);
  } catch (err) {
    throw new ConfigError(`invalid ${setting.flag} (from ${source}): ${(err as Error).message}`);
  }
}

function firstEnv(env: ConfigSources["env"], names: readonly string[]): string | undefined {
  for (const name of names) {
    const v = env[name];
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Fills in settings derived from others and checks rules spanning several settings. */
export function resolveConfig(config: Config, homeDir: string = homedir()): Config {
  const expand = (p: string) => (p === "~" ? homeDir : p.startsWith("~/") ? join(homeDir, p.slice(2)) : p);
  const dataDir = resolve(expand(config.dataDir));
  const out: Config = {
    ...config,
    dataDir,
    enginePath: config.enginePath === "" ? join(dataDir, "engine") : resolve(expand(config.enginePath)),
    secretsKeyFile: config.secretsKeyFile === "" ? join(dataDir, "secrets.key") : resolve(expand(config.secretsKeyFile)),
    tlsCert: config.tlsCert && resolve(expand(config.tlsCert)),
    tlsKey: config.tlsKey && resolve(expand(config.tlsKey)),
  };
  if ((out.tlsCert === "") !== (out.tlsKey === "")) {
    throw new ConfigError("invalid tls-cert/tls-key: set both or neither");
  }
  checkQueryMemory(out);
  return out;
}

/**
 * influxd's rules between its query memory flags (0 means unlimited in each): the total bounds one
 * query's limit, a query starts with at most its limit, and every query slot's initial grant
 * (query-initial-memory-bytes, or query-memory-bytes when that is 0) is set aside from the total.
 */
function checkQueryMemory(config: Config): void {
  const { queryMemoryBytes: perQuery, queryMaxMemoryBytes: total, queryInitialMemoryBytes: initial, queryConcurrency: slots } = config;
  if (perQuery > 0 && initial > perQuery) {
    throw new ConfigError(`invalid query-initial-memory-bytes/query-memory-bytes: query-initial-memory-bytes (${initial}) must be less than or equal to query-memory-bytes (${perQuery})`);
  }
  if (total === 0) return;
  if (perQuery === 0 || perQuery > total) {
    const per = perQuery === 0 ? "unlimited (0)" : String(perQuery);
    throw new ConfigError(`invalid query-memory-bytes/query-max-memory-bytes: query-max-memory-bytes (${total}) must be greater than or equal to query-memory-bytes (${per})`);
  }
  const grant = queryInitialGrant(config);
  const setAside = slots * grant;
  if (total < setAside) {
    throw new ConfigError(
      `invalid query-max-memory-bytes: it must be at least query-concurrency × query-initial-memory-bytes (or × query-memory-bytes when the initial is 0): ${total} < ${setAside} (${slots} × ${grant})`,
    );
  }
}

/** Bytes each query slot is granted when a query starts: --query-initial-memory-bytes, or --query-memory-bytes when that is 0. */
export function queryInitialGrant({ queryMemoryBytes, queryInitialMemoryBytes }: Pick<Config, "queryMemoryBytes" | "queryInitialMemoryBytes">): number {
  return queryInitialMemoryBytes > 0 ? queryInitialMemoryBytes : queryMemoryBytes;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    const ext = extname(path).toLowerCase();
    if (ext === ".toml") parsed = parseToml(text);
    else if (ext === ".json") parsed = JSON.parse(text);
    else if (ext === ".yaml" || ext === ".yml") parsed = parseYaml(text);
    else throw new Error("extension must be .yaml, .yml, .toml or .json");
  } catch (err) {
    throw new ConfigError(`cannot parse config file ${path}: ${(err as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) throw new ConfigError(`config file ${path}: expected a mapping of settings`);
  return parsed as Record<string, unknown>;
}

/** Defaults only; what tests and embedders start from. */
export function defaultConfig(overrides: Partial<Config> = {}): Config {
  const base = Object.fromEntries(SETTINGS.map((s) => [s.key, s.default])) as unknown as Config;
  return resolveConfig({ ...base, ...overrides });
}
