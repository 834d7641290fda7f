// Text renderings of the settings table: `fluxgate --help`, `fluxgate print-config`, README table.
import { CONFIG_FILE_SETTING, SETTINGS, type Config } from "./settings.js";

export function helpText(): string {
  const lines = [
    "Usage: fluxgate [command] [flags]",
    "",
    "Commands:",
    "  run           start the server (default)",
    "  print-config  print the effective configuration and exit",
    "",
    "Flags (environment variable in brackets):",
  ];
  const rows: [string, string][] = [
    [`--${CONFIG_FILE_SETTING.flag} <file>`, `${CONFIG_FILE_SETTING.description} [${CONFIG_FILE_SETTING.env.join(", ")}]`],
    ...SETTINGS.map((s): [string, string] => [
      `--${s.flag}${s.type === "boolean" ? "" : ` <${s.type}>`}`,
      `${s.description} Default: ${s.format(s.default) || '""'}. [${s.env.join(", ")}]`,
    ]),
    ["--help", "show this help"],
  ];
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  for (const [flag, desc] of rows) lines.push(`  ${flag.padEnd(width)}${desc}`);
  return lines.join("\n") + "\n";
}

/** YAML-compatible `flag: value` lines; the output can be saved and used as a --config file. */
export function printConfig(config: Config): string {
  return SETTINGS.map((s) => `${s.flag}: ${JSON.stringify(s.format(config[s.key]))}`).join("\n") + "\n";
}

/** Markdown table for the README. */
export function markdownTable(): string {
  const rows = SETTINGS.map(
    (s) => `| \`--${s.flag}\` | ${s.env.map((e) => `\`${e}\``).join(", ")} | \`${s.flag}\` | ${s.type} | \`${s.format(s.default) || '""'}\` | ${s.description} |`,
  );
  return ["| flag | environment | file key | type | default | description |", "|---|---|---|---|---|---|", ...rows].join("\n") + "\n";
}
