// A task's `option task = {name, every | cron, offset}` record: read from the Flux script with the
// Flux parser, checked as InfluxDB checks it, and rewritten in place when the API changes a field.
import { parse, type DurationLiteral, type Expression, type ObjectExpression, type OptionStatement, type Property } from "@fluxgate/flux";
import { CronExpressionParser } from "cron-parser";
import { invalid } from "../http/errors.js";

export interface TaskOptions {
  name: string;
  /** Flux duration text as written (`1h`), or "" when the task uses cron. */
  every: string;
  /** Cron expression, or "" when the task uses every. */
  cron: string;
  /** Flux duration text, or "" for none. */
  offset: string;
}

export interface OptionChanges {
  name?: string;
  every?: string;
  cron?: string;
  /** "" removes the offset. */
  offset?: string;
}

const UNIT_NS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
  w: 604_800_000_000_000n,
};

/** Nanoseconds of a Flux duration text (`1h30m`, `-5m`); months and years have no fixed length and are refused. */
export function durationNs(text: string, what: string): bigint {
  const match = /^(-?)((?:\d+(?:ns|us|µs|ms|mo|s|m|h|d|w|y))+)$/u.exec(text.trim());
  if (!match) throw invalid(`invalid ${what} ${JSON.stringify(text)}: must be a duration such as 1h or 10m`);
  let total = 0n;
  for (const part of match[2]!.matchAll(/(\d+)(ns|us|µs|ms|mo|s|m|h|d|w|y)/gu)) {
    const unit = UNIT_NS[part[2]!];
    if (unit === undefined) throw invalid(`invalid ${what} ${JSON.stringify(text)}: months and years are not supported in task schedules`);
    total += BigInt(part[1]!) * unit;
  }
  return match[1] === "-" ? -total : total;
}

