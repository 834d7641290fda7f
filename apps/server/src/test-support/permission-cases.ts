// The shapes of permission-matrix cases, shared by the matrix (src/permissions-matrix/) and by every
// domain that keeps its own cases in `src/<domain>/permission-cases.ts` (exporting `cases`). The
// matrix collects those files itself, so a domain adds handlers and cases without touching it.
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Permission } from "../auth/permissions.js";
import type { Instance, TestServer } from "./index.js";

export interface Call {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  body?: unknown;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}

/**
 * What a caller with a valid token but without the permission gets: an error status, a list with
 * the named array empty (InfluxDB filters lists to what the caller may read), or success (anyone
 * authenticated may, e.g. GET /me).
 */
export type Denial = 403 | 404 | { emptyList: string } | "allowed";

export interface Case {
  /** Makes what the call needs (with the operator token); returns the call and the permissions that suffice. */
  prepare(f: Fixture): Promise<{ call: Call; grant: Permission[] }>;
  denied: Denial;
}

export interface Fixture {
  t: TestServer;
  instance: Instance;
  /** A fresh name, unique in the matrix run. */
  name(prefix: string): string;
  user(): Promise<string>;
  org(): Promise<string>;
  bucket(): Promise<string>;
  /** POSTs `body` to `path` with the operator token, expects 201 and returns the new resource's `id`. */
  created(path: string, body: unknown): Promise<string>;
}

type Scope = { orgID?: string; id?: string };
export const read = (type: Permission["resource"]["type"], scope: Scope = {}): Permission => ({ action: "read", resource: { type, ...scope } });
export const write = (type: Permission["resource"]["type"], scope: Scope = {}): Permission => ({ action: "write", resource: { type, ...scope } });

/** The file name a domain folder keeps its cases in. */
export const CASES_FILE = "permission-cases.ts";

/**
 * Every `src/<domain>/permission-cases.ts`, by domain folder. Read from the file system rather than
 * listed by hand so that parallel work on several domains never edits one shared list.
 */
export async function loadDomainCases(): Promise<Map<string, Record<string, Case>>> {
  const src = join(dirname(fileURLToPath(import.meta.url)), "..");
  const found = new Map<string, Record<string, Case>>();
  for (const entry of readdirSync(src, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    // This folder holds the shared shapes under the same file name, not cases.
    if (!entry.isDirectory() || entry.name === "test-support") continue;
    if (!readdirSync(join(src, entry.name)).includes(CASES_FILE)) continue;
    const module = (await import(pathToFileURL(join(src, entry.name, CASES_FILE)).href)) as { cases?: Record<string, Case> };
    if (!module.cases) throw new Error(`src/${entry.name}/${CASES_FILE} exports no \`cases\``);
    found.set(entry.name, module.cases);
  }
  return found;
}

/**
 * One map of cases from the matrix's own and every domain's; an operation with a case in two places
 * is a mistake (which one would run?), so it throws naming both.
 */
export function mergeCases(sources: ReadonlyMap<string, Record<string, Case>>): Record<string, Case> {
  const merged: Record<string, Case> = {};
  const from = new Map<string, string>();
  for (const [source, cases] of sources) {
    for (const [operationId, c] of Object.entries(cases)) {
      const previous = from.get(operationId);
      if (previous !== undefined) throw new Error(`operation ${operationId} has permission-matrix cases in both ${previous} and ${source}`);
      from.set(operationId, source);
      merged[operationId] = c;
    }
  }
  return merged;
}
