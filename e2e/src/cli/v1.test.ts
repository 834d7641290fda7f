// The official `influx` CLI's v1 commands: `influx v1 dbrp create/list/update/delete` and
// `influx v1 auth create/list/set-password/set-inactive/set-active/delete`, each checked through
// what it changes for a 1.x client (InfluxQL /query with a database and retention policy, u/p auth).
import { beforeAll, describe, expect, it } from "vitest";
import { cliRunner, succeeded } from "../harness/influx-cli.js";
import { useOnboardedServer } from "../harness/onboarded-server.js";
import type { ToolRun } from "../harness/run-tool.js";

const fluxgate = useOnboardedServer();
let influx: (args: readonly string[]) => Promise<ToolRun>;

interface Mapping {
  id: string;
  database: string;
  retention_policy: string;
  default: boolean;
  bucketID: string;
  orgID: string;
}

interface V1Auth {
  id: string;
  token: string;
  status: string;
  description?: string;
  permissions: string[];
}

beforeAll(async () => {
  const { server, setup } = fluxgate.current;
  influx = await cliRunner({ url: server.url, token: setup.token, orgName: setup.orgName });
  succeeded(await influx(["write", "--bucket", setup.bucketName, "--precision", "s", "legacy,host=a load=1.5 1700000000\nlegacy,host=b load=2.5 1700000010"]));
});

const json = <T>(run: ToolRun): T => JSON.parse(succeeded(run)) as T;

/** InfluxQL through the 1.x /query endpoint, as a 1.x client sends it. */
async function v1Query(params: Record<string, string>): Promise<{ status: number; body: string }> {
  const res = await fetch(`${fluxgate.current.server.url}/query?${new URLSearchParams(params).toString()}`);
  return { status: res.status, body: await res.text() };
}

describe("influx v1 dbrp (official CLI)", () => {
  it("creates, lists, updates and deletes a mapping that /query then resolves", async () => {
    const { setup } = fluxgate.current;
    const created = json<Mapping>(
      await influx(["v1", "dbrp", "create", "--db", "legacydb", "--rp", "weekly", "--bucket-id", setup.bucketID, "--default", "--json"]),
    );
    expect(created).toMatchObject({ database: "legacydb", retention_policy: "weekly", default: true, bucketID: setup.bucketID, orgID: setup.orgID });
    expect(created.id).toMatch(/^[0-9a-f]{16}$/);

    const listed = json<Mapping[]>(await influx(["v1", "dbrp", "list", "--db", "legacydb", "--json"]));
    expect(listed.map((m) => [m.id, m.retention_policy, m.default])).toEqual([[created.id, "weekly", true]]);
    // The table form names the columns the CLI prints for InfluxDB.
    const table = succeeded(await influx(["v1", "dbrp", "list", "--db", "legacydb"]));
    expect(table).toMatch(/^ID\s+Database\s+Bucket ID\s+Retention Policy\s+Default\s+Organization ID$/m);
    expect(table).toContain(created.id);

    const query = { db: "legacydb", rp: "weekly", q: "SELECT load FROM legacy WHERE host = 'b'", u: "ignored", p: setup.token };
    const before = await v1Query(query);
    expect(before.status, before.body).toBe(200);
    expect(JSON.parse(before.body)).toEqual({
      results: [{ statement_id: 0, series: [{ name: "legacy", columns: ["time", "load"], values: [["2023-11-14T22:13:30Z", 2.5]] }] }],
    });

    const updated = json<Mapping>(await influx(["v1", "dbrp", "update", "--id", created.id, "--rp", "monthly", "--json"]));
    expect(updated).toMatchObject({ id: created.id, retention_policy: "monthly", default: true });
    expect((await v1Query({ ...query, rp: "monthly" })).status).toBe(200);
    // The database alone resolves through its default mapping.
    const { rp: _rp, ...withoutRp } = query;
    expect((await v1Query(withoutRp)).status).toBe(200);

    succeeded(await influx(["v1", "dbrp", "delete", "--id", created.id]));
    expect(json<Mapping[]>(await influx(["v1", "dbrp", "list", "--db", "legacydb", "--json"]))).toEqual([]);
    // As InfluxDB 2.x answers an unmapped database: 200, the statement's error in the body.
    const after = await v1Query({ ...query, rp: "monthly" });
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body)).toEqual({ results: [{ statement_id: 0, error: "database not found: legacydb" }] });
  });

  it("refuses a mapping to a bucket that does not exist", async () => {
    const run = await influx(["v1", "dbrp", "create", "--db", "nowhere", "--rp", "autogen", "--bucket-id", "0123456789abcdef"]);
    expect(run.exitCode).not.toBe(0);
    expect(run.output).toMatch(/404 Not Found|not found/i);
  });
});

describe("influx v1 auth (official CLI)", () => {
  it("manages a v1 username/password that 1.x clients then log in with", async () => {
    const { setup } = fluxgate.current;
    const auth = json<V1Auth>(
      await influx([
        "v1", "auth", "create",
        "--username", "legacy-reader",
        "--password", "first-password-1",
        "--read-bucket", setup.bucketID,
        "--description", "for the 1.x dashboards",
        "--json",
      ]),
    );
    expect(auth).toMatchObject({ token: "legacy-reader", status: "active", description: "for the 1.x dashboards" });
    expect(auth.permissions).toEqual([`read:orgs/${setup.orgID}/buckets/${setup.bucketID}`]);
    // The password is never shown back.
    expect(JSON.stringify(auth)).not.toContain("first-password-1");

    const listed = json<V1Auth[]>(await influx(["v1", "auth", "list", "--username", "legacy-reader", "--json"]));
    expect(listed.map((a) => [a.id, a.token, a.status])).toEqual([[auth.id, "legacy-reader", "active"]]);

    const show = (p: string) => v1Query({ db: setup.bucketName, q: "SHOW MEASUREMENTS", u: "legacy-reader", p });
    expect((await show("first-password-1")).status).toBe(200);
    expect(JSON.parse((await show("first-password-1")).body)).toEqual({
      results: [{ statement_id: 0, series: [{ name: "measurements", columns: ["name"], values: [["legacy"]] }] }],
    });
    // Read permission only: a 1.x write with the same credentials is refused.
    const write = await fetch(`${fluxgate.current.server.url}/write?db=${setup.bucketName}&u=legacy-reader&p=first-password-1`, { method: "POST", body: "legacy,host=c load=3 1700000020" });
    expect(write.status).toBe(403);

    succeeded(await influx(["v1", "auth", "set-password", "--username", "legacy-reader", "--password", "second-password-2"]));
    expect((await show("first-password-1")).status).toBe(401);
    expect((await show("second-password-2")).status).toBe(200);

    succeeded(await influx(["v1", "auth", "set-inactive", "--username", "legacy-reader"]));
    const inactive = await show("second-password-2");
    expect(inactive.status).toBe(401);
    expect(inactive.body).toContain("inactive");
    expect(json<V1Auth[]>(await influx(["v1", "auth", "list", "--id", auth.id, "--json"]))[0]?.status).toBe("inactive");

    succeeded(await influx(["v1", "auth", "set-active", "--id", auth.id]));
    expect((await show("second-password-2")).status).toBe(200);

    succeeded(await influx(["v1", "auth", "delete", "--username", "legacy-reader"]));
    // The CLI prints an empty list as `null` (a nil Go slice).
    expect(json<V1Auth[] | null>(await influx(["v1", "auth", "list", "--username", "legacy-reader", "--json"])) ?? []).toEqual([]);
    expect((await show("second-password-2")).status).toBe(401);
  });
});
