/**
 * `influxdata/influxdb/monitor`: checks write their statuses, and notification rules their
 * notifications, to the `_monitoring` bucket; `from`/`logs` read them back, `stateChanges` keeps
 * the rows where a status level changed, `deadman` flags series silent since a time.
 */
import type { Members, RuntimeContext } from "../runtime/builtin.js";
import { record } from "../values/value.js";
import { experimentalPackage } from "./experimental.js";
import { fluxPackage } from "./flux-source.js";
import { influxdbPackage, v1Package } from "./influxdb/index.js";
import { universe } from "./universe/index.js";

const source = `
bucket = "_monitoring"

levelOK = "ok"
levelInfo = "info"
levelWarn = "warn"
levelCrit = "crit"
levelUnknown = "unknown"

write = (tables=<-) => tables |> experimental.to(bucket: bucket)
log = (tables=<-) => tables |> experimental.to(bucket: bucket)

_stored = (measurement, start, stop, fn) =>
    influxdb.from(bucket: bucket)
        |> range(start: start, stop: stop)
        |> filter(fn: (r) => r._measurement == measurement)
        |> filter(fn: fn)
        |> v1.fieldsAsCols()

from = (start, stop=now(), fn=(r) => true) => _stored(measurement: "statuses", start: start, stop: stop, fn: fn)
logs = (start, stop=now(), fn) => _stored(measurement: "notifications", start: start, stop: stop, fn: fn)

deadman = (t, tables=<-) =>
    tables
        |> max(column: "_time")
        |> map(fn: (r) => ({r with dead: r._time < t}))

_levelOf = (r, crit, warn, info, ok) =>
    if crit(r: r) then levelCrit
    else if warn(r: r) then levelWarn
    else if info(r: r) then levelInfo
    else if ok(r: r) then levelOK
    else levelUnknown

check = (tables=<-, data, messageFn, crit=(r) => false, warn=(r) => false, info=(r) => false, ok=(r) => true) =>
    tables
        |> experimental.set(o: data.tags)
        |> experimental.group(mode: "extend", columns: experimental.objectKeys(o: data.tags))
        |> map(fn: (r) => ({r with
            _measurement: "statuses",
            _source_measurement: r._measurement,
            _type: data._type,
            _check_id: data._check_id,
            _check_name: data._check_name,
            _level: _levelOf(r: r, crit: crit, warn: warn, info: info, ok: ok),
            _source_timestamp: int(v: r._time),
            _time: now(),
        }))
        |> map(fn: (r) => ({r with _message: messageFn(r: r)}))
        |> experimental.group(mode: "extend", columns: ["_source_measurement", "_type", "_check_id", "_check_name", "_level"])
        |> write()

notify = (tables=<-, endpoint, data) =>
    tables
        |> experimental.set(o: data)
        |> experimental.group(mode: "extend", columns: experimental.objectKeys(o: data))
        |> map(fn: (r) => ({r with _measurement: "notifications", _status_timestamp: int(v: r._time), _time: now()}))
        |> endpoint()
        |> experimental.group(mode: "extend", columns: ["_sent"])
        |> log()

_rank = (level) =>
    if level == levelCrit then 4
    else if level == levelWarn then 3
    else if level == levelInfo then 2
    else if level == levelOK then 1
    else 0

// Rows whose score differs from the previous row's as keep asks, in time order.
_changes = (tables=<-, score, keep) =>
    tables
        |> map(fn: (r) => ({r with __score: score(level: r._level)}))
        |> sort(columns: ["_time"])
        |> difference(columns: ["__score"])
        |> filter(fn: (r) => keep(d: r.__score))
        |> drop(columns: ["__score"])
        |> experimental.group(mode: "extend", columns: ["_level"])

stateChangesOnly = (tables=<-) => tables |> _changes(score: _rank, keep: (d) => d != 0)

stateChanges = (fromLevel="any", toLevel="any", tables=<-) =>
    if fromLevel == "any" and toLevel == "any" then
        tables |> stateChangesOnly()
    else
        tables
            |> _changes(
                score: (level) =>
                    if (if toLevel == "any" then exists level and level != fromLevel else level == toLevel) then 1
                    else if (if fromLevel == "any" then exists level and level != toLevel else level == fromLevel) then 0
                    else -10,
                keep: (d) => d == 1,
            )
`;

export function monitorPackage(context: RuntimeContext): Members {
  const constants = new Map(universe(context));
  constants.set("experimental", record(experimentalPackage(context)));
  constants.set("influxdb", record(influxdbPackage(context)));
  constants.set("v1", record(v1Package(context)));
  return fluxPackage(source, constants);
}
