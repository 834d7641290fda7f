// The TOML of a Telegraf configuration: checked before it is stored (an agent fetching a broken
// config would fail at start, far from the mistake), and read for the buckets its InfluxDB v2
// outputs write to, which InfluxDB reports as `metadata.buckets`.
import { parse, TomlError } from "smol-toml";
import { invalid } from "../http/errors.js";

/** A plugin of the UI's older request form, rendered into TOML by {@link renderPlugins}. */
export interface PluginRequest {
  type?: string;
  name?: string;
  alias?: string;
  description?: string;
  config?: string;
}

/** The parsed document; 400 naming the line and column when the text is not TOML. */
export function parseTelegrafToml(config: string): Record<string, unknown> {
  try {
    return parse(config) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) throw invalid(`invalid TOML in Telegraf config at line ${err.line}, column ${err.column}: ${firstLine(err.message)}`);
    throw err;
  }
}

/** The `bucket` of every `[[outputs.influxdb_v2]]` section, once each, in order. */
export function outputBuckets(document: Record<string, unknown>): string[] {
  const outputs = document["outputs"];
  if (!isTable(outputs)) return [];
  const sections = outputs["influxdb_v2"];
  const list = Array.isArray(sections) ? sections : [sections];
  const buckets: string[] = [];
  for (const section of list) {
    if (!isTable(section)) continue;
    const bucket = section["bucket"];
    if (typeof bucket === "string" && bucket !== "" && !buckets.includes(bucket)) buckets.push(bucket);
  }
  return buckets;
}

/**
 * TOML for plugins sent one by one: each plugin's own snippet, under its `[[<type>s.<name>]]`
 * header unless the snippet already has one.
 */
export function renderPlugins(plugins: readonly PluginRequest[]): string {
  const sections: string[] = [];
  for (const plugin of plugins) {
    const kind = pluralKind(plugin.type ?? "");
    const name = plugin.name ?? "";
    if (!kind || !/^[A-Za-z0-9_]+$/.test(name)) throw invalid(`unknown Telegraf plugin ${JSON.stringify(`${plugin.type ?? ""}.${name}`)}`);
    const body = (plugin.config ?? "").trim();
    const header = `[[${kind}.${name}]]`;
    const lines: string[] = [];
    if (plugin.description) lines.push(`# ${plugin.description.replace(/\s*\n\s*/g, " ")}`);
    if (!body.includes(header)) lines.push(header);
    if (plugin.alias) lines.push(`  alias = ${JSON.stringify(plugin.alias)}`);
    if (body) lines.push(body);
    sections.push(lines.join("\n"));
  }
  return `${sections.join("\n\n")}\n`;
}

const KINDS = ["inputs", "outputs", "processors", "aggregators"] as const;

/** `input` or `inputs` → `inputs`; anything else → undefined. */
function pluralKind(type: string): string | undefined {
  return KINDS.find((k) => k === type || k === `${type}s`);
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/^Invalid TOML document:\s*/, "").trim();
}
