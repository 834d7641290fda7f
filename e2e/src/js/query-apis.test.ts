// Every way the official JS client's QueryApi reads a result — queryRows callbacks, collectLines,
// queryRaw, iterateRows, the rows() Observable — against points its WriteApi wrote, then the `flux`
// tagged template and its literal helpers as parameters, and a token that may read another bucket only.
import { flux, fluxBool, fluxDateTime, fluxDuration, fluxFloat, fluxInteger, fluxString, type FluxTableMetaData, type ParameterizedQuery, type QueryApi } from "@influxdata/influxdb-client";
import { AuthorizationsAPI, BucketsAPI } from "@influxdata/influxdb-client-apis";
import { beforeAll, describe, expect, it } from "vitest";
import { influxClient, uniqueName } from "../harness/client.js";
import { expectHttpError } from "../harness/expect-http-error.js";
import { useOnboardedServer } from "../harness/onboarded-server.js";

const fluxgate = useOnboardedServer();
const BASE_NS = 1_700_000_000n * 1_000_000_000n;
const START = "2023-11-14T22:13:20Z";
const STOP = "2023-11-14T23:13:20Z";
/** The first point's time keeps nanoseconds: the client hands dateTime values over as RFC3339 text. */
const FIRST = "2023-11-14T22:13:20.123456789Z";
const SECOND = "2023-11-14T22:13:30Z";
const HALL = "2023-11-14T22:13:25Z";
/** A string that would break or rewrite a query pasted in without escaping. */
const AWKWARD = 'x"${y}\\';
const LINES = [
  `js_query,host=a,room=kitchen temp=21.5,count=3i,hits=9u,ok=true,note="fine" ${BASE_NS + 123_456_789n}`,
  `js_query,host=a,room=kitchen temp=22.25,count=-4i,hits=10u,ok=false,note="x\\"\${y}\\\\" ${BASE_NS + 10_000_000_000n}`,
  `js_query,host=b,room=hall temp=19,count=7i,hits=11u,ok=true,note="b1" ${BASE_NS + 5_000_000_000n}`,
];

const queryApi = (token = fluxgate.current.setup.token): QueryApi => influxClient(fluxgate.current.server.url, token).getQueryApi(fluxgate.current.setup.orgName);
const source = (rest: string): string =>
  `from(bucket: "${fluxgate.current.setup.bucketName}") |> range(start: ${START}, stop: ${STOP}) |> filter(fn: (r) => r._measurement == "js_query")${rest}`;
/** A row as [table, _field, _time, _value, typeof _value]: the client converts values by column type. */
const summary = (values: string[], meta: FluxTableMetaData): unknown[] => {
  const value: unknown = meta.get(values, "_value");
  return [meta.get(values, "table"), meta.get(values, "_field"), meta.get(values, "_time"), value, typeof value];
};

beforeAll(async () => {
  const { server, setup } = fluxgate.current;
  const write = influxClient(server.url, setup.token).getWriteApi(setup.orgName, setup.bucketName, "ns", { maxRetries: 0 });
  write.writeRecords(LINES);
  await write.close();
});

