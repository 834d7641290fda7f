/** influxdata/influxdb/monitor over in-memory services: checks write statuses, notify logs, stateChanges, deadman. */
import { describe, expect, it } from "vitest";
import { MemoryServices } from "../runtime/memory-services.js";
import { MemoryDataSource } from "../runtime/memory-source.js";
import { expectDocTables, queryTables } from "../test-support/tables.js";

function options() {
  const source = new MemoryDataSource({ _monitoring: [] });
  return { source, services: new MemoryServices(source, ["_monitoring"]).services };
}

const prelude = 'import "influxdata/influxdb/monitor"\nimport "array"\n';
const cpu = `array.from(rows: [
  {_time: 2020-09-13T12:00:00Z, _measurement: "cpu", host: "a", usage: 95.0},
  {_time: 2020-09-13T12:00:00Z, _measurement: "cpu", host: "b", usage: 10.0},
]) |> group(columns: ["_measurement", "host"])`;

describe("monitor", () => {
  it("check writes one status per row, with its level and message, to _monitoring", async () => {
    const opts = options();
    const check = `${prelude}${cpu} |> monitor.check(data: {_check_id: "c1", _check_name: "CPU", _type: "threshold", tags: {team: "ops"}}, messageFn: (r) => "\${r.host} is \${r._level}", crit: (r) => r.usage > 90.0, warn: (r) => r.usage > 50.0)`;
    const passed = await queryTables(check, opts);
    expect(passed.flatMap((t) => t.rows.map((r) => `${r.host}:${r._level}:${r._measurement}:${r._source_measurement}`)).sort()).toEqual(["a:crit:statuses:cpu", "b:ok:statuses:cpu"]);
    await expectDocTables(
      `${prelude}monitor.from(start: -1h, stop: 2030-01-01T00:00:00Z) |> keep(columns: ["host", "_level", "_message", "_check_id", "team", "usage", "_source_timestamp"])`,
      `| *host | *_level | _message | *_check_id | *team | usage | _source_timestamp |
       | a | crit | a is crit | c1 | ops | 95 | 1599998400000000000 |

       | *host | *_level | _message | *_check_id | *team | usage | _source_timestamp |
       | b | ok | b is ok | c1 | ops | 10 | 1599998400000000000 |`,
      opts,
    );
  });

  it("notify passes rows through the endpoint and logs them as notifications", async () => {
    const opts = options();
    await queryTables(`${prelude}${cpu} |> monitor.notify(data: {_notification_rule_id: "r1"}, endpoint: (tables=<-) => tables |> map(fn: (r) => ({r with _sent: "true"})))`, opts);
    await expectDocTables(`${prelude}monitor.logs(start: -1h, stop: 2030-01-01T00:00:00Z, fn: (r) => r.host == "a") |> keep(columns: ["host", "_sent", "_notification_rule_id", "usage"])`, `| *host | *_sent | *_notification_rule_id | usage |
       | a | true | r1 | 95 |`, opts);
  });

  it("stateChanges keeps the rows where the level changed (as asked)", async () => {
    const levels = ["ok", "ok", "crit", "crit", "ok", "warn"];
    const statuses = `array.from(rows: [${levels.map((l, i) => `{_time: 2020-09-13T12:0${i}:00Z, _level: "${l}"}`).join(", ")}])`;
    const times = async (call: string) => (await queryTables(`${prelude}${statuses} |> ${call}`)).flatMap((t) => t.rows.map((r) => `${r._time}:${r._level}`));
    expect(await times("monitor.stateChangesOnly()")).toEqual(["2020-09-13T12:02:00Z:crit", "2020-09-13T12:04:00Z:ok", "2020-09-13T12:05:00Z:warn"]);
    expect(await times('monitor.stateChanges(toLevel: "crit")')).toEqual(["2020-09-13T12:02:00Z:crit"]);
    expect(await times('monitor.stateChanges(fromLevel: "crit", toLevel: "ok")')).toEqual(["2020-09-13T12:04:00Z:ok"]);
  });

  it("deadman flags series whose last point is before t", async () => {
    const seen = `array.from(rows: [{_time: 2020-09-13T12:00:00Z, host: "a"}, {_time: 2020-09-13T12:01:00Z, host: "b"}, {_time: 2020-09-13T11:00:00Z, host: "b"}]) |> group(columns: ["host"])`;
    await expectDocTables(`${prelude}${seen} |> monitor.deadman(t: 2020-09-13T12:00:30Z) |> keep(columns: ["host", "dead"])`, `| *host | dead |
       | a | true |

       | *host | dead |
       | b | false |`);
  });
});
