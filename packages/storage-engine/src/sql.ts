/** Small helpers that keep every identifier and constant in generated SQL quoted. */

/** A double-quoted SQL identifier. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A single-quoted SQL string constant. */
export function str(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A BIGINT constant (typed, so DuckDB never widens comparisons to HUGEINT or DOUBLE). */
export function int64(value: bigint): string {
  return `${value}::BIGINT`;
}

/**
 * The rows of every SELECT in `selects`, as one statement a clause (ORDER BY, LIMIT) may follow.
 * One SELECT is left as it is: a wrapping statement costs DuckDB ~0.1 ms to plan.
 */
export function unionAll(selects: readonly string[]): string {
  return selects.length === 1 ? selects[0]! : `SELECT * FROM (${selects.join(" UNION ALL ")})`;
}
