// Durations, time literals and RFC3339 output, all in nanoseconds as bigint (no precision lost).

const UNIT_NS: Record<string, bigint> = {
  ns: 1n,
  u: 1_000n,
  µ: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
  w: 604_800_000_000_000n,
};

/** Smallest and largest times InfluxDB accepts (its own bounds, one inside int64's). */
export const MIN_TIME = -9223372036854775806n;
export const MAX_TIME = 9223372036854775806n;

/** `1h30m` → ns. */
export function parseDuration(text: string): bigint {
  let total = 0n;
  const re = /(\d+)(ns|ms|u|µ|s|m|h|d|w)/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(text)) !== null) {
    total += BigInt(m[1]!) * UNIT_NS[m[2]!]!;
    consumed = re.lastIndex;
  }
  if (consumed !== text.length || consumed === 0) throw new Error(`invalid duration ${text}`);
  return total;
}

/** Epoch precision names of the `epoch` parameter → ns per unit. */
export function epochUnit(epoch: string): bigint | undefined {
  return epoch === "n" || epoch === "ns" ? 1n : UNIT_NS[epoch === "us" ? "u" : epoch];
}

const TIME_LITERAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * A string compared with `time`: RFC3339 (nanoseconds allowed) or `YYYY-MM-DD[ HH:MM:SS[.n]]`.
 * Without an offset it is a wall time in `location` (the statement's tz()), else UTC.
 */
export function parseTimeLiteral(text: string, location?: string): bigint | undefined {
  const m = TIME_LITERAL.exec(text.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "", explicit] = m;
  const zone = explicit ?? "Z";
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms)) return undefined;
  let ns = BigInt(ms) * 1_000_000n + BigInt(frac.padEnd(9, "0") || "0");
  if (explicit === undefined && location !== undefined) {
    // As Go resolves a wall time: the offset in force at the instant that the offset at the wall
    // time read as UTC gives (they differ around a DST change).
    return ns - zoneOffsetNs(location, ns - zoneOffsetNs(location, ns));
  }
  if (zone !== "Z") {
    const sign = zone[0] === "-" ? -1n : 1n;
    const minutes = BigInt(Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
    ns -= sign * minutes * 60_000_000_000n;
  }
  return ns;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Offsets already looked up, per zone and quarter hour (zones change offset on quarter hours). */
const offsetCache = new Map<string, bigint>();
const QUARTER_HOUR_MS = 900_000;

/** Offset of `zone` from UTC at instant `ns`, in ns (Intl knows the IANA database). */
export function zoneOffsetNs(zone: string, ns: bigint): bigint {
  const ms = Number(floorDiv(ns, 1_000_000n));
  const key = `${zone}\u0000${Math.floor(ms / QUARTER_HOUR_MS)}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const offset = lookUpOffset(zone, ms);
  if (offsetCache.size >= 100_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

function lookUpOffset(zone: string, ms: number): bigint {
  const parts = formatterOf(zone).formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  const truncated = Math.floor(ms / 1000) * 1000;
  return BigInt(local - truncated) * 1_000_000n;
}

/** True when Intl knows the zone name. */
export function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** Go's RFC3339Nano: trailing zeros of the fraction dropped, `Z` or `±hh:mm`. */
export function formatRFC3339(ns: bigint, zone?: string): string {
  const offset = zone === undefined ? 0n : zoneOffsetNs(zone, ns);
  const local = ns + offset;
  let seconds = local / 1_000_000_000n;
  let frac = local % 1_000_000_000n;
  if (frac < 0n) {
    frac += 1_000_000_000n;
    seconds -= 1n;
  }
  const d = new Date(Number(seconds) * 1000);
  let text =
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (frac !== 0n) text += `.${frac.toString().padStart(9, "0").replace(/0+$/, "")}`;
  if (offset === 0n) return `${text}Z`;
  const minutes = Number((offset < 0n ? -offset : offset) / 60_000_000_000n);
  return `${text}${offset < 0n ? "-" : "+"}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** Floor division for possibly negative times. */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** Start of the window holding `t` for windows of `every` shifted by `offset`. */
export function windowStart(t: bigint, every: bigint, offset: bigint): bigint {
  return floorDiv(t - offset, every) * every + offset;
}

/** The windows of GROUP BY time(): the start of the window holding a time, and the next start. */
export interface Windows {
  /** The GROUP BY time() duration (a window across a DST change is longer or shorter). */
  readonly every: bigint;
  start(t: bigint): bigint;
  next(windowStart: bigint): bigint;
}

/**
 * Windows of `every` shifted by `offset`, in `zone` when given. In a zone, windows are aligned on
 * local time as InfluxDB 1.x aligns them: a day window runs from local midnight to local
 * midnight, 23 or 25 hours long across a DST change. As in 1.x, an offset change is applied only
 * when it is shorter than the window.
 */
export function windowsOf(every: bigint, offset: bigint, zone?: string): Windows {
  if (zone === undefined) return { every, start: (t) => windowStart(t, every, offset), next: (w) => w + every };
  const bounds = (time: bigint): { start: bigint; end: bigint } => {
    const t = time - offset;
    const zoneOffset = zoneOffsetNs(zone, t);
    let dt = (t + zoneOffset) % every;
    if (dt < 0n) dt += every;
    let start = t - dt;
    const startShift = zoneOffset - zoneOffsetNs(zone, start);
    if (startShift !== 0n && abs(startShift) < every) start += startShift;
    let end = t + (every - dt);
    const endShift = zoneOffset - zoneOffsetNs(zone, end);
    if (endShift !== 0n && abs(endShift) < every) end += endShift;
    return { start: start + offset, end: end + offset };
  };
  // Times come mostly in order: the last window found answers most lookups.
  let last = { start: 0n, end: 0n };
  const windowOf = (t: bigint): { start: bigint; end: bigint } => {
    if (t < last.start || t >= last.end) last = bounds(t);
    return last;
  };
  return { every, start: (t) => windowOf(t).start, next: (w) => windowOf(w).end };
}

const abs = (v: bigint): bigint => (v < 0n ? -v : v);

/** True when `zone` keeps one UTC offset from `start` to `stop` (checked weekly and at both ends). */
export function fixedOffset(zone: string, start: bigint, stop: bigint): boolean {
  const week = 604_800_000_000_000n;
  if (stop - start > 520n * week) return false;
  const first = zoneOffsetNs(zone, start);
  for (let t = start + week; t < stop; t += week) if (zoneOffsetNs(zone, t) !== first) return false;
  return zoneOffsetNs(zone, stop) === first;
}

const NS_PER_HOUR = 3_600_000_000_000n;

/**
 * UTC times as {@link formatRFC3339} writes them, for many rows: the text up to the hour
 * ("2016-01-01T02:") is made once per hour and each time adds its minutes, seconds and fraction.
 */
export class UtcTimeText {
  #hourStart = 1n;
  #hourEnd = 0n;
  #prefix = "";

  of(t: bigint): string {
    if (t < this.#hourStart || t >= this.#hourEnd) {
      const start = t - (((t % NS_PER_HOUR) + NS_PER_HOUR) % NS_PER_HOUR);
      const text = formatRFC3339(start);
      // "…T02:00:00Z": the prefix ends 6 characters before the end, whatever the year's width.
      this.#prefix = text.slice(0, text.length - 6);
      this.#hourStart = start;
      this.#hourEnd = start + NS_PER_HOUR;
    }
    // Under an hour of nanoseconds: exact as a double.
    const offset = Number(t - this.#hourStart);
    const seconds = Math.floor(offset / 1e9);
    const nanos = offset - seconds * 1e9;
    const text = `${this.#prefix}${pad(Math.floor(seconds / 60))}:${pad(seconds % 60)}`;
    if (nanos === 0) return `${text}Z`;
    return `${text}.${String(nanos).padStart(9, "0").replace(/0+$/, "")}Z`;
  }
}
