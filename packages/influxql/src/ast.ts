// The statements and expressions the parser produces.

export type DataType = "float" | "integer" | "unsigned" | "string" | "boolean" | "field" | "tag";

export type Expr =
  | { kind: "number"; value: number }
  | { kind: "integer"; value: bigint }
  | { kind: "string"; value: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "duration"; ns: bigint }
  | { kind: "regex"; pattern: string }
  | { kind: "ref"; name: string; type?: DataType }
  | { kind: "wildcard"; type?: DataType }
  | { kind: "call"; name: string; args: Expr[] }
  | { kind: "binary"; op: BinaryOp; left: Expr; right: Expr }
  | { kind: "paren"; expr: Expr };

export type BinaryOp =
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "&"
  | "|"
  | "^"
  | "="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "=~"
  | "!~"
  | "AND"
  | "OR";

export interface Field {
  expr: Expr;
  alias?: string;
}

export type Source =
  | { kind: "measurement"; db?: string; rp?: string; name?: string; regex?: string }
  | { kind: "subquery"; statement: SelectStatement };

export type Dimension =
  | { kind: "time"; every: bigint; offset: bigint }
  | { kind: "tag"; name: string }
  | { kind: "wildcard" }
  | { kind: "regex"; pattern: string };

export type Fill = { kind: "null" } | { kind: "none" } | { kind: "previous" } | { kind: "linear" } | { kind: "value"; value: number | bigint };

export interface SelectStatement {
  kind: "select";
  fields: Field[];
  sources: Source[];
  condition?: Expr;
  dimensions: Dimension[];
  fill: Fill;
  descending: boolean;
  /** ORDER BY was written (a subquery's own direction must then be its outer query's). */
  ordered?: boolean;
  limit: number;
  offset: number;
  /** Set by the executor only: LIMIT keeps each stored series' first rows, not each group's (a raw
   * subquery whose rows 1.x limits as a stream, see subquery-limit.ts). */
  seriesLimit?: boolean;
  /** Set by the executor only: the GROUP BY a wildcard field is expanded by, when the statement
   * groups by more (a subquery grouped by its outer query's tags too). */
  expandDimensions?: Dimension[];
  /** Set by the executor only: how many points of each group top()/bottom() read (1.x pushes
   * LIMIT + OFFSET + 1 into their read; a subquery's, limited as a stream, keeps this alone). */
  selectorRead?: number;
  slimit: number;
  soffset: number;
  tz?: string;
  into?: string;
  /** An error 1.x answers for this statement when it runs, though it parsed (e.g. `time(5)`). */
  invalid?: string;
}

/** `WITH KEY …` of SHOW TAG VALUES. */
export type KeyMatch = { op: "=" | "!="; values: string[] } | { op: "in"; values: string[] } | { op: "=~" | "!~"; pattern: string };

export type MeasurementMatch = { op: "=" | "!="; name: string } | { op: "=~" | "!~"; pattern: string };

export type CardinalityTarget = "series" | "measurement" | "tag key" | "tag values" | "field key";

export type Statement =
  | SelectStatement
  | { kind: "show databases" }
  | { kind: "show retention policies"; db?: string }
  | { kind: "show measurements"; db?: string; match?: MeasurementMatch; condition?: Expr; limit: number; offset: number }
  | { kind: "show tag keys"; db?: string; sources: Source[]; condition?: Expr; limit: number; offset: number }
  | { kind: "show tag values"; db?: string; sources: Source[]; key: KeyMatch; condition?: Expr; limit: number; offset: number }
  | { kind: "show field keys"; db?: string; sources: Source[]; limit: number; offset: number }
  | { kind: "show series"; db?: string; sources: Source[]; condition?: Expr; limit: number; offset: number }
  | {
      kind: "show cardinality";
      target: CardinalityTarget;
      exact: boolean;
      db?: string;
      sources: Source[];
      key?: KeyMatch;
      condition?: Expr;
    }
  | { kind: "drop measurement"; name: string }
  | { kind: "delete"; sources: Source[]; condition?: Expr }
  /** A statement InfluxDB 2.x parses but does not run (CREATE DATABASE, SHOW USERS, …). */
  | { kind: "unsupported"; what: string };
