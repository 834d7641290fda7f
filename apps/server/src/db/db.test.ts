import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createTemporaryDatabase, metadataBackends, POSTGRES_URL_VAR } from "../test-support/metadata-backends.js";
import type { MetadataStore } from "./index.js";
import { newId, openMetadataStore } from "./index.js";

describe.each(metadataBackends())("metadata store on $name", (backend) => {
  let store: MetadataStore;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store?.close();
  });

  const org = async (name: string) => {
    const now = new Date();
    const id = newId();
    await store.db.insertInto("orgs").values({ id, name, description: "", created_at: now, updated_at: now }).execute();
    return id;
  };

  it("applied the migrations", async () => {
    const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
    expect(rows.rows.map((r) => r.name)).toContain("0001_tenancy_and_auth");
  });

  it("round-trips timestamps, bigints and jsonb", async () => {
    const orgID = await org("types");
    const now = new Date("2024-01-02T03:04:05.678Z");
    await store.db
      .insertInto("buckets")
      .values({
        id: newId(), org_id: orgID, name: "b", description: "", type: "user",
        retention_seconds: 4_000_000_000, shard_group_duration_seconds: 86_400, schema_type: "implicit",
        created_at: now, updated_at: now,
      })
      .execute();
    const b = await store.db.selectFrom("buckets").selectAll().where("org_id", "=", orgID).executeTakeFirstOrThrow();
    expect(b.retention_seconds).toBe(4_000_000_000);
    expect(b.created_at).toBeInstanceOf(Date);
    expect(b.created_at.toISOString()).toBe(now.toISOString());
    const userID = newId();
    await store.db.insertInto("users").values({ id: userID, name: "u-types", status: "active", created_at: now, updated_at: now }).execute();
    await store.db
      .insertInto("authorizations")
      .values({
        id: newId(), token_hash: newId(), org_id: orgID, user_id: userID, description: "", status: "active",
        permissions: JSON.stringify([{ action: "read", resource: { type: "buckets", orgID } }]), created_at: now, updated_at: now,
      })
      .execute();
    const a = await store.db.selectFrom("authorizations").select("permissions").where("user_id", "=", userID).executeTakeFirstOrThrow();
    expect(a.permissions).toEqual([{ action: "read", resource: { type: "buckets", orgID } }]);
  });

  it("enforces unique names", async () => {
    await org("dup");
    await expect(org("dup")).rejects.toThrow(/unique|duplicate/i);
  });

  it("rolls back a failed transaction and keeps others out while it runs", async () => {
    await expect(
      store.db.transaction().execute(async (trx) => {
        const now = new Date();
        await trx.insertInto("orgs").values({ id: newId(), name: "tx-rolled-back", description: "", created_at: now, updated_at: now }).execute();
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const found = await store.db.selectFrom("orgs").select("id").where("name", "=", "tx-rolled-back").execute();
    expect(found).toHaveLength(0);

    // Concurrent transactions each see their own writes and both commit.
    await Promise.all(
      ["tx-a", "tx-b", "tx-c"].map((name) =>
        store.db.transaction().execute(async (trx) => {
          const now = new Date();
          await trx.insertInto("orgs").values({ id: newId(), name, description: "", created_at: now, updated_at: now }).execute();
          const mine = await trx.selectFrom("orgs").select("name").where("name", "=", name).execute();
          expect(mine).toHaveLength(1);
        }),
      ),
    );
    const all = await store.db.selectFrom("orgs").select("name").where("name", "in", ["tx-a", "tx-b", "tx-c"]).execute();
    expect(all).toHaveLength(3);
  });
});

// Real PostgreSQL only (PGlite has no connections to lose): a server restart or an administrator's
// pg_terminate_backend kills the pool's idle connections. That must be reported, not end the process,
// and the next query must get a fresh connection.
const postgresUrl = process.env[POSTGRES_URL_VAR];
describe.each(postgresUrl ? [postgresUrl] : [])("metadata store on postgres (%s) losing its connections", (baseUrl) => {
  it("reports the lost idle connections and serves the next query on a new one", async () => {
    const database = await createTemporaryDatabase(baseUrl);
    const errors: Error[] = [];
    const store = await openMetadataStore({ url: database.url, dataDir: "", onConnectionError: (err) => errors.push(err) });
    try {
      // Two concurrent queries leave two idle connections in the pool.
      await Promise.all([sql`select pg_sleep(0.05)`.execute(store.db), sql`select pg_sleep(0.05)`.execute(store.db)]);
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      try {
        const killed = await admin.query(
          "select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
        );
        expect(killed.rows.length).toBeGreaterThanOrEqual(2);
      } finally {
        await admin.end();
      }
      await expect.poll(() => errors.length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
      expect(errors[0]?.message).toMatch(/terminating connection/);
      const rows = await sql<{ one: number }>`select 1 as one`.execute(store.db);
      expect(rows.rows).toEqual([{ one: 1 }]);
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
