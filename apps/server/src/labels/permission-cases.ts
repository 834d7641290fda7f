// Permission-matrix cases of the label operations (collected by src/permissions-matrix/).
import { read, write, type Case, type Fixture } from "../test-support/permission-cases.js";

/** A fresh label of the instance's org (POST /labels answers `{label}`, so not through `f.created`). */
async function label(f: Fixture): Promise<{ id: string; orgID: string }> {
  const orgID = f.instance.org.id;
  const res = await f.t.client.post<{ label: { id: string } }>("/api/v2/labels", { orgID, name: f.name("label") }, { token: f.instance.operatorToken });
  if (res.status !== 201) throw new Error(`creating a label failed: ${res.status} ${res.text}`);
  return { id: res.body.label.id, orgID };
}

const labelCase = (method: "GET" | "PATCH" | "DELETE", action: "read" | "write", body?: () => unknown): Case => ({
  denied: 403,
  prepare: async (f) => {
    const l = await label(f);
    return { call: { method, path: `/api/v2/labels/${l.id}`, ...(body ? { body: body() } : {}) }, grant: [{ action, resource: { type: "labels", ...l } }] };
  },
});

/** A fresh bucket and label of the instance's org, the label attached when `attached`. */
async function bucketAndLabel(f: Fixture, attached: boolean) {
  const bucketID = await f.bucket();
  const l = await label(f);
  if (attached) {
    const res = await f.t.client.post(`/api/v2/buckets/${bucketID}/labels`, { labelID: l.id }, { token: f.instance.operatorToken });
    if (res.status !== 201) throw new Error(`attaching a label failed: ${res.status} ${res.text}`);
  }
  return { bucketID, label: l, orgID: f.instance.org.id };
}

export const cases: Record<string, Case> = {
  GetLabels: { denied: { emptyList: "labels" }, prepare: async (f) => (await label(f), { call: { method: "GET", path: "/api/v2/labels" }, grant: [read("labels", { orgID: f.instance.org.id })] }) },
  PostLabels: {
    denied: 403,
    prepare: async (f) => ({ call: { method: "POST", path: "/api/v2/labels", body: { orgID: f.instance.org.id, name: f.name("label"), properties: { color: "#ff0000" } } }, grant: [write("labels", { orgID: f.instance.org.id })] }),
  },
  GetLabelsID: labelCase("GET", "read"),
  PatchLabelsID: labelCase("PATCH", "write", () => ({ properties: { description: "changed" } })),
  DeleteLabelsID: labelCase("DELETE", "write"),

  GetBucketsIDLabels: {
    denied: 403,
    prepare: async (f) => {
      const { bucketID, label: l, orgID } = await bucketAndLabel(f, true);
      return { call: { method: "GET", path: `/api/v2/buckets/${bucketID}/labels` }, grant: [read("buckets", { orgID, id: bucketID }), read("labels", l)] };
    },
  },
  PostBucketsIDLabels: {
    denied: 403,
    prepare: async (f) => {
      const { bucketID, label: l, orgID } = await bucketAndLabel(f, false);
      return { call: { method: "POST", path: `/api/v2/buckets/${bucketID}/labels`, body: { labelID: l.id } }, grant: [write("buckets", { orgID, id: bucketID }), write("labels", l)] };
    },
  },
  DeleteBucketsIDLabelsID: {
    denied: 403,
    prepare: async (f) => {
      const { bucketID, label: l, orgID } = await bucketAndLabel(f, true);
      return { call: { method: "DELETE", path: `/api/v2/buckets/${bucketID}/labels/${l.id}` }, grant: [write("buckets", { orgID, id: bucketID }), write("labels", l)] };
    },
  },
};
