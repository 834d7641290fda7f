/** `GET /api/v2/query/suggestions[/{name}]`: the universe's functions and their parameters, for editors. */
import type { BuiltinFunction } from "@fluxgate/flux";
import { notFound } from "../http/errors.js";
import { fluxCatalog } from "./catalog.js";

export async function querySuggestions(): Promise<{ funcs: BuiltinFunction[] }> {
  const { functions } = await fluxCatalog();
  return { funcs: functions };
}

export async function querySuggestion(name: string): Promise<BuiltinFunction> {
  const { functions } = await fluxCatalog();
  const found = functions.find((f) => f.name === name);
  if (found === undefined) throw notFound(`function "${name}" not found`);
  return found;
}
