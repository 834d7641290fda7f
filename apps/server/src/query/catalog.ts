/** The Flux builtin catalog, learned once per process (probing every builtin takes tens of ms). */
import { type BuiltinCatalog, builtinCatalog } from "@fluxgate/flux";

let catalog: Promise<BuiltinCatalog> | undefined;

export function fluxCatalog(): Promise<BuiltinCatalog> {
  catalog ??= builtinCatalog();
  return catalog;
}
