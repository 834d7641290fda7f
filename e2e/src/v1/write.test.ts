// The 1.x node client (`influx` on npm) against Fluxgate: a v1 username/password made through
// /private/legacy/authorizations writes through POST /write (db = bucket name, its virtual DBRP
// mapping), and the points come back through Flux and through InfluxQL on /query.
import { InfluxDB } from "influx";
import { describe, expect, it } from "vitest";
import { useOnboardedServer } from "../harness/onboarded-server.js";
import { createV1User as createV1UserFor } from "./v1-user.js";

const fluxgate = useOnboardedServer();
const BASE_S = 1_700_000_000;
const USERNAME = "v1-node-writer";
const PASSWORD = "v1-node-password";

/** A v1 authorization with read and write on the setup bucket, and its password. */
const createV1User = () => createV1UserFor(fluxgate.current.server.url, fluxgate.current.setup, { username: USERNAME, password: PASSWORD });

function v1Client(password = PASSWORD): InfluxDB {
  const { server, setup } = fluxgate.current;
  const url = new URL(server.url);
  return new InfluxDB({ host: url.hostname, port: Number(url.port), protocol: "http", database: setup.bucketName, username: USERNAME, password });
}

describe("node 1.x client (influx)", () => {
  it("writes with a v1 username and password; the points read back through Flux and InfluxQL", async () => {
    await createV1User();
    const client = v1Client();
    await client.writePoints(
      [0, 1, 2].map((i) => ({ measurement: "weather", tags: { city: i % 2 === 0 ? "oslo" : "rome" }, fields: { temp: 10 + i }, timestamp: BASE_S + i * 60 })),
      { precision: "s" },
    );
    await client.writePoints([{ measurement: "weather", tags: { city: "oslo" }, fields: { temp: 20 }, timestamp: BASE_S + 300 }], { precision: "s", retentionPolicy: "autogen" });

    const { server, setup } = fluxgate.current;
    const flux = await fetch(`${server.url}/api/v2/query?orgID=${setup.orgID}`, {
      method: "POST",
      headers: { Authorization: `Token ${setup.token}`, "Content-Type": "application/vnd.flux", Accept: "application/csv" },
      body: `from(bucket: "${setup.bucketName}") |> range(start: ${BASE_S}, stop: ${BASE_S + 3600}) |> filter(fn: (r) => r._measurement == "weather" and r.city == "oslo") |> keep(columns: ["_time", "_value"])`,
    });
    expect(flux.status).toBe(200);
    const values = (await flux.text()).split(/\r?\n/).filter((l) => l.startsWith(",_result")).map((l) => l.split(",").slice(-2));
    expect(values).toEqual([
      [new Date(BASE_S * 1000).toISOString().replace(".000Z", "Z"), "10"],
      [new Date((BASE_S + 120) * 1000).toISOString().replace(".000Z", "Z"), "12"],
      [new Date((BASE_S + 300) * 1000).toISOString().replace(".000Z", "Z"), "20"],
    ]);

    // epoch=ms, as Grafana asks (without a precision this client sends an empty `epoch=`).
    const rows = await client.query<{ time: Date; temp: number; city: string }>(`SELECT temp, city FROM weather WHERE city = 'oslo'`, { precision: "ms" });
    expect(rows.map((r) => [r.time.getTime() / 1000, r.temp])).toEqual([
      [BASE_S, 10],
      [BASE_S + 120, 12],
      [BASE_S + 300, 20],
    ]);
  });

  it("is refused with a wrong password or an unmapped database", async () => {
    const wrong = v1Client("not-the-password");
    await expect(wrong.writePoints([{ measurement: "weather", fields: { temp: 1 } }])).rejects.toThrow(/401|unauthorized/);
    await expect(v1Client().writePoints([{ measurement: "weather", fields: { temp: 1 } }], { database: "no-such-db" })).rejects.toThrow(/404|no dbrp mapping found/);
  });
});
