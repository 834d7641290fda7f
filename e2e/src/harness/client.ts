import { InfluxDB } from "@influxdata/influxdb-client";

/** The official JS client pointed at a server with a token (none for setup and health). */
export function influxClient(url: string, token?: string): InfluxDB {
  return new InfluxDB(token === undefined ? { url, timeout: 10_000 } : { url, token, timeout: 10_000 });
}

let counter = 0;
/** A name no other test in this process has used: tests share one server per file. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}
