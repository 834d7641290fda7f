// The eight TSBS-style queries of issue #4 §6, in Flux for Fluxgate and in InfluxQL for influxd 1.x,
// over the cpu-only data set (measurement `cpu`, tag `hostname`, ten float fields). Each call of
// `make` draws a host and a time window from the data's day, as TSBS varies its queries.
import { cpuFieldKeys } from "@fluxgate/line-protocol";

export interface QueryPair {
  flux: string;
  influxql: string;
}

export interface QueryKind {
  name: string;
  what: string;
  /** Target p50 in ms (issue #4 §6). */
  targetMs: number;
  make(draw: () => number): QueryPair;
}

const minute = 60_000_000_000n;
const hour = 60n * minute;

export interface DataSet {
  /** First point, ns. */
  start: bigint;
  /** Just after the last point, ns. */
  stop: bigint;
  hosts: number;
}

const rfc3339 = (ns: bigint): string => new Date(Number(ns / 1_000_000n)).toISOString().replace(".000Z", "Z");

export function queryKinds(data: DataSet): QueryKind[] {
  /** A window of `span` starting on a whole minute inside the data. */
  const window = (draw: () => number, span: bigint): [string, string] => {
    const minutes = Number((data.stop - data.start - span) / minute);
    const from = data.start + BigInt(Math.floor(draw() * (minutes + 1))) * minute;
    return [rfc3339(from), rfc3339(from + span)];
  };
  const host = (draw: () => number): string => `host_${Math.floor(draw() * data.hosts)}`;
  const bucket = `from(bucket: "bench")`;
  const five = cpuFieldKeys.slice(0, 5);
  const fieldFilter = (fields: readonly string[]) => fields.map((f) => `r._field == "${f}"`).join(" or ");
  return [
    {
      name: "single-groupby-1-1-1",
      what: "max(usage_user) of one host, 1 h, 1-minute windows",
      targetMs: 5,
      make: (draw) => {
        const [a, b] = window(draw, hour);
        const h = host(draw);
        return {
          flux: `${bucket} |> range(start: ${a}, stop: ${b}) |> filter(fn: (r) => r._measurement == "cpu" and r._field == "usage_user" and r.hostname == "${h}") |> aggregateWindow(every: 1m, fn: max, createEmpty: false)`,
          influxql: `SELECT max(usage_user) FROM cpu WHERE hostname = '${h}' AND time >= '${a}' AND time < '${b}' GROUP BY time(1m)`,
        };
      },
    },
    {
      name: "single-groupby-5-1-12",
      what: "max of 5 fields, one host, 12 h, 1-minute windows",
      targetMs: 10,
      make: (draw) => {
        const [a, b] = window(draw, 12n * hour);
        const h = host(draw);
        return {
          flux: `${bucket} |> range(start: ${a}, stop: ${b}) |> filter(fn: (r) => r._measurement == "cpu" and r.hostname == "${h}" and (${fieldFilter(five)})) |> aggregateWindow(every: 1m, fn: max, createEmpty: false)`,
          influxql: `SELECT ${five.map((f) => `max(${f})`).join(", ")} FROM cpu WHERE hostname = '${h}' AND time >= '${a}' AND time < '${b}' GROUP BY time(1m)`,
        };
      },
    },
    {
      name: "double-groupby-1",
      what: "mean(usage_user) per host per hour over 12 h",
      targetMs: 30,
      make: (draw) => {
        const [a, b] = window(draw, 12n * hour);
        return {
          flux: `${bucket} |> range(start: ${a}, stop: ${b}) |> filter(fn: (r) => r._measurement == "cpu" and r._field == "usage_user") |> aggregateWindow(every: 1h, fn: mean, createEmpty: false)`,
          influxql: `SELECT mean(usage_user) FROM cpu WHERE time >= '${a}' AND time < '${b}' GROUP BY time(1h), hostname`,
        };
      },
    },
    {
      name: "double-groupby-all",
      what: "mean of all 10 fields per host per hour over 12 h",
      targetMs: 80,
      make: (draw) => {
        const [a, b] = window(draw, 12n * hour);
        return {
          flux: `${bucket} |> range(start: ${a}, stop: ${b}) |> filter(fn: (r) => r._measurement == "cpu") |> aggregateWindow(every: 1h, fn: mean, createEmpty: false)`,
          influxql: `SELECT ${cpuFieldKeys.map((f) => `mean(${f})`).join(", ")} FROM cpu WHERE time >= '${a}' AND time < '${b}' GROUP BY time(1h), hostname`,
        };
      },
    },
    {
      name: "high-cpu-1",
      what: "all fields of one host where usage_user > 90, 12 h",
      targetMs: 8,
      make: (draw) => {
        const [a, b] = window(draw, 12n * hour);
        const h = host(draw);
        return {
          flux: `${bucket} |> range(start: ${a}, stop: ${b}) |> filter(fn: (r) => r._measurement == "cpu" and r.hostname == "${h}") |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value") |> filter(fn: (r) => r.usage_user > 90.0)`,
          influxql: `SELECT * FROM cpu WHERE usage_user > 90.0 AND hostname = '${h}' AND time >= '${a}' AND time < '${b}'`,
        };
      },
    },
    {
      name: "high-cpu-all",
      what: "all fields of all hosts where usage_user > 90, 12 h",
      targetMs: 400,
      make: (draw) => {
        const [a, b] = window(draw, 12n * hour);
        return {
          flux: `${bucket} |> range(start: ${a}, stop: ${b}) |> filter(fn: (r) => r._measurement == "cpu") |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value") |> filter(fn: (r) => r.usage_user > 90.0)`,
          influxql: `SELECT * FROM cpu WHERE usage_user > 90.0 AND time >= '${a}' AND time < '${b}'`,
        };
      },
    },
    {
      name: "lastpoint",
      what: "last value of every field of every host",
      targetMs: 100,
      make: () => ({
        flux: `${bucket} |> range(start: 0) |> filter(fn: (r) => r._measurement == "cpu") |> last()`,
        influxql: `SELECT last(*) FROM cpu GROUP BY hostname`,
      }),
    },
    {
      name: "groupby-orderby-limit",
      what: "max(usage_user) per minute, last 5 minutes before a bound",
      targetMs: 30,
      make: (draw) => {
        const [a, b] = window(draw, 5n * minute);
        return {
          flux: `${bucket} |> range(start: ${a}, stop: ${b}) |> filter(fn: (r) => r._measurement == "cpu" and r._field == "usage_user") |> group() |> aggregateWindow(every: 1m, fn: max, createEmpty: false) |> sort(columns: ["_time"], desc: true) |> limit(n: 5)`,
          influxql: `SELECT max(usage_user) FROM cpu WHERE time >= '${a}' AND time < '${b}' GROUP BY time(1m) ORDER BY time DESC LIMIT 5`,
        };
      },
    },
  ];
}
