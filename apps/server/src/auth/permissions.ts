// InfluxDB 2.x's permission model: an action on a resource type, optionally narrowed to one org or
// to one resource ID. Matching follows InfluxDB: a grant without org and ID covers every resource of
// its type; an org-scoped grant covers that org's resources; an ID-scoped grant covers that resource.

export const RESOURCE_TYPES = [
  "authorizations",
  "buckets",
  "dashboards",
  "orgs",
  "sources",
  "tasks",
  "telegrafs",
  "users",
  "variables",
  "scrapers",
  "secrets",
  "labels",
  "views",
  "documents",
  "notificationRules",
  "notificationEndpoints",
  "checks",
  "dbrp",
  "notebooks",
  "annotations",
  "remotes",
  "replications",
  "instance",
] as const;

export type ResourceType = (typeof RESOURCE_TYPES)[number];
export const ACTIONS = ["read", "write"] as const;
export type Action = (typeof ACTIONS)[number];

export interface Resource {
  type: ResourceType;
  id?: string;
  orgID?: string;
}

export interface Permission {
  action: Action;
  resource: Resource;
}

/** Types that exist outside any org; an org-scoped grant of them means nothing. */
const GLOBAL_TYPES: ReadonlySet<ResourceType> = new Set(["orgs", "users", "instance"]);

export function isResourceType(value: string): value is ResourceType {
  return (RESOURCE_TYPES as readonly string[]).includes(value);
}

/** Does `granted` allow `required`? */
export function permits(granted: Permission, required: Permission): boolean {
  if (granted.action !== required.action || granted.resource.type !== required.resource.type) return false;
  const g = granted.resource;
  const r = required.resource;
  if (g.id !== undefined) return r.id === g.id;
  if (g.orgID !== undefined) {
    // An org-scoped grant on `orgs` covers that org itself (InfluxDB writes it as the org's ID).
    if (r.type === "orgs") return r.id === g.orgID || r.orgID === g.orgID;
    return r.orgID === g.orgID;
  }
  return true;
}

export function permitsAll(granted: readonly Permission[], required: Permission): boolean {
  return granted.some((g) => permits(g, required));
}

/** Every permission on every type: the operator token's and the instance owner's. */
export function operatorPermissions(): Permission[] {
  return RESOURCE_TYPES.flatMap((type) => ACTIONS.map((action) => ({ action, resource: { type } })));
}

/** Everything within one org: InfluxDB's "all access" token and an org owner's rights. */
export function allAccessPermissions(orgID: string, userID: string): Permission[] {
  const perms: Permission[] = [];
  for (const type of RESOURCE_TYPES) {
    if (type === "instance") continue;
    for (const action of ACTIONS) {
      if (type === "orgs") perms.push({ action, resource: { type, id: orgID } });
      else if (type === "users") perms.push({ action, resource: { type, id: userID } });
      else perms.push({ action, resource: { type, orgID } });
    }
  }
  return perms;
}

/** Read everything of an org: an org member's rights. */
export function memberPermissions(orgID: string): Permission[] {
  const perms: Permission[] = RESOURCE_TYPES.filter((t) => !GLOBAL_TYPES.has(t)).map((type) => ({ action: "read", resource: { type, orgID } }));
  perms.push({ action: "read", resource: { type: "orgs", id: orgID } });
  return perms;
}

/** A user may always read and change themselves. */
export function mePermissions(userID: string): Permission[] {
  return ACTIONS.map((action) => ({ action, resource: { type: "users" as const, id: userID } }));
}

/** Checks one permission as it arrives in a request body; returns a message naming the fault or null. */
export function checkPermissionShape(value: unknown, index: number): string | null {
  const at = `permissions[${index}]`;
  if (typeof value !== "object" || value === null) return `${at} must be an object`;
  const p = value as { action?: unknown; resource?: unknown };
  if (p.action !== "read" && p.action !== "write") return `${at}.action must be "read" or "write"`;
  if (typeof p.resource !== "object" || p.resource === null) return `${at}.resource is required`;
  const r = p.resource as { type?: unknown };
  if (typeof r.type !== "string" || !isResourceType(r.type)) return `${at}.resource.type "${String(r.type)}" is not a valid resource type`;
  return null;
}

export function describePermission(p: Permission): string {
  const scope = p.resource.id ? `/${p.resource.id}` : p.resource.orgID ? ` in org ${p.resource.orgID}` : "";
  return `${p.action}:${p.resource.type}${scope}`;
}
