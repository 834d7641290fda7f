import type { Point } from "@fluxgate/line-protocol";
import { describe, expect, it } from "vitest";
import { ExpositionError, formatBound, parseExposition } from "./prometheus.js";

const NOW = 1_700_000_000_000_000_000n;

/** Points as `measurement tags → fields` lines, sorted, for readable comparisons. */
function summarize(points: Point[]): string[] {
  return points
    .map((p) => {
      const tags = p.tags.map(([k, v]) => `${k}=${v}`).join(",");
      const fields = p.fields.map(([k, f]) => `${k}=${String(f.value)}`).join(",");
      return `${p.measurement}${tags ? `,${tags}` : ""} ${fields}${p.timestamp === NOW ? "" : ` @${p.timestamp}`}`;
    })
    .sort();
}

describe("Prometheus text exposition → InfluxDB scraper points", () => {
  it("stores counters, gauges and untyped samples under their type's field, labels as tags", () => {
    const text = [
      "# HELP http_requests_total Requests served.",
      "# TYPE http_requests_total counter",
      'http_requests_total{method="get",code="200"} 1027',
      'http_requests_total{method="post",code="400"} 3 1395066363000',
      "# TYPE temperature gauge",
      "temperature -3.5e1",
      "# just a comment",
      "",
      "loose_metric 42",
    ].join("\n");
    expect(summarize(parseExposition(text, NOW))).toEqual([
      "http_requests_total,code=200,method=get counter=1027",
      "http_requests_total,code=400,method=post counter=3 @1395066363000000000",
      "loose_metric value=42",
      "temperature gauge=-35",
    ]);
    const [point] = parseExposition("# TYPE g gauge\ng 1.5", NOW);
    expect(point!.fields).toEqual([["gauge", { type: "float", value: 1.5 }]]);
    expect(point!.seriesKey).toBe("g");
  });

  it("gathers a histogram's buckets, count and sum into one point per label set", () => {
    const text = [
      "# TYPE rpc_duration_seconds histogram",
      'rpc_duration_seconds_bucket{service="a",le="0.005"} 1',
      'rpc_duration_seconds_bucket{service="a",le="0.1"} 4',
      'rpc_duration_seconds_bucket{service="a",le="1e+06"} 5',
      'rpc_duration_seconds_bucket{service="a",le="+Inf"} 6',
      'rpc_duration_seconds_sum{service="a"} 12.5',
      'rpc_duration_seconds_count{service="a"} 6',
      'rpc_duration_seconds_bucket{service="b",le="+Inf"} 0',
      'rpc_duration_seconds_sum{service="b"} 0',
      'rpc_duration_seconds_count{service="b"} 0',
    ].join("\n");
    expect(summarize(parseExposition(text, NOW))).toEqual([
      "rpc_duration_seconds,service=a 0.005=1,0.1=4,1e+06=5,+Inf=6,sum=12.5,count=6",
      "rpc_duration_seconds,service=b +Inf=0,sum=0,count=0",
    ]);
  });

  it("gathers a summary's quantiles, count and sum, skipping NaN quantiles", () => {
    const text = [
      "# TYPE go_gc_duration_seconds summary",
      'go_gc_duration_seconds{quantile="0"} 0.0001',
      'go_gc_duration_seconds{quantile="0.5"} 0.0002',
      'go_gc_duration_seconds{quantile="0.99"} NaN',
      "go_gc_duration_seconds_sum 0.5",
      "go_gc_duration_seconds_count 12",
    ].join("\n");
    expect(summarize(parseExposition(text, NOW))).toEqual(["go_gc_duration_seconds 0=0.0001,0.5=0.0002,sum=0.5,count=12"]);
  });

  it("reads escaped label values, drops empty ones, and skips non-finite samples", () => {
    const text = ['# TYPE m gauge', 'm{path="C:\\\\dir",msg="say \\"hi\\"\\nbye",empty=""} 1', 'm{path="x"} +Inf', "# TYPE n counter", "n NaN"].join("\n");
    const points = parseExposition(text, NOW);
    expect(points).toHaveLength(1);
    expect(points[0]!.tags).toEqual([
      ["msg", 'say "hi"\nbye'],
      ["path", "C:\\dir"],
    ]);
  });

  it("reads what prom-client serves (a valid target: the server's own /metrics)", () => {
    const text = [
      "# HELP process_cpu_user_seconds_total Total user CPU time spent in seconds.",
      "# TYPE process_cpu_user_seconds_total counter",
      "process_cpu_user_seconds_total 0.25",
      "",
      "# HELP http_api_request_duration_seconds Time to answer HTTP requests by operation",
      "# TYPE http_api_request_duration_seconds histogram",
      'http_api_request_duration_seconds_bucket{le="0.0005",operation_id="GetHealth",method="GET",status="2XX"} 0',
      'http_api_request_duration_seconds_bucket{le="+Inf",operation_id="GetHealth",method="GET",status="2XX"} 2',
      'http_api_request_duration_seconds_sum{operation_id="GetHealth",method="GET",status="2XX"} 0.004',
      'http_api_request_duration_seconds_count{operation_id="GetHealth",method="GET",status="2XX"} 2',
    ].join("\n");
    expect(summarize(parseExposition(text, NOW))).toEqual([
      "http_api_request_duration_seconds,method=GET,operation_id=GetHealth,status=2XX 0.0005=0,+Inf=2,sum=0.004,count=2",
      "process_cpu_user_seconds_total counter=0.25",
    ]);
  });

  it("rejects text that is not the exposition format, naming the line", () => {
    expect(() => parseExposition("<html>\n<body>", NOW)).toThrow(ExpositionError);
    expect(() => parseExposition("ok 1\nbad{x=1} 2", NOW)).toThrow(/line 2/);
    expect(() => parseExposition("m{x=\"1\"} twelve", NOW)).toThrow(/invalid sample value/);
    expect(() => parseExposition('m{x="1} 1', NOW)).toThrow(/unterminated/);
    expect(() => parseExposition("m 1 12.5", NOW)).toThrow(/invalid timestamp/);
  });

  it("formats bounds as Go's %g does", () => {
    expect([0, 0.005, 0.1, 1, 10, 100000, 1e6, 2.5e6, 1e-5, Infinity].map(formatBound)).toEqual(["0", "0.005", "0.1", "1", "10", "100000", "1e+06", "2.5e+06", "1e-05", "+Inf"]);
  });
});
