import { describe, expect, it } from "vitest";
import { permissionString } from "./authorizer.js";
import { parseCredentials } from "./credentials.js";
import { allAccessPermissions, memberPermissions, operatorPermissions, permits, permitsAll, RESOURCE_TYPES, type Permission } from "./permissions.js";
import { hashToken, newToken } from "./tokens.js";

const ORG = "0000000000000001";
const OTHER = "0000000000000002";
const ID = "00000000000000aa";
const need = (action: "read" | "write", type: Permission["resource"]["type"], scope: { orgID?: string; id?: string } = {}): Permission => ({ action, resource: { type, ...scope } });

describe("permission matching", () => {
  it("a type-wide grant covers every org and id, same action only", () => {
    const g = need("read", "buckets");
    expect(permits(g, need("read", "buckets", { orgID: ORG, id: ID }))).toBe(true);
    expect(permits(g, need("read", "buckets"))).toBe(true);
    expect(permits(g, need("write", "buckets", { orgID: ORG }))).toBe(false);
    expect(permits(g, need("read", "tasks", { orgID: ORG }))).toBe(false);
  });

  it("an org-scoped grant covers that org only", () => {
    const g = need("write", "buckets", { orgID: ORG });
    expect(permits(g, need("write", "buckets", { orgID: ORG, id: ID }))).toBe(true);
    expect(permits(g, need("write", "buckets", { orgID: OTHER, id: ID }))).toBe(false);
    expect(permits(g, need("write", "buckets"))).toBe(false);
  });

  it("an id-scoped grant covers that resource only", () => {
    const g = need("read", "buckets", { orgID: ORG, id: ID });
    expect(permits(g, need("read", "buckets", { orgID: ORG, id: ID }))).toBe(true);
    expect(permits(g, need("read", "buckets", { orgID: ORG, id: "00000000000000bb" }))).toBe(false);
    expect(permits(g, need("read", "buckets", { orgID: ORG }))).toBe(false);
  });

  it("operator covers everything; all-access covers one org; member reads one org", () => {
    const op = operatorPermissions();
    expect(op).toHaveLength(RESOURCE_TYPES.length * 2);
    for (const type of RESOURCE_TYPES) expect(permitsAll(op, need("write", type, { orgID: OTHER }))).toBe(true);
    const all = allAccessPermissions(ORG, ID);
    expect(permitsAll(all, need("write", "buckets", { orgID: ORG }))).toBe(true);
    expect(permitsAll(all, need("write", "buckets", { orgID: OTHER }))).toBe(false);
    expect(permitsAll(all, need("write", "orgs", { id: ORG }))).toBe(true);
    expect(permitsAll(all, need("write", "users", { id: ID }))).toBe(true);
    expect(permitsAll(all, need("write", "users", { id: "00000000000000bb" }))).toBe(false);
    expect(permitsAll(all, need("read", "instance"))).toBe(false);
    const member = memberPermissions(ORG);
    expect(permitsAll(member, need("read", "dashboards", { orgID: ORG }))).toBe(true);
    expect(permitsAll(member, need("write", "dashboards", { orgID: ORG }))).toBe(false);
    expect(permitsAll(member, need("read", "orgs", { id: ORG }))).toBe(true);
  });

  it("spells permissions the way InfluxDB's errors do", () => {
    expect(permissionString(need("write", "buckets", { orgID: ORG }))).toBe(`write:orgs/${ORG}/buckets`);
    expect(permissionString(need("read", "users", { id: ID }))).toBe(`read:users/${ID}`);
  });
});

describe("tokens", () => {
  it("are 64 random bytes in URL-safe base64, hashed with SHA-256", () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{86}==$/);
    expect(Buffer.from(a, "base64url")).toHaveLength(64);
    expect(newToken()).not.toBe(a);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).toBe(hashToken(a));
  });
});

describe("credentials", () => {
  const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;
  it("reads Token, Bearer, Basic, v1 query credentials and the session cookie", () => {
    expect(parseCredentials({ authorization: "Token abc" }, {}, false)).toEqual({ kind: "token", token: "abc" });
    expect(parseCredentials({ authorization: "Bearer abc" }, {}, false)).toEqual({ kind: "token", token: "abc" });
    expect(parseCredentials({ authorization: basic("me", "p:w") }, {}, false)).toEqual({ kind: "basic", username: "me", password: "p:w" });
    expect(parseCredentials({}, { u: "me", p: "pw" }, true)).toEqual({ kind: "basic", username: "me", password: "pw" });
    expect(parseCredentials({}, { u: "me", p: "pw" }, false)).toEqual({ kind: "none" });
    expect(parseCredentials({ cookie: "a=b; influxdb-oss-session=xyz" }, {}, false)).toEqual({ kind: "session", cookie: "xyz" });
    expect(parseCredentials({ authorization: "Weird x" }, {}, false)).toEqual({ kind: "none" });
  });
});

describe("passwords", () => {
  it("hash with argon2id, verify, and refuse short passwords", async () => {
    const { hashPassword, verifyPassword } = await import("./passwords.js");
    const hash = await hashPassword("long-enough-password");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await verifyPassword(hash, "long-enough-password")).toBe(true);
    expect(await verifyPassword(hash, "wrong-password")).toBe(false);
    expect(await verifyPassword("not-a-hash", "x")).toBe(false);
    await expect(hashPassword("short")).rejects.toThrow(/at least 8 characters/);
  });
});
