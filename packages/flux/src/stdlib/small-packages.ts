/** `json` (encode), `runtime` (version), `system` (time). */
import { type Members, builtin, fail } from "../runtime/builtin.js";
import { formatDuration } from "../values/duration.js";
import { formatTime } from "../values/time.js";
import { type Value, bytes, string, time } from "../values/value.js";

/** The Flux version whose behaviour Fluxgate follows (InfluxDB 2.7's). */
export const fluxVersion = "v0.194.5";

function toJSON(v: Value): string {
  switch (v.kind) {
    case "null":
      return "null";
    case "int":
    case "uint":
      return v.value.toString();
    case "float":
      return Number.isFinite(v.value) ? JSON.stringify(v.value) : fail(`cannot encode float ${v.value} as JSON`);
    case "string":
    case "bool":
      return JSON.stringify(v.value);
    case "time":
      return JSON.stringify(formatTime(v.value));
    case "duration":
      return JSON.stringify(formatDuration(v.value));
    case "regexp":
      return JSON.stringify(v.value);
    case "bytes":
      return JSON.stringify(Buffer.from(v.value).toString("base64"));
    case "array":
      return `[${v.elements.map(toJSON).join(",")}]`;
    case "record":
      // Keys sorted, as Go's JSON encoder writes the record Flux hands it.
      return `{${[...v.fields.keys()]
        .sort()
        .map((k) => `${JSON.stringify(k)}:${toJSON(v.fields.get(k) as Value)}`)
        .join(",")}}`;
    case "dict":
      return `{${[...v.entries.values()].map((e) => `${JSON.stringify(e.key.kind === "string" ? e.key.value : toJSON(e.key))}:${toJSON(e.value)}`).join(",")}}`;
    default:
      return fail(`cannot encode a value of kind ${v.kind} as JSON`);
  }
}

export const jsonPackage: Members = new Map<string, Value>([
  ["encode", builtin("json.encode", (args) => bytes(new TextEncoder().encode(toJSON(args.values.get("v") ?? args.fail("missing required argument v")))))],
]);

export const runtimePackage: Members = new Map<string, Value>([["version", builtin("runtime.version", () => string(fluxVersion))]]);

export const systemPackage: Members = new Map<string, Value>([["time", builtin("system.time", () => time(BigInt(Date.now()) * 1_000_000n))]]);
