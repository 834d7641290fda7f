/** `POST /api/v2/query/analyze`: the errors a Flux program has, found without running it. */
import { type FluxError, parse, resolveNames } from "@fluxgate/flux";
import { fluxCatalog } from "./catalog.js";

export interface QueryError {
  line: number;
  column: number;
  /** 1-based offset of the error's start in the whole query, counted in characters. */
  character: number;
  message: string;
}

function characterOffset(query: string, line: number, column: number): number {
  const lines = query.split("\n");
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += [...(lines[i] ?? "")].length + 1;
  return offset + column;
}

/** Parse errors first; names are resolved only in a program that parses, as the compiler does. */
export async function analyzeQuery(query: string): Promise<QueryError[]> {
  const parsed = parse(query);
  let errors: FluxError[] = parsed.errors;
  if (errors.length === 0) {
    const { prelude, packages } = await fluxCatalog();
    const known = new Set(packages);
    errors = resolveNames(parsed.package, { prelude: new Set(prelude), packageExists: (path) => known.has(path) });
  }
  return errors.map((e) => {
    const { line, column } = e.location.start;
    return { line, column, character: characterOffset(query, line, column), message: e.message };
  });
}
