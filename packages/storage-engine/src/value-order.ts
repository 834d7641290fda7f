/** Scalars ordered as DuckDB orders them, for the engine's JS paths that must agree with its SQL. */

type Scalar = number | bigint | string | boolean;

/**
 * Numeric order with NaN above every other number and equal to itself (DuckDB's order of DOUBLEs);
 * other scalars by `<`. Numbers and bigints are never mixed.
 */
export function compareValues(a: Scalar, b: Scalar): number {
  if (typeof a === "number" && typeof b === "number") {
    if (a !== a) return b !== b ? 0 : 1;
    if (b !== b) return -1;
  }
  return a > b ? 1 : a < b ? -1 : 0;
}
