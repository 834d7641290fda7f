// A v1 (legacy) username/password with read and write on the setup bucket, made the way the
// official CLI makes one (`/private/legacy/authorizations` then `/password`).
import { expect } from "vitest";
import type { Onboarded } from "../harness/onboard.js";

export interface V1User {
  username: string;
  password: string;
}

async function api(url: string, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { Authorization: `Token ${token}`, "Content-Type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

export async function createV1User(url: string, setup: Onboarded, user: V1User): Promise<void> {
  const bucket = { type: "buckets", orgID: setup.orgID, id: setup.bucketID };
  const created = await api(url, setup.token, "POST", "/private/legacy/authorizations", {
    orgID: setup.orgID,
    token: user.username,
    permissions: [
      { action: "read", resource: bucket },
      { action: "write", resource: bucket },
    ],
  });
  expect(created.status).toBe(201);
  const id = (created.json as { id: string }).id;
  expect((await api(url, setup.token, "POST", `/private/legacy/authorizations/${id}/password`, { password: user.password })).status).toBe(204);
}
