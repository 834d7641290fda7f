export { SETTINGS, CONFIG_FILE_SETTING, LOG_LEVELS, parseBindAddress, redactUrl } from "./settings.js";
export type { Config, LogLevel, Setting, SettingKey } from "./settings.js";
export { ConfigError, loadConfig, parseArgs, queryInitialGrant, resolveConfig, defaultConfig } from "./load.js";
export type { Command, Invocation, ConfigSources } from "./load.js";
export { helpText, printConfig, markdownTable } from "./describe.js";
export { parseDuration, formatDuration, parseBytes, formatBytes } from "./units.js";
