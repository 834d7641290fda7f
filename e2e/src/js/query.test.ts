// Flux through the official JS client: points written with its WriteApi come back through its
// QueryApi (annotated CSV parsed by the client itself), aggregated and as errors.
import { Point } from "@influxdata/influxdb-client";
import { describe, expect, it } from "vitest";
import { influxClient } from "../harness/client.js";
import { errorCode, expectHttpError } from "../harness/expect-http-error.js";
import { useOnboardedServer } from "../harness/onboarded-server.js";

const fluxgate = useOnboardedServer();
const BASE_S = 1_700_000_000;
/** RFC3339 as InfluxDB writes times: no fraction when it is zero. */
const rfc3339 = (seconds: number) => new Date(seconds * 1000).toISOString().replace(".000Z", "Z");

async function writeSample(): Promise<void> {
  const { server, setup } = fluxgate.current;
  const write = influxClient(server.url, setup.token).getWriteApi(setup.orgName, setup.bucketName, "s", { maxRetries: 0 });
  for (let i = 0; i < 6; i++) {
    write.writePoint(new Point("climate").tag("room", i % 2 === 0 ? "kitchen" : "hall").floatField("temp", 20 + i).timestamp(BASE_S + i * 10));
  }
  await write.close();
}

describe("QueryApi (official JS client)", () => {
  it("reads written points back as rows, with InfluxDB's columns and types", async () => {
    await writeSample();
    const { server, setup } = fluxgate.current;
    const query = influxClient(server.url, setup.token).getQueryApi(setup.orgName);
    const rows = await query.collectRows<Record<string, unknown>>(
      `from(bucket: "${setup.bucketName}")
        |> range(start: ${BASE_S}, stop: ${BASE_S + 3600})
        |> filter(fn: (r) => r._measurement == "climate" and r.room == "kitchen")`,
    );
    expect(rows.map((r) => [r["_time"], r["_value"], r["_field"], r["room"]])).toEqual([
      [rfc3339(BASE_S), 20, "temp", "kitchen"],
      [rfc3339(BASE_S + 20), 22, "temp", "kitchen"],
      [rfc3339(BASE_S + 40), 24, "temp", "kitchen"],
    ]);
  });

  it("aggregates per group", async () => {
    const { server, setup } = fluxgate.current;
    const query = influxClient(server.url, setup.token).getQueryApi(setup.orgName);
    const rows = await query.collectRows<Record<string, unknown>>(
      `from(bucket: "${setup.bucketName}")
        |> range(start: ${BASE_S}, stop: ${BASE_S + 3600})
        |> filter(fn: (r) => r._measurement == "climate")
        |> group(columns: ["room"])
        |> mean()`,
    );
    const byRoom = Object.fromEntries(rows.map((r) => [r["room"], r["_value"]]));
    expect(byRoom).toEqual({ kitchen: 22, hall: 23 });
  });

  it("surfaces a Flux syntax error as the client's HttpError 400 with code invalid", async () => {
    const { server, setup } = fluxgate.current;
    const query = influxClient(server.url, setup.token).getQueryApi(setup.orgName);
    const error = await expectHttpError(query.collectRows(`from(bucket: "${setup.bucketName}") |> range(start: `));
    expect(error.statusCode).toBe(400);
    expect(errorCode(error)).toBe("invalid");
  });
});
