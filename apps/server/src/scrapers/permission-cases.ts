// Permission-matrix cases of the scraper target operations (collected by src/permissions-matrix/).
import { read, write, type Case, type Fixture } from "../test-support/permission-cases.js";

type Scoped = { id: string; orgID: string };

// Nothing listens on port 1, so the loop's scrapes of these targets fail fast (and are only logged).
const TARGET_URL = "http://127.0.0.1:1/metrics";

async function scraper(f: Fixture): Promise<Scoped> {
  const orgID = f.instance.org.id;
  const body = { name: f.name("scraper"), type: "prometheus", url: TARGET_URL, orgID, bucketID: f.instance.bucket.id };
  return { id: await f.created("/api/v2/scrapers", body), orgID };
}

async function label(f: Fixture): Promise<Scoped> {
  const orgID = f.instance.org.id;
  const res = await f.t.client.post<{ label: { id: string } }>("/api/v2/labels", { orgID, name: f.name("label") }, { token: f.instance.operatorToken });
  if (res.status !== 201) throw new Error(`creating a label failed: ${res.status} ${res.text}`);
  return { id: res.body.label.id, orgID };
}

async function withLabel(f: Fixture, attached: boolean): Promise<{ scraper: Scoped; label: Scoped }> {
  const s = await scraper(f);
  const l = await label(f);
  if (attached) {
    const res = await f.t.client.post(`/api/v2/scrapers/${s.id}/labels`, { labelID: l.id }, { token: f.instance.operatorToken });
    if (res.status !== 201) throw new Error(`attaching a label failed: ${res.status} ${res.text}`);
  }
  return { scraper: s, label: l };
}

async function withUser(f: Fixture, role: "members" | "owners", mapped: boolean): Promise<{ scraper: Scoped; userID: string }> {
  const s = await scraper(f);
  const userID = await f.user();
  if (mapped) {
    const res = await f.t.client.post(`/api/v2/scrapers/${s.id}/${role}`, { id: userID }, { token: f.instance.operatorToken });
    if (res.status !== 201) throw new Error(`adding a ${role} entry failed: ${res.status} ${res.text}`);
  }
  return { scraper: s, userID };
}

const userCases = (role: "members" | "owners"): Record<"list" | "add" | "remove", Case> => ({
  list: {
    denied: 403,
    prepare: async (f) => {
      const { scraper: s } = await withUser(f, role, true);
      return { call: { method: "GET", path: `/api/v2/scrapers/${s.id}/${role}` }, grant: [read("scrapers", s)] };
    },
  },
  add: {
    denied: 403,
    prepare: async (f) => {
      const { scraper: s, userID } = await withUser(f, role, false);
      return { call: { method: "POST", path: `/api/v2/scrapers/${s.id}/${role}`, body: { id: userID } }, grant: [write("scrapers", s)] };
    },
  },
  remove: {
    denied: 403,
    prepare: async (f) => {
      const { scraper: s, userID } = await withUser(f, role, true);
      return { call: { method: "DELETE", path: `/api/v2/scrapers/${s.id}/${role}/${userID}` }, grant: [write("scrapers", s)] };
    },
  },
});
const members = userCases("members");
const owners = userCases("owners");

export const cases: Record<string, Case> = {
  GetScrapers: {
    denied: { emptyList: "configurations" },
    prepare: async (f) => (await scraper(f), { call: { method: "GET", path: "/api/v2/scrapers" }, grant: [read("scrapers", { orgID: f.instance.org.id })] }),
  },
  PostScrapers: {
    denied: 403,
    prepare: async (f) => {
      const orgID = f.instance.org.id;
      const bucketID = f.instance.bucket.id;
      return {
        call: { method: "POST", path: "/api/v2/scrapers", body: { name: f.name("scraper"), type: "prometheus", url: TARGET_URL, orgID, bucketID } },
        // The target writes into the bucket with no token of its own: creating one needs write there too.
        grant: [write("scrapers", { orgID }), write("buckets", { orgID, id: bucketID })],
      };
    },
  },
  GetScrapersID: {
    denied: 403,
    prepare: async (f) => {
      const s = await scraper(f);
      return { call: { method: "GET", path: `/api/v2/scrapers/${s.id}` }, grant: [read("scrapers", s)] };
    },
  },
  PatchScrapersID: {
    denied: 403,
    prepare: async (f) => {
      const s = await scraper(f);
      return { call: { method: "PATCH", path: `/api/v2/scrapers/${s.id}`, body: { name: f.name("renamed") } }, grant: [write("scrapers", s)] };
    },
  },
  DeleteScrapersID: {
    denied: 403,
    prepare: async (f) => {
      const s = await scraper(f);
      return { call: { method: "DELETE", path: `/api/v2/scrapers/${s.id}` }, grant: [write("scrapers", s)] };
    },
  },
  GetScrapersIDLabels: {
    denied: 403,
    prepare: async (f) => {
      const { scraper: s, label: l } = await withLabel(f, true);
      return { call: { method: "GET", path: `/api/v2/scrapers/${s.id}/labels` }, grant: [read("scrapers", s), read("labels", l)] };
    },
  },
  PostScrapersIDLabels: {
    denied: 403,
    prepare: async (f) => {
      const { scraper: s, label: l } = await withLabel(f, false);
      return { call: { method: "POST", path: `/api/v2/scrapers/${s.id}/labels`, body: { labelID: l.id } }, grant: [write("scrapers", s), write("labels", l)] };
    },
  },
  DeleteScrapersIDLabelsID: {
    denied: 403,
    prepare: async (f) => {
      const { scraper: s, label: l } = await withLabel(f, true);
      return { call: { method: "DELETE", path: `/api/v2/scrapers/${s.id}/labels/${l.id}` }, grant: [write("scrapers", s), write("labels", l)] };
    },
  },
  GetScrapersIDMembers: members.list,
  PostScrapersIDMembers: members.add,
  DeleteScrapersIDMembersID: members.remove,
  GetScrapersIDOwners: owners.list,
  PostScrapersIDOwners: owners.add,
  DeleteScrapersIDOwnersID: owners.remove,
};