describe("QueryApi result shapes (official JS client)", () => {
  it("queryRows calls next for every row with its table's metadata, then complete once and never error", async () => {
    const rows: unknown[][] = [];
    const columns: string[][] = [];
    const ends: string[] = [];
    await new Promise<void>((resolve) => {
      queryApi().queryRows(source(' |> filter(fn: (r) => r.host == "a")'), {
        next(values, meta) {
          rows.push(summary(values, meta));
          if (meta.get(values, "_time") === FIRST) columns.push(meta.columns.map((c) => `${c.label}:${c.dataType}:${c.group ? "key" : "-"}`));
        },
        error(error) {
          ends.push(`error ${error.message}`);
          resolve();
        },
        complete() {
          ends.push("complete");
          resolve();
        },
      });
    });
    expect(ends).toEqual(["complete"]);
    expect(rows).toEqual([
      [0, "count", FIRST, 3, "number"],
      [0, "count", SECOND, -4, "number"],
      [1, "hits", FIRST, 9, "number"],
      [1, "hits", SECOND, 10, "number"],
      [2, "note", FIRST, "fine", "string"],
      [2, "note", SECOND, AWKWARD, "string"],
      [3, "ok", FIRST, true, "boolean"],
      [3, "ok", SECOND, false, "boolean"],
      [4, "temp", FIRST, 21.5, "number"],
      [4, "temp", SECOND, 22.25, "number"],
    ]);
    const common = (value: string) => [
      "result:string:-",
      "table:long:-",
      "_start:dateTime:RFC3339:key",
      "_stop:dateTime:RFC3339:key",
      "_time:dateTime:RFC3339:-",
      `_value:${value}:-`,
      "_field:string:key",
      "_measurement:string:key",
      "host:string:key",
      "room:string:key",
    ];
    expect(columns).toEqual(["long", "unsignedLong", "string", "boolean", "double"].map(common));
  });

  it("queryRows reports a refused query to error, never to next or complete", async () => {
    const seen: string[] = [];
    const failure = await new Promise<unknown>((resolve) => {
      queryApi().queryRows('from(bucket: "no-such-bucket-js") |> range(start: 0)', {
        next: () => void seen.push("next"),
        error: resolve,
        complete: () => resolve(new Error("complete was called")),
      });
    });
    const error = await expectHttpError(Promise.reject(failure));
    expect(seen).toEqual([]);
    expect(error.statusCode).toBe(404);
    expect(error.json).toEqual({ code: "not found", message: 'failed to initialize execute state: could not find bucket "no-such-bucket-js"' });
  });

  it("an error after the first rows arrives as Flux's error table, which this client hands over as a row", async () => {
    const query =
      source(' |> filter(fn: (r) => r._field == "count" and r.host == "a") |> yield(name: "counts")\n') +
      source(' |> filter(fn: (r) => r._field == "count" and r.host == "b") |> map(fn: (r) => ({r with _value: if r._value > 5 then die(msg: "count too high") else r._value})) |> yield(name: "checked")');
    const rows = await queryApi().collectRows<Record<string, unknown>>(query);
    expect(rows.map((row) => [row["result"], row["_value"]]).slice(0, 2)).toEqual([
      ["counts", 3],
      ["counts", -4],
    ]);
    expect(rows.slice(2)).toEqual([{ error: expect.stringMatching(/^runtime error @\d+:\d+-\d+:\d+: map: .*count too high$/), reference: "" }]);
  });

  it("collectLines returns the CSV lines: annotations, header, rows of both tables and the closing blank line", async () => {
    const lines = await queryApi().collectLines(source(' |> filter(fn: (r) => r._field == "hits")'));
    expect(lines).toEqual([
      "#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,unsignedLong,string,string,string,string",
      "#group,false,false,true,true,false,false,true,true,true,true",
      "#default,_result,,,,,,,,,",
      ",result,table,_start,_stop,_time,_value,_field,_measurement,host,room",
      `,,0,${START},${STOP},${FIRST},9,hits,js_query,a,kitchen`,
      `,,0,${START},${STOP},${SECOND},10,hits,js_query,a,kitchen`,
      `,,1,${START},${STOP},${HALL},11,hits,js_query,b,hall`,
      "",
    ]);
  });

  it("queryRaw returns the whole annotated CSV text, quoting a string with quotes", async () => {
    const text = await queryApi().queryRaw(source(' |> filter(fn: (r) => r._field == "note" and r.host == "a") |> last()'));
    expect(text).toBe(
      "#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,string,string,string,string,string\r\n" +
        "#group,false,false,true,true,false,false,true,true,true,true\r\n" +
        "#default,_result,,,,,,,,,\r\n" +
        ",result,table,_start,_stop,_time,_value,_field,_measurement,host,room\r\n" +
        `,,0,${START},${STOP},${SECOND},"x""\${y}\\",note,js_query,a,kitchen\r\n` +
        "\r\n",
    );
  });

  it("iterateRows yields every row with its metadata to a for-await loop", async () => {
    const rows: unknown[][] = [];
    for await (const { values, tableMeta } of queryApi().iterateRows(source(' |> filter(fn: (r) => r._field == "count")'))) {
      rows.push([...summary(values, tableMeta), tableMeta.get(values, "host")]);
    }
    expect(rows).toEqual([
      [0, "count", FIRST, 3, "number", "a"],
      [0, "count", SECOND, -4, "number", "a"],
      [1, "count", HALL, 7, "number", "b"],
    ]);
  });

  it("with({ now }) sets the time relative ranges and now() are computed from", async () => {
    const atSecond = queryApi().with({ now: () => SECOND });
    const rows = await atSecond.collectRows(
      `from(bucket: "${fluxgate.current.setup.bucketName}") |> range(start: -10s) |> filter(fn: (r) => r._measurement == "js_query" and r._field == "count")`,
      (values, meta) => [meta.get(values, "_start"), meta.get(values, "_stop"), meta.get(values, "host"), meta.get(values, "_time"), meta.get(values, "_value")],
    );
    // The point at SECOND itself is out: range's stop is exclusive.
    expect(rows).toEqual([
      [START, SECOND, "a", FIRST, 3],
      [START, SECOND, "b", HALL, 7],
    ]);
    expect(await atSecond.collectLines('import "array"\narray.from(rows: [{now: now()}])')).toEqual([
      "#datatype,string,long,dateTime:RFC3339",
      "#group,false,false,false",
      "#default,_result,,",
      ",result,table,now",
      `,,0,${SECOND}`,
      "",
    ]);
  });

  it("rows() is an Observable whose subscriber gets next for each row, then complete", async () => {
    const rows: unknown[][] = [];
    const ends: string[] = [];
    await new Promise<void>((resolve) => {
      queryApi()
        .rows(source(' |> filter(fn: (r) => r._field == "ok") |> group() |> sort(columns: ["_time"])'))
        .subscribe({
          next: ({ values, tableMeta }) => void rows.push([...summary(values, tableMeta), tableMeta.get(values, "host")]),
          error: (error) => {
            ends.push(`error ${error.message}`);
            resolve();
          },
          complete: () => {
            ends.push("complete");
            resolve();
          },
        });
    });
    expect(ends).toEqual(["complete"]);
    expect(rows).toEqual([
      [0, "ok", FIRST, true, "boolean", "a"],
      [0, "ok", HALL, true, "boolean", "b"],
      [0, "ok", SECOND, false, "boolean", "a"],
    ]);
  });
});

