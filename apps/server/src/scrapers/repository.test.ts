// Scraper SQL on every metadata backend (PGlite always, PostgreSQL when configured): the claims that
// keep processes sharing one store from scraping a target twice in an interval.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetadataStore } from "../db/index.js";
import { createOrgWithSystemBuckets } from "../orgs/repository.js";
import { metadataBackends } from "../test-support/metadata-backends.js";
import { claimDueScrapers, createScraper, deleteScraper } from "./repository.js";

describe.each(metadataBackends())("scraper repository on $name", (backend) => {
  let store: MetadataStore;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it("claims each target once per interval, also when claims race", async () => {
    const org = await createOrgWithSystemBuckets(store.db, { name: `scrapers-${backend.name}` });
    const fields = { name: "t", type: "prometheus" as const, url: "http://127.0.0.1:1/metrics", bucketID: "0123456789abcdef", allowInsecure: false };
    const a = await createScraper(store.db, org.id, fields);
    const b = await createScraper(store.db, org.id, fields);
    const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, s));
    const interval = 10;
    const claim = (s: number) => claimDueScrapers(store.db, at(s), at(s - interval / 2));

    expect((await claim(0)).map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
    expect(await claim(1)).toEqual([]);
    expect((await claim(10)).length).toBe(2);

    // Two processes at the same moment: every target goes to exactly one.
    const [first, second] = await Promise.all([claim(20), claim(20)]);
    expect([...first!, ...second!].map((s) => s.id).sort()).toEqual([a.id, b.id].sort());

    await deleteScraper(store.db, a.id);
    expect((await claim(40)).map((s) => s.id)).toEqual([b.id]);
  });
});
