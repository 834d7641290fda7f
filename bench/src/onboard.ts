/** Sets up a fresh server over plain HTTP and returns what the workloads need. */
export interface Tenant {
  readonly token: string;
  readonly orgID: string;
}

export async function onboard(url: string): Promise<Tenant> {
  const response = await fetch(`${url}/api/v2/setup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "bench", password: "bench-password-1", org: "bench", bucket: "bench" }),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST /api/v2/setup answered ${response.status}: ${text}`);
  const body = JSON.parse(text) as { auth?: { token?: string }; org?: { id?: string } };
  if (body.auth?.token === undefined || body.org?.id === undefined) throw new Error(`setup answer lacks auth.token or org.id: ${text}`);
  return { token: body.auth.token, orgID: body.org.id };
}

export async function createBucket(url: string, tenant: Tenant, name: string): Promise<void> {
  const response = await fetch(`${url}/api/v2/buckets`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Token ${tenant.token}` },
    body: JSON.stringify({ orgID: tenant.orgID, name, retentionRules: [] }),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST /api/v2/buckets answered ${response.status}: ${text}`);
}