describe("parameterized queries: the flux tagged template and its literal helpers", () => {
  const times = async (query: ParameterizedQuery): Promise<unknown[][]> =>
    (await queryApi().collectRows(query, (values, meta) => [meta.get(values, "host"), meta.get(values, "_time"), meta.get(values, "_value")]));

  it("binds a bucket, date-times with nanoseconds, a string and an integer", async () => {
    const bucket = fluxgate.current.setup.bucketName;
    const read = (start: string, above: number) => flux`from(bucket: ${bucket})
      |> range(start: ${fluxDateTime(start)}, stop: ${fluxDateTime(STOP)})
      |> filter(fn: (r) => r._measurement == ${"js_query"} and r.host == ${fluxString("a")} and r._field == "count" and r._value > ${fluxInteger(above)})`;
    expect(await times(read(FIRST, -5))).toEqual([
      ["a", FIRST, 3],
      ["a", SECOND, -4],
    ]);
    // range's start is inclusive to the nanosecond.
    expect(await times(read("2023-11-14T22:13:20.12345679Z", -5))).toEqual([["a", SECOND, -4]]);
    expect(await times(read(FIRST, -4))).toEqual([["a", FIRST, 3]]);
  });

  it("binds floats and booleans", async () => {
    const bucket = fluxgate.current.setup.bucketName;
    expect(await times(flux`from(bucket: ${bucket}) |> range(start: ${fluxDateTime(START)}, stop: ${fluxDateTime(STOP)})
      |> filter(fn: (r) => r._field == "temp" and r._value >= ${fluxFloat(21.5)}) |> group()`)).toEqual([
      ["a", FIRST, 21.5],
      ["a", SECOND, 22.25],
    ]);
    expect(await times(flux`from(bucket: ${bucket}) |> range(start: ${fluxDateTime(START)}, stop: ${fluxDateTime(STOP)})
      |> filter(fn: (r) => r._field == "ok" and r._value == ${fluxBool(true)}) |> group() |> sort(columns: ["_time"])`)).toEqual([
      ["a", FIRST, true],
      ["b", HALL, true],
    ]);
  });

  it("binds a duration as aggregateWindow's period", async () => {
    const bucket = fluxgate.current.setup.bucketName;
    const rows = await queryApi().collectRows(
      flux`from(bucket: ${bucket}) |> range(start: ${fluxDateTime(START)}, stop: ${fluxDateTime("2023-11-14T22:13:40Z")})
        |> filter(fn: (r) => r._field == "temp") |> group() |> aggregateWindow(every: ${fluxDuration("10s")}, fn: sum)`,
      (values, meta) => [meta.get(values, "_time"), meta.get(values, "_value")],
    );
    expect(rows).toEqual([
      ["2023-11-14T22:13:30Z", 40.5],
      ["2023-11-14T22:13:40Z", 22.25],
    ]);
  });

  it("keeps quotes, backslashes and ${ inside a string literal, so a value cannot rewrite the query", async () => {
    const bucket = fluxgate.current.setup.bucketName;
    const byNote = (note: string) =>
      times(flux`from(bucket: ${bucket}) |> range(start: ${fluxDateTime(START)}, stop: ${fluxDateTime(STOP)})
        |> filter(fn: (r) => r._field == "note" and r._value == ${note})`);
    expect(await byNote(AWKWARD)).toEqual([["a", SECOND, AWKWARD]]);
    // Pasted in unescaped this would read `r._value == "" or r._value != ""` and match every note.
    expect(await byNote('" or r._value != "')).toEqual([]);
  });
});

