// The contract, loaded once at start: routes requests to operationIds and validates them.
import { addContractFormats, loadSpec } from "@fluxgate/openapi";
import { OpenAPIBackend, type Document, type Operation, type ValidationResult } from "openapi-backend";

type ErrorObject = NonNullable<ValidationResult["errors"]>[number];

export interface Contract {
  api: OpenAPIBackend;
  /** Milliseconds spent loading and initialising the spec. */
  initMs: number;
}

export async function loadContract(): Promise<Contract> {
  const started = performance.now();
  const api = new OpenAPIBackend({
    definition: loadSpec() as unknown as Document,
    // Validators compile on first use of each operation instead of all ~250 at start.
    quick: true,
    validate: true,
    coerceTypes: true,
    ajvOpts: { strict: false, allErrors: false },
    customizeAjv: addContractFormats,
  });
  await api.init();
  return { api, initMs: performance.now() - started };
}

/** Media types an operation accepts for its request body (empty when it takes none). */
export function requestMediaTypes(operation: Operation): string[] {
  const body = operation.requestBody as { content?: Record<string, unknown> } | undefined;
  return Object.keys(body?.content ?? {});
}

/** Whether the operation's body may be left out. */
export function requestBodyOptional(operation: Operation): boolean {
  return (operation.requestBody as { required?: boolean } | undefined)?.required !== true;
}

/** One ajv error as a sentence naming the parameter or body field. */
export function describeValidationError(error: ErrorObject): string {
  const [where, ...rest] = error.instancePath.split("/").filter(Boolean);
  let subject: string;
  const field = rest.map(decodePointer).join(".");
  if (where === "requestBody") subject = field ? `body field "${field}"` : "request body";
  else if (where === "query") subject = `query parameter "${field}"`;
  else if (where === "path") subject = `path parameter "${field}"`;
  else if (where === "header") subject = `header "${field}"`;
  else subject = "request";
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "required") {
    const missing = String(params["missingProperty"]);
    if (where === "requestBody" || (where === undefined && missing === "requestBody")) {
      return missing === "requestBody" ? "request body is required" : `body field "${field ? `${field}.` : ""}${missing}" is required`;
    }
    if (where === undefined) return `${missing.replace(/s$/, "")} is required`;
    return `${where === "query" ? "query parameter" : where === "path" ? "path parameter" : "header"} "${missing}" is required`;
  }
  if (error.keyword === "additionalProperties") return `${subject} has unknown field "${String(params["additionalProperty"])}"`;
  if (error.keyword === "enum") return `${subject} must be one of ${(params["allowedValues"] as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
  if (error.keyword === "pattern" && /ID$/i.test(field)) return `${subject} is not a valid ID: must be 16 lowercase hex characters`;
  return `${subject} ${error.message ?? "is invalid"}`;
}

function decodePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}
