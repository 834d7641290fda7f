/** Annotated CSV as InfluxDB's /api/v2/query writes it, for reads of the in-memory source. */
import { describe, expect, it } from "vitest";
import { execute } from "../runtime/execute.js";
import { MemoryDataSource } from "../runtime/memory-source.js";
import { sixteenPoints } from "../test-support/points.js";
import { csv, queryCSV } from "../test-support/query.js";
import { annotatedCSV, annotatedCSVBytes } from "./stream.js";

const source = new MemoryDataSource({ b: sixteenPoints });
const all = { annotations: ["datatype", "group", "default"] } as const;
const head = `#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,long,string,string,string
  #group,false,false,true,true,false,false,true,true,true`;

describe("annotated CSV", () => {
  it("writes annotations, the header and rows with an empty result cell under #default", async () => {
    const out = await queryCSV('from(bucket: "b") |> range(start: 1970-01-01T00:00:05Z, stop: 1970-01-01T00:00:20Z) |> last()', { source }, all);
    expect(out).toBe(
      `${csv(`${head}
        #default,_result,,,,,,,,
        ,result,table,_start,_stop,_time,_value,_field,_measurement,k
        ,,0,1970-01-01T00:00:05Z,1970-01-01T00:00:20Z,1970-01-01T00:00:15Z,5,f,m0,k0`)}\r\n`,
    );
  });

  it("keeps tables of one schema in one block and numbers them", async () => {
    const out = await queryCSV('from(bucket: "b") |> range(start: 1970-01-01T00:00:05Z, stop: 1970-01-01T00:00:20Z) |> window(every: 3s) |> first()', { source }, all);
    expect(out).toBe(
      `${csv(`${head}
        #default,_result,,,,,,,,
        ,result,table,_start,_stop,_time,_value,_field,_measurement,k
        ,,0,1970-01-01T00:00:05Z,1970-01-01T00:00:06Z,1970-01-01T00:00:05Z,5,f,m0,k0
        ,,1,1970-01-01T00:00:06Z,1970-01-01T00:00:09Z,1970-01-01T00:00:06Z,6,f,m0,k0
        ,,2,1970-01-01T00:00:09Z,1970-01-01T00:00:12Z,1970-01-01T00:00:09Z,6,f,m0,k0
        ,,3,1970-01-01T00:00:12Z,1970-01-01T00:00:15Z,1970-01-01T00:00:12Z,5,f,m0,k0
        ,,4,1970-01-01T00:00:15Z,1970-01-01T00:00:18Z,1970-01-01T00:00:15Z,5,f,m0,k0`)}\r\n`,
    );
  });

  it("writes an empty table as its own block with its key in #default", async () => {
    const out = await queryCSV(
      'from(bucket: "b") |> range(start: 1969-12-31T23:00:00Z, stop: 1970-01-01T02:00:00Z) |> window(every: 1h, createEmpty: true) |> last()',
      { source },
      all,
    );
    expect(out).toBe(
      `${csv(`${head}
        #default,_result,0,1969-12-31T23:00:00Z,1970-01-01T00:00:00Z,,,f,m0,k0
        ,result,table,_start,_stop,_time,_value,_field,_measurement,k

        ${head}
        #default,_result,,,,,,,,
        ,result,table,_start,_stop,_time,_value,_field,_measurement,k
        ,,1,1970-01-01T00:00:00Z,1970-01-01T01:00:00Z,1970-01-01T00:00:15Z,5,f,m0,k0

        ${head}
        #default,_result,2,1970-01-01T01:00:00Z,1970-01-01T02:00:00Z,,,f,m0,k0
        ,result,table,_start,_stop,_time,_value,_field,_measurement,k`)}\r\n`,
    );
  });

  it("puts aggregateWindow's time and value after _start/_stop, skipping windows a selector finds empty", async () => {
    const out = await queryCSV('from(bucket: "b") |> range(start: 1970-01-01T00:00:00Z, stop: 1970-01-01T00:00:02Z) |> aggregateWindow(every: 500ms, fn: first)', { source }, all);
    expect(out).toBe(
      `${csv(`${head}
        #default,_result,,,,,,,,
        ,result,table,_start,_stop,_time,_value,_field,_measurement,k
        ,,0,1970-01-01T00:00:00Z,1970-01-01T00:00:02Z,1970-01-01T00:00:00.5Z,0,f,m0,k0
        ,,0,1970-01-01T00:00:00Z,1970-01-01T00:00:02Z,1970-01-01T00:00:01.5Z,1,f,m0,k0`)}\r\n`,
    );
  });

  it("without annotations writes the result name on every row; separates results and schemas by blank lines", async () => {
    const out = await queryCSV(
      `import "array"
array.from(rows: [{a: 1, b: "x"}]) |> yield(name: "one")
array.from(rows: [{a: 2.5}]) |> yield(name: "two")`,
      {},
      {},
    );
    expect(out).toBe(`${csv(",result,table,a,b\n,one,0,1,x")}\r\n${csv(",result,table,a\n,two,0,2.5")}\r\n`);
  });

  it("honours header, delimiter, commentPrefix and dateTimeFormat", async () => {
    const query = 'import "array"\narray.from(rows: [{_time: 2020-01-01T00:00:00.123Z, v: "a;b"}])';
    expect(await queryCSV(query, {}, { header: false, delimiter: ";" })).toBe('\r\n'.replace("\r\n", "") + ';_result;0;2020-01-01T00:00:00.123Z;"a;b"\r\n\r\n');
    expect(await queryCSV(query, {}, { annotations: ["datatype"], commentPrefix: "@", dateTimeFormat: "RFC3339Nano" })).toBe(
      `${csv("@datatype,string,long,dateTime:RFC3339Nano,string\n,result,table,_time,v\n,_result,0,2020-01-01T00:00:00.123Z,a;b")}\r\n`,
    );
  });

  it("quotes cells the way Go's CSV writer does", async () => {
    const out = await queryCSV('import "array"\narray.from(rows: [{s: "a,b"}, {s: "say \\"hi\\""}, {s: " lead"}, {s: "line\\nbreak"}, {s: "plain"}])', {}, {});
    expect(out).toBe(',result,table,s\r\n,_result,0,"a,b"\r\n,_result,0,"say ""hi"""\r\n,_result,0," lead"\r\n,_result,0,"line\nbreak"\r\n,_result,0,plain\r\n\r\n');
  });

  it("writes floats without exponents and special values as Go does", async () => {
    const out = await queryCSV('import "array"\narray.from(rows: [{f: 1000000000000000000000.0}, {f: 0.000001}, {f: -2.5}, {f: 100.0}])', {}, {});
    expect(out).toBe(",result,table,f\r\n,_result,0,1000000000000000000000\r\n,_result,0,0.000001\r\n,_result,0,-2.5\r\n,_result,0,100\r\n\r\n");
  });

  it("writes UTF-8 and cuts big answers into chunks that join back to the same text", async () => {
    // 1,500 rows of ~140 bytes: several 64 KiB chunks, multi-byte characters across their edges.
    const values = Array.from({ length: 1500 }, (_, i) => `{v: ${i}}`).join(", ");
    const program = `import "array"\narray.from(rows: [${values}]) |> map(fn: (r) => ({v: r.v, s: "${"é€😀".repeat(10)}" + string(v: r.v), t: 2024-01-01T00:00:00Z, f: float(v: r.v) / 7.0}))`;
    const bytes: Uint8Array[] = [];
    for await (const chunk of annotatedCSVBytes(execute(program).results, all)) bytes.push(chunk);
    expect(bytes.length).toBeGreaterThan(2);
    const text = Buffer.concat(bytes).toString("utf8");
    let joined = "";
    for await (const chunk of annotatedCSV(execute(program).results, all)) joined += chunk;
    expect(joined).toBe(text);
    const rows = text.split("\r\n").filter((line) => line.startsWith(",,0,"));
    expect(rows).toHaveLength(1500);
    expect(rows[1499]).toBe(`,,0,1499,${"é€😀".repeat(10)}1499,2024-01-01T00:00:00Z,${String(1499 / 7)}`);
  });

  it("throws errors before the first chunk and writes the error table after it", async () => {
    const failing = execute('from(bucket: "missing") |> range(start: 0)', { source });
    await expect(async () => {
      for await (const _ of annotatedCSV(failing.results, all)) void _;
    }).rejects.toThrow('could not find bucket "missing"');

    const midway = execute(
      `import "array"
array.from(rows: [{v: 1}]) |> yield(name: "ok")
array.from(rows: [{v: 1}, {v: 0}]) |> map(fn: (r) => ({v: 10 / r.v}))`,
    );
    let out = "";
    for await (const chunk of annotatedCSV(midway.results, all)) out += chunk;
    expect(out).toBe(
      `${csv(`#datatype,string,long,long
        #group,false,false,false
        #default,ok,,
        ,result,table,v
        ,,0,1`)}\r\n${csv(`#datatype,string,string
        #group,true,true
        #default,,
        ,error,reference
        ,runtime error @3:39-3:70: map: cannot divide by zero,`)}\r\n`,
    );
  });
});
