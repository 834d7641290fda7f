import type { Shard } from "./shard.js";
import { ident, str } from "./sql.js";
import type { SeriesPredicate, StringMatch } from "./types.js";

/**
 * SQL condition over one shard's `_series` catalog. Tag keys the shard never saw compare as the
 * empty string, which is InfluxDB's rule for missing tags.
 */
export function seriesPredicateSql(shard: Shard, predicate: SeriesPredicate | undefined): string {
  if (predicate === undefined) return "TRUE";
  switch (predicate.kind) {
    case "and":
      return predicate.operands.length === 0
        ? "TRUE"
        : `(${predicate.operands.map((p) => seriesPredicateSql(shard, p)).join(" AND ")})`;
    case "or":
      return predicate.operands.length === 0
        ? "FALSE"
        : `(${predicate.operands.map((p) => seriesPredicateSql(shard, p)).join(" OR ")})`;
    case "not":
      return `(NOT ${seriesPredicateSql(shard, predicate.operand)})`;
    case "measurement":
      return matchSql("measurement", predicate.match);
    case "tag": {
      const column = shard.committed.tagColumns.get(predicate.key);
      return matchSql(column === undefined ? "''" : `coalesce(${ident(column)}, '')`, predicate.match);
    }
  }
}

function matchSql(expr: string, match: StringMatch): string {
  switch (match.op) {
    case "=":
      return `(${expr} = ${str(match.value)})`;
    case "!=":
      return `(${expr} <> ${str(match.value)})`;
    case "=~":
      return `regexp_matches(${expr}, ${str(match.pattern)})`;
    case "!~":
      return `(NOT regexp_matches(${expr}, ${str(match.pattern)}))`;
  }
}

/** Condition for InfluxDB's delete predicate: measurement equality and AND-ed tag equalities. */
export function deletePredicate(
  measurement: string | undefined,
  tags: ReadonlyArray<readonly [string, string]> | undefined,
): SeriesPredicate {
  const operands: SeriesPredicate[] = [];
  if (measurement !== undefined) operands.push({ kind: "measurement", match: { op: "=", value: measurement } });
  for (const [key, value] of tags ?? []) operands.push({ kind: "tag", key, match: { op: "=", value } });
  return { kind: "and", operands };
}
