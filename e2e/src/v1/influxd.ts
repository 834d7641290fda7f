// A private InfluxDB 1.x (Debian's `influxdb` package, binary `influxd`) for the differential suite,
// started as the benchmark starts its competitor (bench/src/influxd.ts): a config file of our own in a
// temp dir (never the system service), its folders and both listeners ours, on loopback ports.
import { influxdInstalled, startInfluxd as startPrivateInfluxd } from "@fluxgate/bench/influxd";

export { influxdInstalled };

export interface RunningInfluxd {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Stops it (SIGTERM, then SIGKILL) and removes its folders. */
  stop(): Promise<void>;
}

/** Starts influxd with the database `database` created, once /ping answers 204. */
export async function startInfluxd(database: string): Promise<RunningInfluxd> {
  const target = await startPrivateInfluxd(database);
  return {
    url: target.writeUrl.origin,
    stop: async () => {
      await target.stop();
      await target.remove();
    },
  };
}
