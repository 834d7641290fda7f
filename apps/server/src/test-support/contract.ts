// Checks responses against the contract: the status must be one the operation declares (2xx/3xx
// explicitly, errors may fall under `default`) and a JSON body must match that status's schema.
import { addContractFormats, loadSpec } from "@fluxgate/openapi";
import { OpenAPIBackend, type Document, type Operation } from "openapi-backend";

let contract: Promise<OpenAPIBackend> | undefined;

export function testContract(): Promise<OpenAPIBackend> {
  contract ??= new OpenAPIBackend({ definition: loadSpec() as unknown as Document, quick: true, validate: true, ajvOpts: { strict: false }, customizeAjv: addContractFormats }).init();
  return contract;
}

export interface ObservedResponse {
  method: string;
  /** Path without query string. */
  path: string;
  query: Record<string, string>;
  status: number;
  contentType: string;
  body: unknown;
}

/** Returns a list of contract violations (empty when the response conforms). */
export function checkResponse(api: OpenAPIBackend, r: ObservedResponse): string[] {
  const operation = api.matchOperation({ method: r.method, path: r.path, headers: {}, query: r.query });
  if (!operation) {
    const code = (r.body as { code?: string } | undefined)?.code;
    const ok = (r.status === 404 && code === "not found") || (r.status === 405 && code === "method not allowed");
    return ok ? [] : [`${r.method} ${r.path} is not in the contract but answered ${r.status}`];
  }
  const declared = Object.keys((operation as Operation & { responses?: Record<string, unknown> }).responses ?? {});
  const explicit = declared.includes(String(r.status)) || declared.includes(`${Math.floor(r.status / 100)}XX`);
  if (!explicit && (r.status < 400 || !declared.includes("default"))) {
    return [`${operation.operationId} answered ${r.status}, which the contract does not declare (${declared.join(", ")})`];
  }
  if (!r.contentType.includes("json")) return [];
  const result = api.validateResponse(r.body, operation, r.status);
  if (result.valid) return [];
  return (result.errors ?? []).map((e) => `${operation.operationId} ${r.status} body${e.instancePath} ${e.message ?? "is invalid"} (${JSON.stringify(e.params)})`);
}
