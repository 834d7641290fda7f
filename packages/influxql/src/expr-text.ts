// An expression written back as 1.x writes it in its error messages (influxql's String methods):
// identifiers quoted when they need it, strings in single quotes, floats with three decimals,
// durations in their largest exact unit.
import { goDuration } from "./params.js";
import type { Expr } from "./ast.js";

const bareIdent = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function quoteIdent(name: string): string {
  return bareIdent.test(name) ? name : `"${name.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

export function quoteString(s: string): string {
  return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`;
}

export function formatDuration(ns: bigint): string {
  return ns === 0n ? "0s" : goDuration(ns);
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
