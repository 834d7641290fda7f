// What Fluxgate reports as its version. Clients (the influx CLI, client libraries, Grafana) read
// X-Influxdb-Version to decide which API generation they talk to, so it names the InfluxDB release
// whose API Fluxgate serves; Fluxgate's own version travels in /health's `commit` and X-Fluxgate-Version.
export const INFLUXDB_COMPATIBLE_VERSION = "v2.7.11";
export const FLUXGATE_VERSION = "0.1.0";
export const BUILD = "OSS";
