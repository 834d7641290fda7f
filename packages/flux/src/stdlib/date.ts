/**
 * `date` and `timezone`: calendar parts of times in a location (an IANA zone plus a fixed offset,
 * `{zone, offset}`), truncation, calendar arithmetic. Without a `location` argument the program's
 * `option location` applies, else UTC.
 */
import type { Args } from "../runtime/args.js";
import { type Members, type RuntimeContext, builtin, fail } from "../runtime/builtin.js";
import { type Duration, negateDuration, scaleDuration } from "../values/duration.js";
import { addDuration } from "../values/time.js";
import { type RecordValue, type Value, duration, int, record, string, time } from "../values/value.js";

export interface Location {
  zone: string;
  /** Fixed offset added to the zone's, ns. */
  offset: bigint;
}

const utc: Location = { zone: "UTC", offset: 0n };
const zeroOffset: Duration = { months: 0n, nanoseconds: 0n, negative: false };
const nsPerMs = 1_000_000n;
const nsPerDay = 86_400_000_000_000n;
/** Go's zero time (0001-01-01T00:00:00Z, a Monday), which fixed-size truncation counts from. */

export function locationValue(zone: string, offset: Duration): RecordValue {
  return record([
    ["zone", string(zone)],
    ["offset", duration(offset)],
  ]);
}

function readLocation(value: Value | undefined): Location | undefined {
  if (value === undefined || value.kind !== "record") return undefined;
  const zone = value.fields.get("zone");
  const offset = value.fields.get("offset");
  return {
    zone: zone?.kind === "string" ? zone.value : "UTC",
    offset: offset?.kind === "duration" ? (offset.value.negative ? -offset.value.nanoseconds : offset.value.nanoseconds) : 0n,
  };
}

export function isUTC(loc: Location): boolean {
  return (loc.zone === "UTC" || loc.zone === "") && loc.offset === 0n;
}

export function locationOf(args: Args, context: RuntimeContext): Location {
  return readLocation(args.get("location")) ?? readLocation(context.option("location")) ?? utc;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at instant `t`, ns. */
function zoneOffset(zone: string, t: bigint): bigint {
  if (zone === "UTC" || zone === "") return 0n;
  let format = formatters.get(zone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    } catch {
      return fail(`unknown time zone "${zone}"`);
    }
    formatters.set(zone, format);
  }
  const ms = Number(t / nsPerMs);
  const wholeSecondMs = Math.floor(ms / 1000) * 1000;
  const parts = Object.fromEntries(format.formatToParts(new Date(wholeSecondMs)).map((p) => [p.type, p.value]));
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return BigInt(local - wholeSecondMs) * nsPerMs;
}

function offsetAt(loc: Location, t: bigint): bigint {
  return zoneOffset(loc.zone, t) + loc.offset;
}

/** Wall-clock time in the location, as ns since the epoch of a UTC clock showing it. */
export function wallClock(t: bigint, loc: Location): bigint {
  return t + offsetAt(loc, t);
}

/** The instant whose wall-clock time in `loc` is `wall`. */
export function fromWallClock(wall: bigint, loc: Location): bigint {
  const guess = wall - offsetAt(loc, wall);
  return wall - offsetAt(loc, guess);
}

interface Parts {
  date: Date;
  subMillisecond: bigint;
  nanosOfSecond: bigint;
}

function parts(t: bigint, loc: Location): Parts {
  const wall = wallClock(t, loc);
  const ms = wall / nsPerMs - (wall % nsPerMs < 0n ? 1n : 0n);
  const sub = wall - ms * nsPerMs;
  const date = new Date(Number(ms));
  return { date, subMillisecond: sub, nanosOfSecond: BigInt(date.getUTCMilliseconds()) * nsPerMs + sub };
}

