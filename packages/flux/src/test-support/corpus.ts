/** Realistic Flux programs in the style of InfluxDB's documentation, for whole-program tests. */
export const corpus: Record<string, string> = {
  basicQuery: `from(bucket: "example-bucket")
    |> range(start: -1h)
    |> filter(fn: (r) => r._measurement == "cpu" and r._field == "usage_system" and r.cpu == "cpu-total")
    |> aggregateWindow(every: 1m, fn: mean, createEmpty: false)
    |> yield(name: "mean")
`,
  task: `option task = {name: "downsample", every: 1h, offset: 5m}

from(bucket: "telegraf")
    |> range(start: -task.every)
    |> filter(fn: (r) => r._measurement == "mem")
    |> aggregateWindow(every: 5m, fn: max)
    |> to(bucket: "telegraf-downsampled", org: "my-org")
`,
  mapWith: `import "experimental"

data = from(bucket: "b")
    |> range(start: 2021-01-01T00:00:00Z, stop: 2021-01-02T00:00:00.500Z)
    |> map(fn: (r) => ({r with _value: r._value * 2.0, unit: "x\${r.host}"}))

data
    |> experimental.group(columns: ["host"], mode: "extend")
    |> yield()
`,
  customFunction: `// Multiply every value by a factor.
multByX = (tables=<-, x) =>
    tables
        |> map(fn: (r) => ({r with _value: r._value * x}))

square = (n) => n * n

from(bucket: "b")
    |> range(start: -30d, stop: now())
    |> multByX(x: 2.0)
`,
  blockFunction: `import "math"

hypot = (a, b) => {
    sq = (x) => x ^ 2.0
    return math.sqrt(x: sq(x: a) + sq(x: b))
}

label = (v) => if v > 90 then "crit" else if v > 70 then "warn" else "ok"
`,
  pivotJoin: `import "join"

left = from(bucket: "a") |> range(start: -1h) |> filter(fn: (r) => r._field =~ /^usage_/)
right = from(bucket: "b") |> range(start: -1h) |> filter(fn: (r) => r._field !~ /idle\\/total/)

join.inner(left: left, right: right, on: (l, r) => l._time == r._time, as: (l, r) => ({l with rv: r._value}))
    |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
`,
  dictionaries: `import "dict"

codes = [1: "one", 2: "two"]
empty = [:]
name = dict.get(dict: codes, key: 1, default: "?")
arr = [1, 2, 3]
first = arr[0]
nested = {a: {b: ["x", "y"]}}
y = nested.a["b"][1]
`,
  options: `option now = () => 2022-01-01T00:00:00Z
option location = timezone.location(name: "America/Los_Angeles")
option v = {bucket: "b", timeRangeStart: -1h, timeRangeStop: now(), windowPeriod: 10s}

from(bucket: v.bucket)
    |> range(start: v.timeRangeStart, stop: v.timeRangeStop)
    |> filter(fn: (r) => exists r._value and not r._value == 0)
    |> window(every: v.windowPeriod)
`,
  monitoring: `import "influxdata/influxdb/monitor"
import "influxdata/influxdb/v1"

option task = {name: "check", every: 1m}

check = {_check_id: "0000000000000001", _check_name: "cpu", _type: "threshold", tags: {}}
crit = (r) => r.usage_idle < 10.0
messageFn = (r) => "Check: \${r._check_name} is \${r._level}"

from(bucket: "telegraf")
    |> range(start: -1m)
    |> v1.fieldsAsCols()
    |> monitor.check(data: check, messageFn: messageFn, crit: crit)
`,
  testcase: `import "testing"
import "array"

testcase addition {
    got = array.from(rows: [{_value: 1 + 1}])
    want = array.from(rows: [{_value: 2}])
    testing.diff(got: got, want: want)
}
`,
  durations: `durations = [1ns, 2us, 3µs, 4ms, 5s, 6m, 7h, 8d, 9w, 10mo, 11y, 1h30m, 1y2mo3w4d]
times = [2022-01-01, 2022-01-01T00:00:00Z, 2022-01-01T00:00:00.123456789+05:30]
floats = [0.0, 1.5, .25, 10.]
`,
  histogram: `from(bucket: "b")
    |> range(start: -1d)
    |> histogram(bins: linearBins(start: 0.0, width: 10.0, count: 10))
    |> histogramQuantile(quantile: 0.99)
    |> sort(columns: ["_value"], desc: true)
    |> limit(n: 10, offset: 2)
`,
};