describe("a token that may read another bucket only", () => {
  it("reads its own bucket and gets InfluxDB's 404 for this one", async () => {
    const { server, setup } = fluxgate.current;
    const operator = influxClient(server.url, setup.token);
    const other = await new BucketsAPI(operator).postBuckets({ body: { orgID: setup.orgID, name: uniqueName("js-query-other"), retentionRules: [] } });
    const otherName = other.name;
    const otherID = other.id;
    if (otherID === undefined) throw new Error("POST /api/v2/buckets answered without an id");
    const write = operator.getWriteApi(setup.orgName, otherName, "ns", { maxRetries: 0 });
    write.writeRecord(`js_query_other,host=z v=42i ${BASE_NS}`);
    await write.close();
    const readOther = await new AuthorizationsAPI(operator).postAuthorizations({
      body: { orgID: setup.orgID, description: uniqueName("read-other"), permissions: [{ action: "read", resource: { type: "buckets", orgID: setup.orgID, id: otherID } }] },
    });
    if (readOther.token === undefined) throw new Error("POST /api/v2/authorizations answered without a token");

    const own = await queryApi(readOther.token).collectRows(`from(bucket: "${otherName}") |> range(start: ${START}, stop: ${STOP})`, (values, meta) => [
      meta.get(values, "_measurement"),
      meta.get(values, "host"),
      meta.get(values, "_time"),
      meta.get(values, "_value"),
    ]);
    expect(own).toEqual([["js_query_other", "z", START, 42]]);

    const error = await expectHttpError(queryApi(readOther.token).collectRows(source("")));
    expect(error.statusCode).toBe(404);
    expect(error.json).toEqual({ code: "not found", message: `failed to initialize execute state: could not find bucket "${setup.bucketName}"` });
  });
});
