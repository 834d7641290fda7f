/**
 * Flux's AST, shaped exactly like the JSON InfluxDB's `POST /api/v2/query/ast` returns: the same
 * node `type` names, field names and field order. Keeping the in-memory shape identical to the
 * wire shape means `astToJSON` has nothing to translate.
 */
import type { Comment, Position } from "../scanner/token.js";

export type { Comment, Position };

export interface SourceLocation {
  /** Present only when the source was parsed under a file name. */
  file?: string;
  start: Position;
  end: Position;
  /** The exact source text the node spans. */
  source?: string;
}

/** A parse error recorded on the node where Flux's parser noticed it. */
export interface NodeError {
  msg: string;
}

/** Fields every node carries; omitted entirely for synthetic nodes without a location. */
export interface BaseNode {
  location?: SourceLocation;
  comments?: Comment[];
  errors?: NodeError[];
  /** Attributes written before a package clause, import or statement. */
  attributes?: Attribute[];
}

/** `@name(params…)`, e.g. `@edition("2022.1")`. InfluxDB's AST JSON does not carry these. */
export interface Attribute extends BaseNode {
  type: "Attribute";
  name: string;
  params: AttributeParam[];
}

export interface AttributeParam extends BaseNode {
  type: "AttributeParam";
  value: Expression;
}

export interface Package extends BaseNode {
  type: "Package";
  path?: string;
  package: string;
  files: File[];
}

export interface File extends BaseNode {
  type: "File";
  name?: string;
  metadata?: string;
  package: PackageClause | null;
  imports: ImportDeclaration[];
  body: Statement[];
  eof?: Comment[];
}

export interface PackageClause extends BaseNode {
  type: "PackageClause";
  name: UntaggedIdentifier;
}

export interface ImportDeclaration extends BaseNode {
  type: "ImportDeclaration";
  as: UntaggedIdentifier | null;
  path: UntaggedStringLiteral;
}

export interface Block extends BaseNode {
  type: "Block";
  lbrace?: Comment[];
  body: Statement[];
  rbrace?: Comment[];
}

export type Statement =
  | ExpressionStatement
  | VariableAssignment
  | OptionStatement
  | ReturnStatement
  | BadStatement
  | TestCaseStatement
  | BuiltinStatement;

export interface ExpressionStatement extends BaseNode {
  type: "ExpressionStatement";
  expression: Expression;
}

/** `id` is an untagged Identifier in Flux's JSON: it has no `type` field. */
export interface VariableAssignment extends BaseNode {
  type: "VariableAssignment";
  id: UntaggedIdentifier;
  init: Expression;
}

export interface MemberAssignment extends BaseNode {
  type: "MemberAssignment";
  member: UntaggedMemberExpression;
  init: Expression;
}

export interface OptionStatement extends BaseNode {
  type: "OptionStatement";
  assignment: VariableAssignment | MemberAssignment;
}

export interface ReturnStatement extends BaseNode {
  type: "ReturnStatement";
  argument: Expression;
}

export interface BadStatement extends BaseNode {
  type: "BadStatement";
  text: string;
}

export interface TestCaseStatement extends BaseNode {
  type: "TestCaseStatement";
  id: UntaggedIdentifier;
  extends?: UntaggedStringLiteral;
  block: Block;
}

/** `builtin name : type`, how the standard library declares functions implemented natively. */
export interface BuiltinStatement extends BaseNode {
  type: "BuiltinStatement";
  colon?: Comment[];
  id: UntaggedIdentifier;
  ty: TypeExpression;
}

export interface TypeExpression extends BaseNode {
  type: "TypeExpression";
  monotype: MonoType;
  constraints: TypeConstraint[];
}

/** `where A: Addable + Comparable` */
export interface TypeConstraint extends BaseNode {
  type: "TypeConstraint";
  tvar: UntaggedIdentifier;
  kinds: UntaggedIdentifier[];
}

export type MonoType =
  | (BaseNode & { type: "TvarType"; name: UntaggedIdentifier })
  | (BaseNode & { type: "NamedType"; name: UntaggedIdentifier })
  | (BaseNode & { type: "ArrayType"; element: MonoType })
  | (BaseNode & { type: "StreamType"; element: MonoType })
  | (BaseNode & { type: "DictType"; key: MonoType; val: MonoType })
  | (BaseNode & { type: "DynamicType" })
  | (BaseNode & { type: "RecordType"; tvar?: UntaggedIdentifier; properties: PropertyType[] })
  | (BaseNode & { type: "FunctionType"; parameters: ParameterType[]; monotype: MonoType });

export interface PropertyType extends BaseNode {
  type: "PropertyType";
  name: PropertyKey;
  monotype: MonoType;
}

export type ParameterType =
  | (BaseNode & { type: "Required"; name: UntaggedIdentifier; monotype: MonoType })
  | (BaseNode & { type: "Optional"; name: UntaggedIdentifier; monotype: MonoType; default: UntaggedStringLiteral | null })
  | (BaseNode & { type: "Pipe"; name?: UntaggedIdentifier; monotype: MonoType });

export type Expression =
  | Identifier
  | ArrayExpression
  | DictExpression
  | FunctionExpression
  | LogicalExpression
  | ObjectExpression
  | MemberExpression
  | IndexExpression
  | BinaryExpression
  | UnaryExpression
  | PipeExpression
  | CallExpression
  | ConditionalExpression
  | StringExpression
  | ParenExpression
  | IntegerLiteral
  | FloatLiteral
  | StringLiteral
  | DurationLiteral
  | UnsignedIntegerLiteral
  | BooleanLiteral
  | DateTimeLiteral
  | RegexpLiteral
  | PipeLiteral
  | BadExpression;