function isoWeek(d: Date): number {
  const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 4 - (thursday.getUTCDay() || 7));
  return Math.ceil(((thursday.getTime() - Date.UTC(thursday.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
}

function yearDay(d: Date): number {
  return Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

const extractors: Record<string, (p: Parts) => bigint> = {
  second: (p) => BigInt(p.date.getUTCSeconds()),
  minute: (p) => BigInt(p.date.getUTCMinutes()),
  hour: (p) => BigInt(p.date.getUTCHours()),
  weekDay: (p) => BigInt(p.date.getUTCDay()),
  monthDay: (p) => BigInt(p.date.getUTCDate()),
  yearDay: (p) => BigInt(yearDay(p.date)),
  month: (p) => BigInt(p.date.getUTCMonth() + 1),
  year: (p) => BigInt(p.date.getUTCFullYear()),
  week: (p) => BigInt(isoWeek(p.date)),
  quarter: (p) => BigInt(Math.floor(p.date.getUTCMonth() / 3) + 1),
  millisecond: (p) => BigInt(p.date.getUTCMilliseconds()),
  microsecond: (p) => p.nanosOfSecond / 1000n,
  nanosecond: (p) => p.nanosOfSecond,
};

function timeArgument(args: Args, context: RuntimeContext, name: string): bigint {
  return args.optionalTime(name, () => context.now(), addDuration) ?? args.fail(`missing required argument ${name}`);
}

/**
 * `t` truncated to a whole `unit` in the location: calendar months and years, else multiples from
 * the Unix epoch, as Flux takes the start of the `unit`-long window holding `t` (so weeks start on
 * Thursday, like window(every: 1w)).
 */
export function truncateTime(t: bigint, unit: Duration, loc: Location): bigint {
  const wall = wallClock(t, loc);
  let truncated: bigint;
  if (unit.months > 0n) {
    const ms = wall / nsPerMs - (wall % nsPerMs < 0n ? 1n : 0n);
    const d = new Date(Number(ms));
    const totalMonths = BigInt(d.getUTCFullYear()) * 12n + BigInt(d.getUTCMonth());
    const kept = totalMonths - (((totalMonths % unit.months) + unit.months) % unit.months);
    truncated = BigInt(Date.UTC(Number(kept / 12n), Number(kept % 12n), 1)) * nsPerMs;
  } else {
    const size = unit.nanoseconds;
    if (size <= 0n) return fail("unit must be positive");
    truncated = wall - (((wall % size) + size) % size);
  }
  // Whole days and longer end at a wall-clock midnight, whose offset may differ from t's (DST).
  return unit.months > 0n || unit.nanoseconds >= nsPerDay ? fromWallClock(truncated, loc) : truncated - (wall - t);
}

export function datePackage(context: RuntimeContext): Members {
  const members = new Map<string, Value>();
  for (const [name, extract] of Object.entries(extractors)) {
    members.set(name, builtin(`date.${name}`, (args) => int(extract(parts(timeArgument(args, context, "t"), locationOf(args, context))))));
  }
  members.set("time", builtin("date.time", (args) => time(timeArgument(args, context, "t"))));
  members.set("truncate", builtin("date.truncate", (args) => time(truncateTime(timeArgument(args, context, "t"), args.duration("unit"), locationOf(args, context)))));
  members.set("add", builtin("date.add", (args) => time(addDuration(timeArgument(args, context, "to"), args.duration("d")))));
  members.set("sub", builtin("date.sub", (args) => time(addDuration(timeArgument(args, context, "from"), negateDuration(args.duration("d"))))));
  members.set("scale", builtin("date.scale", (args) => duration(scaleDuration(args.duration("d"), args.int("n")))));
  ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"].forEach((day, i) => members.set(day, int(BigInt(i))));
  ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"].forEach((month, i) => members.set(month, int(BigInt(i + 1))));
  return members;
}

export const timezonePackage: Members = new Map<string, Value>([
  ["utc", locationValue("UTC", zeroOffset)],
  ["fixed", builtin("timezone.fixed", (args) => locationValue("UTC", args.duration("offset")))],
  [
    "location",
    builtin("timezone.location", (args) => {
      const name = args.string("name");
      zoneOffset(name, 0n);
      return locationValue(name, zeroOffset);
    }),
  ],
]);
