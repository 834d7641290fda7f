/** csv.from and json.encode against their reference examples. */
import { describe, expect, it } from "vitest";
import { expectExample, scalar } from "./test-support/doc-example.js";

const annotated = `#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,string,string,double
#group,false,false,false,false,false,true,true,false
#default,,,,,,,,
,result,table,_start,_stop,_time,region,host,_value
,mean,0,2018-05-08T20:50:00Z,2018-05-08T20:51:00Z,2018-05-08T20:50:00Z,east,A,15.43
,mean,0,2018-05-08T20:50:00Z,2018-05-08T20:51:00Z,2018-05-08T20:51:00Z,east,A,65.15
,mean,1,2018-05-08T20:50:00Z,2018-05-08T20:51:00Z,2018-05-08T20:50:20Z,east,B,59.25
,mean,1,2018-05-08T20:50:00Z,2018-05-08T20:51:00Z,2018-05-08T20:51:20Z,east,B,18.67
,mean,2,2018-05-08T20:50:00Z,2018-05-08T20:51:00Z,2018-05-08T20:50:40Z,east,C,52.62
,mean,2,2018-05-08T20:50:00Z,2018-05-08T20:51:00Z,2018-05-08T20:51:40Z,east,C,82.16
`;
const raw = `_start,_stop,_time,region,host,_value
2018-05-08T20:50:00Z,2018-05-08T20:51:00Z,2018-05-08T20:50:00Z,east,A,15.43
2018-05-08T20:50:00Z,2018-05-08T20:51:00Z,2018-05-08T20:50:20Z,east,B,59.25
2018-05-08T20:50:00Z,2018-05-08T20:51:00Z,2018-05-08T20:50:40Z,east,C,52.62
`;
const bounds = "2018-05-08T20:50:00Z | 2018-05-08T20:51:00Z";

describe("csv.from", () => {
  it("reads an annotated CSV string into typed tables keyed by the #group columns", async () => {
    const table = (host: string, rows: [string, string][]) => `| _start:time | _stop:time | _time:time | *region | *host | _value:float |\n${rows.map(([t, v]) => `| ${bounds} | 2018-05-08T20:${t}Z | east | ${host} | ${v} |`).join("\n")}`;
    await expectExample(
      `import "csv"\ncsv.from(csv: ${JSON.stringify(annotated)})`,
      [table("A", [["50:00", "15.43"], ["51:00", "65.15"]]), table("B", [["50:20", "59.25"], ["51:20", "18.67"]]), table("C", [["50:40", "52.62"], ["51:40", "82.16"]])].join("\n\n"),
    );
  });

  it("raw mode reads every column as a string, without a group key", async () => {
    await expectExample(
      `import "csv"\ncsv.from(csv: ${JSON.stringify(raw)}, mode: "raw")`,
      `| _start:string | _stop:string | _time:string | region:string | host:string | _value:string |
       | ${bounds} | 2018-05-08T20:50:00Z | east | A | 15.43 |
       | ${bounds} | 2018-05-08T20:50:20Z | east | B | 59.25 |
       | ${bounds} | 2018-05-08T20:50:40Z | east | C | 52.62 |`,
    );
  });
});

describe("json.encode", () => {
  it("writes a record with its keys sorted", async () => {
    expect(await scalar('string(v: json.encode(v: {foo: "bar", baz: 123, quz: [4, 5, 6]}))', ["json"])).toEqual({ value: '{"baz":123,"foo":"bar","quz":[4,5,6]}', type: "string" });
  });
});
