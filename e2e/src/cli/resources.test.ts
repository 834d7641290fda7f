// More of the official `influx` CLI against an onboarded server: `influx delete` with a predicate,
// CSV writes (and `write dryrun`), explicit buckets with `bucket-schema`, tasks, users and org members,
// secrets, and token status.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cliRunner, succeeded } from "../harness/influx-cli.js";
import { useOnboardedServer } from "../harness/onboarded-server.js";
import type { ToolRun } from "../harness/run-tool.js";

const fluxgate = useOnboardedServer();
let influx: (args: readonly string[]) => Promise<ToolRun>;
let dir: string;
const now = Math.floor(Date.now() / 1000);

beforeAll(async () => {
  const { server, setup } = fluxgate.current;
  influx = await cliRunner({ url: server.url, token: setup.token, orgName: setup.orgName });
  dir = await mkdtemp(join(tmpdir(), "fluxgate-cli-resources-"));
});

const json = <T>(run: ToolRun): T => JSON.parse(succeeded(run)) as T;

/** Data rows of `influx query --raw`, annotations and headers left out. */
async function rows(flux: string): Promise<string[]> {
  const raw = succeeded(await influx(["query", "--raw", flux]));
  return raw.split(/\r?\n/).filter((line) => line.startsWith(",") && !line.startsWith(",result,"));
}

describe("influx write and delete (official CLI)", () => {
  it("writes annotated CSV, shows the line protocol of a dry run, and deletes by predicate", async () => {
    const { setup } = fluxgate.current;
    const csv = join(dir, "points.csv");
    await writeFile(csv, ["#datatype measurement,tag,double,dateTime:number", "m,host,load,time", `sys,a,1.5,${now - 20}`, `sys,b,2.5,${now - 10}`, ""].join("\n"));
    expect(succeeded(await influx(["write", "dryrun", "--bucket", setup.bucketName, "--format", "csv", "--precision", "s", "--file", csv])).trim().split("\n")).toEqual([
      `sys,host=a load=1.5 ${now - 20}`,
      `sys,host=b load=2.5 ${now - 10}`,
    ]);
    succeeded(await influx(["write", "--bucket", setup.bucketName, "--format", "csv", "--precision", "s", "--file", csv]));
    const query = `from(bucket: "${setup.bucketName}") |> range(start: -1h) |> filter(fn: (r) => r._measurement == "sys") |> group() |> keep(columns: ["host", "_value"])`;
    expect(await rows(query)).toEqual([",,0,1.5,a", ",,0,2.5,b"]);

    succeeded(await influx(["delete", "--bucket", setup.bucketName, "--start", "2020-01-01T00:00:00Z", "--stop", "2099-01-01T00:00:00Z", "--predicate", '_measurement="sys" AND host="a"']));
    expect(await rows(query)).toEqual([",,0,2.5,b"]);

    const bad = await influx(["delete", "--bucket", setup.bucketName, "--start", "2020-01-01T00:00:00Z", "--stop", "2099-01-01T00:00:00Z", "--predicate", "host=a OR"]);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.output).toContain("400 Bad Request");
  });

  it("keeps an explicit bucket to its measurement schema", async () => {
    succeeded(await influx(["bucket", "create", "--name", "strict", "--schema-type", "explicit"]));
    const columns = join(dir, "columns.csv");
    await writeFile(columns, ["name,type,data_type", "time,timestamp,", "host,tag,", "usage,field,float", ""].join("\n"));
    succeeded(await influx(["bucket-schema", "create", "--bucket", "strict", "--name", "cpu", "--columns-file", columns]));
    expect(succeeded(await influx(["bucket-schema", "list", "--bucket", "strict"]))).toMatch(/^[0-9a-f]{16}\s+cpu\s+[0-9a-f]{16}$/m);

    succeeded(await influx(["write", "--bucket", "strict", "--precision", "s", `cpu,host=a usage=1 ${now}`]));
    const wrong = await influx(["write", "--bucket", "strict", "--precision", "s", `cpu,host=a usage="high" ${now}`]);
    expect(wrong.exitCode).not.toBe(0);
    expect(wrong.output).toContain('field "usage" is string but the schema declares float');
  });
});