export interface UntaggedIdentifier extends BaseNode {
  name: string;
}

export interface Identifier extends UntaggedIdentifier {
  type: "Identifier";
}

export interface UntaggedStringLiteral extends BaseNode {
  value: string;
}

export interface StringLiteral extends UntaggedStringLiteral {
  type: "StringLiteral";
}

export type PropertyKey = Identifier | StringLiteral;

/** An array element: the expression itself, plus the comments before its trailing comma. */
export type ArrayItem = Expression & { comma?: Comment[] };

export interface ArrayExpression extends BaseNode {
  type: "ArrayExpression";
  lbrack?: Comment[];
  elements: ArrayItem[];
  rbrack?: Comment[];
}

export interface DictItem {
  key: Expression;
  val: Expression;
  comma?: Comment[];
}

export interface DictExpression extends BaseNode {
  type: "DictExpression";
  lbrack?: Comment[];
  elements: DictItem[];
  rbrack?: Comment[];
}

export interface FunctionExpression extends BaseNode {
  type: "FunctionExpression";
  lparen?: Comment[];
  params: Property[];
  rparen?: Comment[];
  arrow?: Comment[];
  body: Block | Expression;
}

export type LogicalOperator = "and" | "or";

export interface LogicalExpression extends BaseNode {
  type: "LogicalExpression";
  operator: LogicalOperator;
  left: Expression;
  right: Expression;
}

/** The record being extended in `{r with a: 1}`: an untagged identifier plus its comments. */
export interface WithSource extends UntaggedIdentifier {
  with?: Comment[];
}

export interface ObjectExpression extends BaseNode {
  type: "ObjectExpression";
  lbrace?: Comment[];
  with?: WithSource;
  properties: Property[];
  rbrace?: Comment[];
}

export interface Property extends BaseNode {
  type: "Property";
  key: PropertyKey;
  separator?: Comment[];
  /** Null for the shorthand `{a}` and for parameters without a default. */
  value: Expression | null;
  comma?: Comment[];
}

export interface UntaggedMemberExpression extends BaseNode {
  object: Expression;
  lbrack?: Comment[];
  property: PropertyKey;
  rbrack?: Comment[];
}

export interface MemberExpression extends UntaggedMemberExpression {
  type: "MemberExpression";
}

export interface IndexExpression extends BaseNode {
  type: "IndexExpression";
  array: Expression;
  lbrack?: Comment[];
  index: Expression;
  rbrack?: Comment[];
}

export type Operator =
  | "*"
  | "/"
  | "%"
  | "^"
  | "+"
  | "-"
  | "<="
  | "<"
  | ">="
  | ">"
  | "not"
  | "exists"
  | "=="
  | "!="
  | "=~"
  | "!~"
  | "<INVALID_OP>";

export interface BinaryExpression extends BaseNode {
  type: "BinaryExpression";
  operator: Operator;
  left: Expression;
  right: Expression;
}

export interface UnaryExpression extends BaseNode {
  type: "UnaryExpression";
  operator: Operator;
  argument: Expression;
}

export interface UntaggedCallExpression extends BaseNode {
  callee: Expression;
  lparen?: Comment[];
  /** Flux passes all arguments as one record; absent when the call has none. */
  arguments?: ObjectExpression[];
  rparen?: Comment[];
}

export interface CallExpression extends UntaggedCallExpression {
  type: "CallExpression";
}

export interface PipeExpression extends BaseNode {
  type: "PipeExpression";
  argument: Expression;
  call: UntaggedCallExpression;
}

export interface ConditionalExpression extends BaseNode {
  type: "ConditionalExpression";
  tk_if?: Comment[];
  test: Expression;
  tk_then?: Comment[];
  consequent: Expression;
  tk_else?: Comment[];
  alternate: Expression;
}

export interface TextPart extends BaseNode {
  type: "TextPart";
  value: string;
}

export interface InterpolatedPart extends BaseNode {
  type: "InterpolatedPart";
  expression: Expression;
}

export interface StringExpression extends BaseNode {
  type: "StringExpression";
  parts: (TextPart | InterpolatedPart)[];
}

export interface ParenExpression extends BaseNode {
  type: "ParenExpression";
  lparen?: Comment[];
  expression: Expression;
  rparen?: Comment[];
}

/** Integers travel as decimal strings so 64-bit values survive JSON. */
export interface IntegerLiteral extends BaseNode {
  type: "IntegerLiteral";
  value: string;
}

export interface UnsignedIntegerLiteral extends BaseNode {
  type: "UnsignedIntegerLiteral";
  value: string;
}

export interface FloatLiteral extends BaseNode {
  type: "FloatLiteral";
  value: number;
}

export interface BooleanLiteral extends BaseNode {
  type: "BooleanLiteral";
  value: boolean;
}

export interface Duration {
  magnitude: number;
  unit: string;
}

export interface DurationLiteral extends BaseNode {
  type: "DurationLiteral";
  values: Duration[];
}

/** `value` is RFC3339 with an explicit offset and 0, 3, 6 or 9 fraction digits, as Flux writes it. */
export interface DateTimeLiteral extends BaseNode {
  type: "DateTimeLiteral";
  value: string;
}

export interface RegexpLiteral extends BaseNode {
  type: "RegexpLiteral";
  value: string;
}

export interface PipeLiteral extends BaseNode {
  type: "PipeLiteral";
}

export interface BadExpression extends BaseNode {
  type: "BadExpression";
  text: string;
  expression: Expression | null;
}
