// `pnpm --filter @fluxgate/server api-status`: the README's API status table, from the contract and
// the registered handlers (an operation without a handler answers 501).
import { listOperations } from "@fluxgate/openapi";
import { mergeHandlers } from "./handlers.js";

export function apiStatusTable(): string {
  const implemented = mergeHandlers();
  const operations = listOperations();
  const done = operations.filter((o) => implemented.has(o.operationId)).length;
  const rows = operations.map((o) => `| ${o.method} | \`${o.path}\` | ${o.operationId} | ${implemented.has(o.operationId) ? "implemented" : "501"} |`);
  return [`${done} of ${operations.length} operations implemented.`, "", "| method | path | operation | status |", "|---|---|---|---|", ...rows].join("\n") + "\n";
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(apiStatusTable());
