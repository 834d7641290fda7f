// Flux through the official `influx` CLI: points written with `influx write` come back through
// `influx query`, as its formatted tables and as the raw annotated CSV (`--raw`), from a literal, a
// file (`-f`) and with several yields; failing queries exit non-zero with the server's message.
import { writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cliRunner, succeeded } from "../harness/influx-cli.js";
import { useOnboardedServer } from "../harness/onboarded-server.js";
import type { ToolRun } from "../harness/run-tool.js";

const fluxgate = useOnboardedServer();
const BASE_S = 1_700_000_000;
let influx: (args: readonly string[]) => Promise<ToolRun>;

const range = `range(start: ${BASE_S}, stop: ${BASE_S + 60})`;

beforeAll(async () => {
  const { server, setup } = fluxgate.current;
  influx = await cliRunner({ url: server.url, token: setup.token, orgName: setup.orgName });
  // Written out of series-key order (kitchen first, temp before humidity): tables still come out
  // as InfluxDB orders them, by series key, then field.
  const lines = [
    `climate,room=kitchen temp=20.5,humidity=41i ${BASE_S}`,
    `climate,room=kitchen temp=21.25,humidity=42i ${BASE_S + 10}`,
    `climate,room=hall temp=18,humidity=50i ${BASE_S + 10}`,
    `climate,room=hall temp=18.5,humidity=51i ${BASE_S + 20}`,
  ].join("\n");
  succeeded(await influx(["write", "--bucket", setup.bucketName, "--precision", "s", lines]));
});

/** The data lines of the CLI's formatted output: cells split on runs of spaces. */
function tableLines(output: string): string[][] {
  return output
    .split("\n")
    .filter((line) => /^\s*\S/.test(line) && !/^(Result|Table):/.test(line) && !/^[-\s]+$/.test(line))
    .map((line) => line.trim().split(/\s{2,}/));
}

describe("influx query (official CLI)", () => {
  it("prints each table with its group key and typed columns", async () => {
    const { setup } = fluxgate.current;
    const output = succeeded(
      await influx(["query", `from(bucket: "${setup.bucketName}") |> ${range} |> filter(fn: (r) => r._measurement == "climate" and r._field == "temp") |> keep(columns: ["_time", "_value", "room", "_field"])`]),
    );
    expect(output).toContain("Result: _result");
    // One table per room, each headed by its group key.
    expect(output.match(/^Table: keys: \[_field, room\]$/gm)).toHaveLength(2);
    const lines = tableLines(output);
    expect(lines.filter((cells) => cells[0] === "_field:string")).toEqual([
      ["_field:string", "room:string", "_time:time", "_value:float"],
      ["_field:string", "room:string", "_time:time", "_value:float"],
    ]);
    expect(lines.filter((cells) => cells[0] === "temp")).toEqual([
      ["temp", "hall", "2023-11-14T22:13:30.000000000Z", "18"],
      ["temp", "hall", "2023-11-14T22:13:40.000000000Z", "18.5"],
      ["temp", "kitchen", "2023-11-14T22:13:20.000000000Z", "20.5"],
      ["temp", "kitchen", "2023-11-14T22:13:30.000000000Z", "21.25"],
    ]);
  });

  it("--raw prints the annotated CSV InfluxDB writes for the CLI's dialect", async () => {
    const { setup } = fluxgate.current;
    const output = succeeded(
      await influx([
        "query",
        "--raw",
        `from(bucket: "${setup.bucketName}") |> ${range} |> filter(fn: (r) => r._measurement == "climate" and r.room == "kitchen") |> sum()`,
      ]),
    );
    const start = "2023-11-14T22:13:20Z";
    const stop = "2023-11-14T22:14:20Z";
    expect(output.replace(/\r\n/g, "\n").trimEnd()).toBe(
      [
        "#group,false,false,true,true,true,true,true,false",
        "#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,string,string,string,long",
        "#default,_result,,,,,,,",
        ",result,table,_start,_stop,_field,_measurement,room,_value",
        `,,0,${start},${stop},humidity,climate,kitchen,83`,
        "",
        "#group,false,false,true,true,true,true,true,false",
        "#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,string,string,string,double",
        "#default,_result,,,,,,,",
        ",result,table,_start,_stop,_field,_measurement,room,_value",
        `,,1,${start},${stop},temp,climate,kitchen,41.75`,
      ].join("\n"),
    );
  });

  it("reads the query from a file (-f) and shows every yield as a result of its own", async () => {
    const { setup } = fluxgate.current;
    const file = join(await mkdtemp(join(tmpdir(), "fluxgate-cli-query-")), "two-yields.flux");
    await writeFile(
      file,
      [
        `data = from(bucket: "${setup.bucketName}") |> ${range} |> filter(fn: (r) => r._measurement == "climate" and r._field == "humidity")`,
        `data |> group() |> max() |> keep(columns: ["_value", "room"]) |> yield(name: "highest")`,
        `data |> group() |> count() |> yield(name: "points")`,
      ].join("\n"),
    );
    const output = succeeded(await influx(["query", "-f", file]));
    expect(output.match(/^Result: \S+$/gm)).toEqual(["Result: highest", "Result: points"]);
    const lines = tableLines(output);
    expect(lines).toContainEqual(["_value:int", "room:string"]);
    expect(lines).toContainEqual(["51", "hall"]);
    expect(lines).toContainEqual(["_value:int"]);
    expect(lines).toContainEqual(["4"]);
  });

  it("--profilers adds the _profiler result with the query and operator profiles", async () => {
    const { setup } = fluxgate.current;
    const output = succeeded(
      await influx(["query", "--raw", "--profilers", "query,operator", `from(bucket: "${setup.bucketName}") |> ${range} |> filter(fn: (r) => r._field == "temp") |> map(fn: (r) => ({r with _value: r._value * 2.0}))`]),
    );
    const lines = output.split(/\r?\n/);
    expect(lines).toContain(",result,table,_measurement,TotalDuration,CompileDuration,QueueDuration,PlanDuration,RequeueDuration,ExecuteDuration,Concurrency,MaxAllocated,TotalAllocated,RuntimeErrors,flux/query-plan");
    expect(lines).toContain(",result,table,_measurement,Type,Label,Count,MinDuration,MaxDuration,DurationSum,MeanDuration");
    expect(lines.filter((l) => l.startsWith("#default,_profiler,"))).toHaveLength(2);
    expect(output).toMatch(/^,,\d+,profiler\/query,\d+,\d+,\d+,\d+,0,\d+,1,\d+,\d+,,storage read: from \|> range \|> filter\r?$/m);
    expect(output).toMatch(/^,,\d+,profiler\/operator,map,map\d+,1,\d+,\d+,\d+,[\d.]+\r?$/m);
  });

  it("exits non-zero with the server's message for an unknown bucket and a parse error", async () => {
    const unknown = await influx(["query", `from(bucket: "no-such-bucket") |> range(start: -1h)`]);
    expect(unknown.exitCode).not.toBe(0);
    expect(unknown.output).toContain('404 Not Found: failed to initialize execute state: could not find bucket "no-such-bucket"');

    const broken = await influx(["query", `from(bucket: "x") |> range(start: -1h) |> filter(fn: (r) => r._value > )`]);
    expect(broken.exitCode).not.toBe(0);
    expect(broken.output).toMatch(/400 Bad Request: .*error @1:\d+-1:\d+: /);
  });
});
