// Where InfluxDB 2.x's 1.x compatibility API answers differently from InfluxDB 1.x on purpose (or
// documents what 1.6 gets wrong), so the request is not in the compared corpus. Each entry says why,
// where it is documented, and what Fluxgate answers instead: the differential suite checks that, so
// the table cannot go stale. Statements 2.x does not run at all (CREATE/DROP DATABASE, users,
// grants, continuous queries, retention policy changes, KILL QUERY, …) are left out of the corpus
// altogether: influxd runs them, Fluxgate answers 2.x's per-statement error.
import type { Request } from "./corpus.js";

export interface KnownDifference extends Request {
  readonly reason: string;
  /** The page that documents the 2.x behaviour. */
  readonly doc: string;
  /** Fluxgate's HTTP status (200 unless said). */
  readonly status?: number;
  /** What Fluxgate's answer text (JSON, or CSV when asked) must match. */
  readonly fluxgate: RegExp;
}

export const knownDifferences: readonly KnownDifference[] = [
  {
    q: "SHOW DATABASES",
    reason: "2.x lists the databases of the DBRP mappings the token can read (the virtual mapping of every bucket, system buckets included), not 1.x databases (influxd adds _internal)",
    doc: "https://docs.influxdata.com/influxdb/v2/query-data/influxql/dbrp/",
    fluxgate: /"name":"databases","columns":\["name"\],"values":\[.*\["diff"\]/,
  },
  {
    q: "SHOW RETENTION POLICIES",
    reason: "2.x lists the retention policies of the database's DBRP mappings with the bucket's retention; 1.x lists its own policies with shard group durations and replication",
    doc: "https://docs.influxdata.com/influxdb/v2/query-data/influxql/dbrp/",
    fluxgate: /"values":\[\["autogen"/,
  },
  {
    q: "CREATE DATABASE other; SHOW USERS",
    reason: "2.x runs no database, user, grant, continuous query or retention policy management statements: each answers a statement error (influxd runs them); the other statements of that kind are left out of the corpus",
    doc: "https://docs.influxdata.com/influxdb/v2/query-data/influxql/ (InfluxQL support)",
    fluxgate: /^\{"results":\[\{"statement_id":0,"error":"CREATE DATABASE is not supported by InfluxDB 2.x compatibility"\},\{"statement_id":1,"error":"not executed"\}\]\}$/,
  },
  {
    q: "SELECT FROM cpu",
    status: 400,
    reason: "a request-level error is 2.x's {\"code\",\"message\"} body; Fluxgate adds 1.x's \"error\" with the same text, which is what the suite compares for every request-level error",
    doc: "https://docs.influxdata.com/influxdb/v2/api/v1-compatibility/ (and influxdata/influxdb#21173)",
    fluxgate: /^\{"code":"invalid","message":"error parsing query: found FROM, expected identifier, string, number, bool at line 1, char 8","error":"error parsing query: found FROM, expected identifier, string, number, bool at line 1, char 8"\}$/,
  },
  {
    q: "SELECT usage_user FROM cpu WHERE host = 'a' LIMIT 1",
    epoch: "µ",
    reason: "2.x documents epoch=µ as microseconds (as 1.x's docs do), but influxd 1.6 does not know µ and answers nanoseconds",
    doc: "https://docs.influxdata.com/influxdb/v2/api/legacy-query/ (epoch: ns, u, µ, ms, s, m, h)",
    fluxgate: /"values":\[\[1704067200000000,/,
  },
  {
    q: "SELECT usage_user FROM cpu WHERE host = 'a' OFFSET 15",
    reason: "OFFSET without LIMIT on a raw query: influxd 1.x answers one row (a 1.x defect reported since 1.1 and still in 1.7); Fluxgate skips the first rows and answers the rest",
    doc: "https://github.com/influxdata/influxdb/issues/7577 and https://github.com/influxdata/influxdb/issues/14306",
    fluxgate: /"values":\[\["2024-01-01T03:15:00Z",27.68\],\["2024-01-01T03:30:00Z",[^\]]*\],\["2024-01-01T03:36:41Z",27.36\],\["2024-01-01T03:45:00Z",[^\]]*\]\]/,
  },
  {
    q: "SELECT mean(status) FROM cpu; SELECT count(used) FROM mem",
    reason: "a statement failing before later ones: influxd 1.6 answers only 'not executed' in its place and drops the rest (a 1.x defect, fixed later); Fluxgate answers the statement's own error, then 'not executed' for each statement after it",
    doc: "https://github.com/influxdata/influxdb/issues/10353 and https://github.com/influxdata/influxdb/pull/22273",
    fluxgate: /^\{"results":\[\{"statement_id":0,"error":"unsupported mean iterator type: \*query.stringInterruptIterator"\},\{"statement_id":1,"error":"not executed"\}\]\}$/,
  },
  {
    q: "SELECT mean(status) FROM cpu",
    csv: true,
    reason: "a statement error in a CSV answer: influxd 1.x writes nothing (a 1.x defect, still open in 1.8); Fluxgate writes 1.x's CSV error form, an 'error' line and the message",
    doc: "https://github.com/influxdata/influxdb/issues/21113",
    fluxgate: /^error\nunsupported mean iterator type: \*query.stringInterruptIterator\n$/,
  },
  {
    q: "SELECT abs(cores - 10) FROM cpu WHERE host = 'a' LIMIT 2",
    reason: "abs() of an integer: influxd 1.6 answers the value unchanged, negative ones included (a 1.x defect, closed as wontfix); InfluxDB 2.x documents abs() as the absolute value, which Fluxgate answers",
    doc: "https://github.com/influxdata/influxdb/issues/10261 and https://docs.influxdata.com/influxdb/v2/query-data/influxql/functions/transformations/#abs",
    fluxgate: /"columns":\["time","abs"\],"values":\[\["2024-01-01T00:00:00Z",8\],\["2024-01-01T00:15:00Z",6\]\]/,
  },
];
