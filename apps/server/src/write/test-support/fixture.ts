// Test support for the write and delete suites: the shared test server (real HTTP, temp data dir,
// embedded PGlite, contract-checking client), seeded through the metadata store with one org, its
// buckets and tokens of different reach, plus a helper reading points back through the engine.
import type { Batch } from "@fluxgate/storage-engine";
import { allAccessPermissions, type Permission } from "../../auth/permissions.js";
import { hashToken, newToken } from "../../auth/tokens.js";
import type { Config } from "../../config/index.js";
import { newId } from "../../db/ids.js";
import type { Bucket } from "../../db/schema.js";
import type { AppContext } from "../../http/types.js";
import type { RunningServer } from "../../server.js";
import { bucketInfo } from "../../storage/engine.js";
import { startTestServer, type TestClient } from "../../test-support/index.js";

export interface WriteFixture {
  server: RunningServer;
  client: TestClient;
  url: string;
  app: AppContext;
  dataDir: string;
  orgID: string;
  orgName: string;
  userID: string;
  /** Every right in the org. */
  allAccessToken: string;
  createBucket(name: string, retentionSeconds?: number): Promise<Bucket>;
  /** A token holding exactly these permissions. */
  createToken(permissions: Permission[]): Promise<string>;
  close(): Promise<void>;
}

export async function startWriteFixture(overrides: Partial<Config> = {}): Promise<WriteFixture> {
  const test = await startTestServer(overrides);
  const server = test.server;
  const db = server.app.db;
  const now = new Date();
  const userID = newId();
  const orgID = newId();
  const orgName = `org-${orgID.slice(0, 6)}`;
  await db.insertInto("users").values({ id: userID, name: "writer", status: "active", created_at: now, updated_at: now }).execute();
  await db.insertInto("orgs").values({ id: orgID, name: orgName, description: "", created_at: now, updated_at: now }).execute();

  const createToken = async (permissions: Permission[]) => {
    const token = newToken();
    await db
      .insertInto("authorizations")
      .values({
        id: newId(),
        token_hash: hashToken(token),
        org_id: orgID,
        user_id: userID,
        description: "",
        status: "active",
        permissions: JSON.stringify(permissions),
        created_at: now,
        updated_at: now,
      })
      .execute();
    return token;
  };
  const createBucket = (name: string, retentionSeconds = 0) =>
    db
      .insertInto("buckets")
      .values({
        id: newId(),
        org_id: orgID,
        name,
        description: "",
        type: "user",
        retention_seconds: retentionSeconds,
        shard_group_duration_seconds: retentionSeconds === 0 ? 7 * 86_400 : 3_600,
        schema_type: "implicit",
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();

  return {
    server,
    client: test.client,
    url: server.url,
    app: server.app,
    dataDir: test.dataDir,
    orgID,
    orgName,
    userID,
    allAccessToken: await createToken(allAccessPermissions(orgID, userID)),
    createBucket,
    createToken,
    close: () => test.close(),
  };
}

/** Flat rows `measurement,tag=v,… field time=value`, sorted, for comparisons. */
export async function readRows(app: AppContext, bucket: Bucket, start = -(2n ** 62n), stop = 2n ** 62n): Promise<string[]> {
  const out: string[] = [];
  const batches: Batch[] = [];
  for await (const batch of app.storage.read({ bucket: bucketInfo(bucket), start, stop })) batches.push(batch);
  for (const b of batches) {
    const series = `${b.measurement}${b.tags.map(([k, v]) => `,${k}=${v}`).join("")} ${b.field}`;
    b.times.forEach((t, i) => out.push(`${series} ${t}=${String(b.values.values[i])}`));
  }
  return out.sort();
}
