import type { Token } from "../scanner/token.js";

/** Omits the `type` tag: Flux's JSON leaves it off nodes held in fields of a fixed node kind. */
export function untag<T extends { type: string }>(node: T): Omit<T, "type"> {
  const { type: _type, ...rest } = node;
  return rest;
}

/** Comment lists are left out of the JSON when empty. */
export function comments(token: Token): Token["comments"] | undefined {
  return token.comments.length > 0 ? token.comments : undefined;
}
