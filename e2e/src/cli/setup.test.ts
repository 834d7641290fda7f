// The official `influx` CLI from its first command on a fresh server: `influx setup` (which also
// writes the CLI's config), then ping, orgs, buckets, tokens, a write and a query with that config.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliRunner, succeeded } from "../harness/influx-cli.js";
import type { ToolRun } from "../harness/run-tool.js";
import { startFluxgate, type RunningServer } from "../harness/server.js";

let server: RunningServer;
let influx: (args: readonly string[]) => Promise<ToolRun>;

beforeAll(async () => {
  server = await startFluxgate();
  // No token: everything after setup comes from the config setup writes.
  influx = await cliRunner({ url: server.url, token: "", orgName: "" });
});
afterAll(async () => {
  await server?.stop();
});

interface Named {
  id: string;
  name: string;
}

const json = <T>(run: ToolRun): T => JSON.parse(succeeded(run)) as T;

describe("influx setup and the commands after it (official CLI)", () => {
  it("sets the instance up once and stores an active config", async () => {
    const output = succeeded(
      await influx(["setup", "--host", server.url, "--username", "ops", "--password", "ops-password-1", "--org", "acme", "--bucket", "telemetry", "--retention", "72h", "--force"]),
    );
    expect(output).toMatch(/^User\s+Organization\s+Bucket$/m);
    expect(output).toMatch(/^ops\s+acme\s+telemetry$/m);
    expect(succeeded(await influx(["config", "list"]))).toMatch(new RegExp(`^\\*\\s+default\\s+${server.url.replace(/[.]/g, "\\.")}\\s+acme$`, "m"));

    const again = await influx(["setup", "--username", "x", "--password", "another-password-1", "--org", "o", "--bucket", "b", "--force", "--name", "second"]);
    expect(again.exitCode).not.toBe(0);
    expect(again.output).toContain("instance has already been set up");
  });

  it("pings, lists the org and manages buckets", async () => {
    expect(succeeded(await influx(["ping"])).trim()).toBe("OK");
    expect(json<Named[]>(await influx(["org", "list", "--json"])).map((o) => o.name)).toEqual(["acme"]);

    const bucket = json<Named & { retentionRules: { everySeconds: number }[] }>(await influx(["bucket", "create", "--name", "metrics", "--retention", "24h", "--json"]));
    expect(bucket.name).toBe("metrics");
    expect(bucket.retentionRules[0]?.everySeconds).toBe(86_400);
    const names = json<Named[]>(await influx(["bucket", "list", "--json"])).map((b) => b.name);
    expect(names).toEqual(expect.arrayContaining(["telemetry", "metrics"]));

    succeeded(await influx(["bucket", "delete", "--name", "metrics"]));
    expect(json<Named[]>(await influx(["bucket", "list", "--json"])).map((b) => b.name)).not.toContain("metrics");
  });

  it("shows a new token once, never in lists", async () => {
    const created = json<{ id: string; token: string; description: string }>(await influx(["auth", "create", "--read-buckets", "--description", "dashboards", "--json"]));
    expect(created.description).toBe("dashboards");
    expect(created.token.length).toBeGreaterThan(40);
    const listed = succeeded(await influx(["auth", "list"]));
    expect(listed).toContain(created.id);
    expect(listed).not.toContain(created.token);
  });

  it("writes line protocol and queries it back with the stored config", async () => {
    const now = Math.floor(Date.now() / 1000);
    succeeded(await influx(["write", "--bucket", "telemetry", "--precision", "s", `boot,host=a uptime=12i ${now - 30}\nboot,host=a uptime=42i ${now}`]));
    const raw = succeeded(await influx(["query", "--raw", `from(bucket: "telemetry") |> range(start: -1h) |> filter(fn: (r) => r._measurement == "boot") |> max()`]));
    expect(raw).toMatch(/^,,0,[^,]+,[^,]+,[^,]+,42,uptime,boot,a\r?$/m);

    const late = await influx(["write", "--bucket", "telemetry", "--precision", "s", "boot,host=a uptime=1i 1000000000"]);
    expect(late.exitCode).not.toBe(0);
    expect(late.output).toContain("422 Unprocessable Entity: partial write: points beyond retention policy dropped=1");
  });
});
