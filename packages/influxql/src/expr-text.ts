// An expression written back as 1.x writes it in its error messages (influxql's String methods):
// identifiers quoted when they need it, strings in single quotes, floats with three decimals,
// durations in their largest exact unit.
import type { Expr } from "./ast.js";

const bareIdent = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function quoteIdent(name: string): string {
  return bareIdent.test(name) ? name : `"${name.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

export function quoteString(s: string): string {
  return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`;
}

const UNITS: ReadonlyArray<readonly [bigint, string]> = [
  [604_800_000_000_000n, "w"],
  [86_400_000_000_000n, "d"],
  [3_600_000_000_000n, "h"],
  [60_000_000_000n, "m"],
  [1_000_000_000n, "s"],
  [1_000_000n, "ms"],
  [1_000n, "u"],
];

export function formatDuration(ns: bigint): string {
  if (ns === 0n) return "0s";
  for (const [size, unit] of UNITS) if (ns % size === 0n) return `${ns / size}${unit}`;
  return `${ns}ns`;
}

export function exprText(e: Expr): string {
  switch (e.kind) {
    case "number":
      return e.value.toFixed(3);
    case "integer":
      return String(e.value);
    case "string":
      return quoteString(e.value);
    case "boolean":
      return String(e.value);
    case "duration":
      return formatDuration(e.ns);
    case "regex":
      return `/${e.pattern.replace(/\//g, "\\/")}/`;
    case "ref":
      return quoteIdent(e.name) + (e.type === undefined ? "" : `::${e.type}`);
    case "wildcard":
      return `*${e.type === undefined ? "" : `::${e.type}`}`;
    case "call":
      return `${e.name}(${e.args.map(exprText).join(", ")})`;
    case "binary":
      return `${exprText(e.left)} ${e.op} ${exprText(e.right)}`;
    case "paren":
      return `(${exprText(e.expr)})`;
  }
}

/** An integer literal, or arithmetic of integer literals (1.x reduces `1 + 1` before it checks). */
export function integerValue(e: Expr): bigint | undefined {
  switch (e.kind) {
    case "integer":
      return e.value;
    case "paren":
      return integerValue(e.expr);
    case "binary": {
      const l = integerValue(e.left);
      const r = integerValue(e.right);
      if (l === undefined || r === undefined) return undefined;
      if (e.op === "+") return l + r;
      if (e.op === "-") return l - r;
      if (e.op === "*") return l * r;
      return undefined;
    }
    default:
      return undefined;
  }
}