describe("influx task, user, org members, secret and auth (official CLI)", () => {
  it("creates a task from a file, runs and retries it, deactivates, lists and deletes it", async () => {
    const { setup } = fluxgate.current;
    const file = join(dir, "task.flux");
    await writeFile(
      file,
      [
        'option task = {name: "downsample", every: 1h}',
        `from(bucket: "${setup.bucketName}") |> range(start: -task.every) |> aggregateWindow(every: 10m, fn: mean) |> to(bucket: "${setup.bucketName}", org: "${setup.orgName}")`,
      ].join("\n"),
    );
    const task = json<{ id: string; name: string; every: string; status: string }>(await influx(["task", "create", "--file", file, "--json"]));
    expect(task).toMatchObject({ name: "downsample", every: "1h", status: "active" });

    // A run started by hand, then retried through the CLI (which sends a `null` body).
    const { server, setup: onboarded } = fluxgate.current;
    const manual = await fetch(`${server.url}/api/v2/tasks/${task.id}/runs`, { method: "POST", headers: { authorization: `Token ${onboarded.token}`, "content-type": "application/json" }, body: "{}" });
    expect(manual.status).toBe(201);
    const runId = ((await manual.json()) as { id: string }).id;
    const finished = async (): Promise<{ id: string; status: string }[]> => {
      for (let i = 0; i < 100; i++) {
        const runs = json<{ id: string; status: string }[]>(await influx(["task", "run", "list", "--task-id", task.id, "--json"]));
        if (runs.some((r) => r.id === runId && r.status !== "scheduled" && r.status !== "started")) return runs;
        await new Promise((done) => setTimeout(done, 100));
      }
      throw new Error(`run ${runId} did not finish`);
    };
    expect((await finished()).find((r) => r.id === runId)?.status).toBe("success");
    expect(succeeded(await influx(["task", "run", "retry", "--task-id", task.id, "--run-id", runId]))).toContain(`Retry for task ${task.id}`);
    expect(succeeded(await influx(["task", "log", "list", "--task-id", task.id, "--run-id", runId]))).toContain("Completed(success)");

    const updated = json<{ status: string }>(await influx(["task", "update", "--id", task.id, "--status", "inactive", "--json"]));
    expect(updated.status).toBe("inactive");
    expect(json<{ id: string; status: string }[]>(await influx(["task", "list", "--json"])).map((t) => [t.id, t.status])).toEqual([[task.id, "inactive"]]);
    expect(succeeded(await influx(["task", "run", "list", "--task-id", task.id]))).toMatch(/^ID\s+TaskID\s+Status/m);

    succeeded(await influx(["task", "delete", "--id", task.id]));
    expect(json<unknown[] | null>(await influx(["task", "list", "--json"])) ?? []).toEqual([]);
  });

  it("creates a user who becomes an org member, and sets their password", async () => {
    const { setup } = fluxgate.current;
    const user = json<{ id: string; name: string }>(await influx(["user", "create", "--name", "bob", "--password", "bob-password-1", "--org", setup.orgName, "--json"]));
    expect(user.name).toBe("bob");
    expect(succeeded(await influx(["org", "members", "list", "--name", setup.orgName]))).toMatch(new RegExp(`^${user.id}\\s+bob\\s+member\\s+active$`, "m"));
    expect(succeeded(await influx(["user", "password", "--name", "bob", "--password", "bob-password-2"]))).toContain('Successfully updated password for user "bob"');

    const signin = await fetch(`${fluxgate.current.server.url}/api/v2/signin`, { method: "POST", headers: { authorization: `Basic ${Buffer.from("bob:bob-password-2").toString("base64")}` } });
    expect(signin.status).toBe(204);
  });

  it("stores a secret whose value is never listed", async () => {
    succeeded(await influx(["secret", "update", "--key", "apikey", "--value", "s3cr3t-value"]));
    const listed = succeeded(await influx(["secret", "list"]));
    expect(listed).toMatch(/^apikey\s+[0-9a-f]{16}$/m);
    expect(listed).not.toContain("s3cr3t-value");
  });

  it("creates a read token that works at once and stops working when deleted", async () => {
    // (v2.3.0's `auth active`/`auth inactive` send their first request to localhost:8086 whatever
    // the config says, so token status is covered by the REST suites instead.)
    const { server } = fluxgate.current;
    const created = json<{ id: string; token: string }>(await influx(["auth", "create", "--read-buckets", "--description", "short-lived", "--json"]));
    const list = () => fetch(`${server.url}/api/v2/buckets`, { headers: { authorization: `Token ${created.token}` } }).then((r) => r.status);
    expect(await list()).toBe(200);
    succeeded(await influx(["auth", "delete", "--id", created.id]));
    expect(await list()).toBe(401);
  });
});
