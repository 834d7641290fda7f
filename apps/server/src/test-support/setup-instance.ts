// Onboards a test server the way `influx setup` does and returns what tests need.
import type { TestClient } from "./client.js";

export interface Instance {
  operatorToken: string;
  user: { id: string; name: string };
  org: { id: string; name: string };
  bucket: { id: string; name: string };
  password: string;
}

export async function setupInstance(
  client: TestClient,
  options: { username?: string; password?: string; org?: string; bucket?: string; retentionPeriodSeconds?: number } = {},
): Promise<Instance> {
  const password = options.password ?? "correct-horse-battery";
  const res = await client.post<{ user: Instance["user"]; org: Instance["org"]; bucket: Instance["bucket"]; auth: { token: string } }>("/api/v2/setup", {
    username: options.username ?? "admin",
    password,
    org: options.org ?? "acme",
    bucket: options.bucket ?? "telemetry",
    retentionPeriodSeconds: options.retentionPeriodSeconds ?? 0,
  });
  if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${res.text}`);
  const { user, org, bucket, auth } = res.body;
  return { operatorToken: auth.token, user: { id: user.id, name: user.name }, org: { id: org.id, name: org.name }, bucket: { id: bucket.id, name: bucket.name }, password };
}

/**
 * Writes line protocol into the instance's bucket with its operator token, as a test's data, and
 * fails the test unless the write is acknowledged (204).
 */
export async function writeLines(client: TestClient, instance: Instance, lines: string | readonly string[], precision?: "s" | "ms" | "us" | "ns"): Promise<void> {
  const body = typeof lines === "string" ? lines : lines.join("\n");
  const res = await client.post("/api/v2/write", body, {
    token: instance.operatorToken,
    query: { org: instance.org.name, bucket: instance.bucket.name, ...(precision !== undefined ? { precision } : {}) },
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
  if (res.status !== 204) throw new Error(`test data write answered ${res.status}: ${res.text}`);
}
