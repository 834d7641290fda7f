import { HealthAPI, OrgsAPI, PingAPI, ReadyAPI, SetupAPI, SigninAPI } from "@influxdata/influxdb-client-apis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { influxClient } from "../harness/client.js";
import { errorCode, expectHttpError } from "../harness/expect-http-error.js";
import { startFluxgate, type RunningServer } from "../harness/server.js";

// One fresh server for the whole file: setup can happen once per instance, so the tests run in order.
let server: RunningServer;
beforeAll(async () => {
  server = await startFluxgate();
});
afterAll(async () => {
  await server?.stop();
});

describe("JS client: ping, health, ready", () => {
  it("PingAPI.getPing succeeds without a token", async () => {
    await expect(new PingAPI(influxClient(server.url)).getPing()).resolves.toBeUndefined();
  });

  it("HealthAPI.getHealth reports pass with InfluxDB's fields", async () => {
    const health = await new HealthAPI(influxClient(server.url)).getHealth();
    expect(health.status).toBe("pass");
    expect(health.name).toEqual(expect.any(String));
    expect(health.version).toEqual(expect.any(String));
  });

  it("ReadyAPI.getReady reports ready", async () => {
    const ready = await new ReadyAPI(influxClient(server.url)).getReady();
    expect(ready.status).toBe("ready");
  });
});

describe("JS client: onboarding with SetupAPI", () => {
  const body = { username: "js-admin", password: "js-password-123", org: "js-org", bucket: "js-bucket", retentionPeriodSeconds: 7 * 24 * 3600 };
  let operatorToken = "";

  it("reports that setup is allowed on a new instance", async () => {
    const answer = await new SetupAPI(influxClient(server.url)).getSetup();
    expect(answer.allowed).toBe(true);
  });

  it("sets up the user, org, bucket and operator token", async () => {
    const answer = await new SetupAPI(influxClient(server.url)).postSetup({ body });
    expect(answer.user?.name).toBe(body.username);
    expect(answer.user?.id).toMatch(/^[0-9a-f]{16}$/);
    expect(answer.org?.name).toBe(body.org);
    expect(answer.org?.id).toMatch(/^[0-9a-f]{16}$/);
    expect(answer.bucket?.name).toBe(body.bucket);
    expect(answer.bucket?.orgID).toBe(answer.org?.id);
    expect(answer.bucket?.retentionRules).toEqual([expect.objectContaining({ type: "expire", everySeconds: body.retentionPeriodSeconds })]);
    expect(answer.auth?.token).toEqual(expect.any(String));
    expect(answer.auth?.status).toBe("active");
    expect(answer.auth?.userID).toBe(answer.user?.id);
    expect(answer.auth?.orgID).toBe(answer.org?.id);
    operatorToken = answer.auth?.token ?? "";
  });

  it("reports that setup is no longer allowed", async () => {
    const answer = await new SetupAPI(influxClient(server.url)).getSetup();
    expect(answer.allowed).toBe(false);
  });

  it("refuses a second setup as InfluxDB does (422 conflict)", async () => {
    const error = await expectHttpError(
      new SetupAPI(influxClient(server.url)).postSetup({ body: { ...body, username: "someone-else", org: "other-org" } }),
    );
    expect(error.statusCode).toBe(422);
    expect(errorCode(error)).toBe("conflict");
  });

  it("the operator token returned by setup works with the client", async () => {
    const orgs = await new OrgsAPI(influxClient(server.url, operatorToken)).getOrgs({ org: body.org });
    expect(orgs.orgs?.map((org) => org.name)).toEqual([body.org]);
  });

  it("the setup user can sign in with the password given at setup", async () => {
    await expect(
      new SigninAPI(influxClient(server.url)).postSignin({ auth: { user: body.username, password: body.password } }),
    ).resolves.toBeUndefined();
  });

  it("a wrong token gets the client's HttpError with status 401", async () => {
    const error = await expectHttpError(new OrgsAPI(influxClient(server.url, "not-a-real-token")).getOrgs());
    expect(error.statusCode).toBe(401);
    expect(errorCode(error)).toBe("unauthorized");
  });

  it("no token at all gets 401 too", async () => {
    const error = await expectHttpError(new OrgsAPI(influxClient(server.url)).getOrgs());
    expect(error.statusCode).toBe(401);
    expect(errorCode(error)).toBe("unauthorized");
  });
});
