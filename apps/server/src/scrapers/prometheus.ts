// Prometheus text exposition → points, the way InfluxDB 2.x's scrapers store metrics ("metric
// version 1"): one measurement per metric family, one tag per label, and fields by metric type —
// `counter`, `gauge` or `value` (untyped) for single samples; for histograms one field per bucket
// upper bound plus `count` and `sum`; for summaries one field per quantile plus `count` and `sum`.
// The `le` and `quantile` labels become field keys, not tags. NaN samples are skipped (as InfluxDB
// does); so are infinite ones, which line protocol cannot carry.
import { seriesKey, type Point } from "@fluxgate/line-protocol";

export class ExpositionError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`${message} (line ${line})`);
  }
}

type FamilyType = "counter" | "gauge" | "histogram" | "summary" | "untyped";

interface Sample {
  name: string;
  labels: [string, string][];
  value: number;
  /** Milliseconds since the epoch, when the sample carries one. */
  timestampMs?: number;
  line: number;
}

const NS_PER_MS = 1_000_000n;

/** The points of one scrape; samples without their own timestamp get `nowNs`. */
export function parseExposition(text: string, nowNs: bigint): Point[] {
  const types = new Map<string, FamilyType>();
  const samples: Sample[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    if (line.startsWith("#")) {
      const words = line.slice(1).trim().split(/\s+/);
      if (words[0] === "TYPE" && words.length >= 3) types.set(words[1]!, familyType(words[2]!));
      continue;
    }
    samples.push(parseSample(line, i + 1));
  }

  // One point per (family, label set, time), fields gathered from all of its samples.
  const points = new Map<string, { measurement: string; tags: [string, string][]; fields: Map<string, number>; time: bigint }>();
  for (const sample of samples) {
    const { family, type } = familyOf(sample.name, types);
    let fieldKey: string;
    let tags = sample.labels;
    if (type === "histogram" || type === "summary") {
      const suffix = sample.name.slice(family.length);
      if (suffix === "_count") fieldKey = "count";
      else if (suffix === "_sum") fieldKey = "sum";
      else {
        const boundLabel = type === "histogram" ? "le" : "quantile";
        const bound = sample.labels.find(([k]) => k === boundLabel);
        if (bound === undefined) continue;
        const limit = parseValue(bound[1], sample.line);
        fieldKey = formatBound(limit);
        tags = sample.labels.filter(([k]) => k !== boundLabel);
      }
    } else {
      fieldKey = type === "untyped" ? "value" : type;
    }
    if (!Number.isFinite(sample.value)) continue;
    const sortedTags = tags.filter(([, v]) => v !== "").sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const time = sample.timestampMs !== undefined && sample.timestampMs > 0 ? BigInt(sample.timestampMs) * NS_PER_MS : nowNs;
    const key = `${seriesKey(family, sortedTags)} ${time}`;
    let point = points.get(key);
    if (point === undefined) points.set(key, (point = { measurement: family, tags: sortedTags, fields: new Map(), time }));
    point.fields.set(fieldKey, sample.value);
  }
  return [...points.values()].map((p) => ({
    measurement: p.measurement,
    seriesKey: seriesKey(p.measurement, p.tags),
    tags: p.tags,
    fields: [...p.fields].map(([k, value]) => [k, { type: "float", value }] as const),
    timestamp: p.time,
  }));
}

function familyType(word: string): FamilyType {
  return word === "counter" || word === "gauge" || word === "histogram" || word === "summary" ? word : "untyped";
}

/** The family a sample belongs to: its own name, or the histogram/summary it is a part of. */
function familyOf(name: string, types: ReadonlyMap<string, FamilyType>): { family: string; type: FamilyType } {
  const own = types.get(name);
  if (own !== undefined) return { family: name, type: own };
  for (const suffix of ["_bucket", "_count", "_sum"]) {
    if (!name.endsWith(suffix)) continue;
    const base = name.slice(0, -suffix.length);
    const type = types.get(base);
    if (type === "histogram" || (type === "summary" && suffix !== "_bucket")) return { family: base, type };
  }
  return { family: name, type: "untyped" };
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/** `name{label="value",…} value [timestamp]` */
function parseSample(line: string, lineNo: number): Sample {
  const name = NAME.exec(line)?.[0];
  if (name === undefined) throw new ExpositionError(`invalid metric name in ${JSON.stringify(line.slice(0, 80))}`, lineNo);
  let pos = name.length;
  const labels: [string, string][] = [];
  if (line[pos] === "{") {
    pos++;
    for (;;) {
      while (line[pos] === " ") pos++;
      if (line[pos] === "}") {
        pos++;
        break;
      }
      const labelName = LABEL_NAME.exec(line.slice(pos))?.[0];
      if (labelName === undefined) throw new ExpositionError(`invalid label name in metric ${name}`, lineNo);
      pos += labelName.length;
      while (line[pos] === " ") pos++;
      if (line[pos] !== "=" || line[pos + 1] !== '"') throw new ExpositionError(`expected ="…" after label ${labelName} of metric ${name}`, lineNo);
      pos += 2;
      let value = "";
      for (;;) {
        const c = line[pos];
        if (c === undefined) throw new ExpositionError(`unterminated value of label ${labelName} of metric ${name}`, lineNo);
        pos++;
        if (c === '"') break;
        if (c === "\\") {
          const escaped = line[pos++];
          value += escaped === "n" ? "\n" : (escaped ?? "");
        } else value += c;
      }
      labels.push([labelName, value]);
      while (line[pos] === " ") pos++;
      if (line[pos] === ",") pos++;
      else if (line[pos] !== "}") throw new ExpositionError(`expected , or } in the labels of metric ${name}`, lineNo);
    }
  }
  const rest = line.slice(pos).trim().split(/\s+/);
  if (rest[0] === undefined || rest[0] === "" || rest.length > 2) throw new ExpositionError(`expected a value and an optional timestamp after metric ${name}`, lineNo);
  const value = parseValue(rest[0], lineNo);
  const sample: Sample = { name, labels, value, line: lineNo };
  if (rest[1] !== undefined) {
    if (!/^-?\d+$/.test(rest[1])) throw new ExpositionError(`invalid timestamp ${JSON.stringify(rest[1])} of metric ${name}`, lineNo);
    sample.timestampMs = Number(rest[1]);
  }
  return sample;
}

function parseValue(text: string, lineNo: number): number {
  switch (text) {
    case "+Inf":
    case "Inf":
      return Infinity;
    case "-Inf":
      return -Infinity;
    case "NaN":
      return NaN;
  }
  const value = Number(text);
  if (text === "" || Number.isNaN(value)) throw new ExpositionError(`invalid sample value ${JSON.stringify(text)}`, lineNo);
  return value;
}

/**
 * A bucket bound or quantile as a field key, in the shortest form Go's `%g` gives it (what
 * InfluxDB's keys look like): `0.005`, `10`, `1e+06`, `+Inf`.
 */
export function formatBound(value: number): string {
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  if (Number.isNaN(value)) return "NaN";
  if (value === 0) return "0";
  const [mantissa, exponentText] = value.toExponential().split("e") as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) return `${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  return String(value);
}
