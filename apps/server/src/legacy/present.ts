import type { AuthorizationNames } from "../authorizations/present.js";
import { presentAuthorization } from "../authorizations/present.js";
import type { LegacyAuthorizationRow } from "./schema.js";

/**
 * The same JSON as an API token, where `token` is the 1.x username (always shown: it is not a
 * secret) and `self` points at the route the caller used. The password never appears.
 */
export function presentLegacyAuthorization(row: LegacyAuthorizationRow, names: AuthorizationNames, base: string) {
  const { password_hash: _secret, token, ...rest } = row;
  const shown = presentAuthorization(rest, names, token);
  return { ...shown, links: { ...shown.links, self: `${base}/${row.id}` } };
}