export function checkCron(expression: string): void {
  try {
    CronExpressionParser.parse(expression, { tz: "UTC" });
  } catch (error) {
    throw invalid(`invalid cron expression ${JSON.stringify(expression)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function durationText(literal: DurationLiteral): string {
  return literal.values.map((v) => `${v.magnitude}${v.unit}`).join("");
}

function keyName(property: Property): string {
  return property.key.type === "Identifier" ? property.key.name : property.key.value;
}

/** The `option task = {…}` statement's record, if the script has one. */
function findTaskOption(source: string): { record: ObjectExpression; statement: OptionStatement } | undefined {
  const { package: pkg, errors } = parse(source);
  const first = errors[0];
  if (first !== undefined) throw invalid(`invalid Flux script: ${first.formatted}`);
  for (const file of pkg.files) {
    for (const statement of file.body) {
      if (statement.type !== "OptionStatement" || statement.assignment.type !== "VariableAssignment") continue;
      if (statement.assignment.id.name !== "task") continue;
      const init: Expression = statement.assignment.init;
      if (init.type !== "ObjectExpression") throw invalid("invalid options: option task must be a record");
      return { record: init, statement };
    }
  }
  return undefined;
}

/** Whether the script defines `option task` (parse errors → 400 with their position). */
export function hasTaskOption(source: string): boolean {
  return findTaskOption(source) !== undefined;
}

/** Reads and checks the task option of a script; 400 on invalid Flux or options. */
export function readTaskOptions(source: string): TaskOptions {
  const found = findTaskOption(source);
  if (!found) throw invalid("invalid options: no task options defined (option task = {name: …, every: …})");
  const options: TaskOptions = { name: "", every: "", cron: "", offset: "" };
  for (const property of found.record.properties) {
    const key = keyName(property);
    const value = property.value;
    if (key === "name") {
      if (value?.type !== "StringLiteral") throw invalid("invalid options: task name must be a string literal");
      options.name = value.value;
    } else if (key === "every" || key === "offset") {
      if (value?.type !== "DurationLiteral") throw invalid(`invalid options: task ${key} must be a duration literal`);
      options[key] = durationText(value);
    } else if (key === "cron") {
      if (value?.type !== "StringLiteral") throw invalid("invalid options: task cron must be a string literal");
      options.cron = value.value;
    }
  }
  return checkOptions(options);
}

/** InfluxDB's rules: a name, exactly one of every and cron, a positive every, a valid cron. */
export function checkOptions(options: TaskOptions): TaskOptions {
  if (options.name.trim() === "") throw invalid("invalid options: missing name in task options");
  if (options.every !== "" && options.cron !== "") throw invalid("invalid options: cannot use both cron and every in task options");
  if (options.every === "" && options.cron === "") throw invalid("invalid options: cron or every is required");
  if (options.every !== "" && durationNs(options.every, "every") <= 0n) throw invalid("invalid options: every must be greater than zero");
  if (options.cron !== "") checkCron(options.cron);
  if (options.offset !== "") durationNs(options.offset, "offset");
  return options;
}

/** Flux text of the record for these options, keeping other properties (concurrency, retry…) as written. */
function renderRecord(options: TaskOptions, kept: readonly string[]): string {
  const parts = [`name: ${JSON.stringify(options.name)}`];
  if (options.every !== "") parts.push(`every: ${options.every}`);
  if (options.cron !== "") parts.push(`cron: ${JSON.stringify(options.cron)}`);
  if (options.offset !== "") parts.push(`offset: ${options.offset}`);
  return `{${[...parts, ...kept].join(", ")}}`;
}

/** Byte offset in `buffer` of a 1-based line and UTF-8 column, as Flux positions count them. */
function byteOffset(buffer: Buffer, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = buffer.indexOf(0x0a, offset);
    if (next < 0) return buffer.length;
    offset = next + 1;
  }
  return offset + column - 1;
}

/**
 * The script with its task option changed as InfluxDB does on PATCH: setting every drops cron and
 * the other way round; an empty offset removes it. A script without the option gets one in front.
 */
export function rewriteTaskOptions(source: string, changes: OptionChanges): { flux: string; options: TaskOptions } {
  const found = findTaskOption(source);
  const current: TaskOptions = found ? readLoose(found.record) : { name: "", every: "", cron: "", offset: "" };
  const next: TaskOptions = { ...current };
  if (changes.name !== undefined) next.name = changes.name;
  if (changes.every !== undefined && changes.every !== "") (next.every = changes.every), (next.cron = "");
  if (changes.cron !== undefined && changes.cron !== "") (next.cron = changes.cron), (next.every = "");
  if (changes.offset !== undefined) next.offset = changes.offset;
  checkOptions(next);
  const buffer = Buffer.from(source, "utf8");
  if (!found) return { flux: `option task = ${renderRecord(next, [])}\n\n${source}`, options: next };
  const location = found.record.location;
  if (!location) throw invalid("invalid options: task option has no position");
  const kept = found.record.properties
    .filter((p) => !["name", "every", "cron", "offset"].includes(keyName(p)) && p.location)
    .map((p) => buffer.subarray(byteOffset(buffer, p.location!.start.line, p.location!.start.column), byteOffset(buffer, p.location!.end.line, p.location!.end.column)).toString("utf8"));
  const start = byteOffset(buffer, location.start.line, location.start.column);
  const end = byteOffset(buffer, location.end.line, location.end.column);
  const flux = Buffer.concat([buffer.subarray(0, start), Buffer.from(renderRecord(next, kept), "utf8"), buffer.subarray(end)]).toString("utf8");
  return { flux, options: readTaskOptions(flux) };
}

/** The option's current fields without the full checks (a PATCH may be what makes them valid). */
function readLoose(record: ObjectExpression): TaskOptions {
  const options: TaskOptions = { name: "", every: "", cron: "", offset: "" };
  for (const property of record.properties) {
    const key = keyName(property);
    const value = property.value;
    if ((key === "name" || key === "cron") && value?.type === "StringLiteral") options[key] = value.value;
    if ((key === "every" || key === "offset") && value?.type === "DurationLiteral") options[key] = durationText(value);
  }
  return options;
}
