/**
 * Token kinds of the Flux scanner. The string values are the names Flux itself prints in
 * parse errors ("expected RPAREN, got EOF"), so an error message can use them directly.
 */
export const TokenType = {
  Illegal: "ILLEGAL",
  Eof: "EOF",
  Comment: "COMMENT",
  And: "AND",
  Or: "OR",
  Not: "NOT",
  Import: "IMPORT",
  Package: "PACKAGE",
  Return: "RETURN",
  Option: "OPTION",
  Builtin: "BUILTIN",
  TestCase: "TESTCASE",
  If: "IF",
  Then: "THEN",
  Else: "ELSE",
  Exists: "EXISTS",
  Ident: "IDENT",
  Int: "INT",
  Float: "FLOAT",
  String: "STRING",
  Regex: "REGEX",
  Time: "TIME",
  Duration: "DURATION",
  Add: "ADD",
  Sub: "SUB",
  Mul: "MUL",
  Div: "DIV",
  Mod: "MOD",
  Pow: "POW",
  Eq: "EQ",
  Lt: "LT",
  Gt: "GT",
  Lte: "LTE",
  Gte: "GTE",
  Neq: "NEQ",
  RegexEq: "REGEXEQ",
  RegexNeq: "REGEXNEQ",
  Assign: "ASSIGN",
  Arrow: "ARROW",
  LParen: "LPAREN",
  RParen: "RPAREN",
  LBrack: "LBRACK",
  RBrack: "RBRACK",
  LBrace: "LBRACE",
  RBrace: "RBRACE",
  Comma: "COMMA",
  Dot: "DOT",
  Colon: "COLON",
  PipeForward: "PIPE_FORWARD",
  PipeReceive: "PIPE_RECEIVE",
  Quote: "QUOTE",
  StringExpr: "STRINGEXPR",
  Text: "TEXT",
  QuestionMark: "QUESTION_MARK",
  /** `@name`, introducing an attribute such as `@edition("2022.1")`. */
  Attribute: "ATTRIBUTE",
} as const;

export type TokenType = (typeof TokenType)[keyof typeof TokenType];

/** A place in the source: 1-based line, 1-based column counted in UTF-8 bytes as Flux does. */
export interface Position {
  line: number;
  column: number;
}

/** A comment as Flux keeps it in the AST: the full text including `//` and the newline. */
export interface Comment {
  text: string;
}

export interface Token {
  type: TokenType;
  /** The exact source text of the token. */
  lit: string;
  /** UTF-16 offsets into the source string, end exclusive. */
  startOffset: number;
  endOffset: number;
  start: Position;
  end: Position;
  /** Comments that appeared right before this token. */
  comments: Comment[];
}

/** Reserved words; any other identifier-shaped text is an IDENT. */
export const keywords: ReadonlyMap<string, TokenType> = new Map<string, TokenType>([
  ["and", TokenType.And],
  ["or", TokenType.Or],
  ["not", TokenType.Not],
  ["import", TokenType.Import],
  ["package", TokenType.Package],
  ["return", TokenType.Return],
  ["option", TokenType.Option],
  ["builtin", TokenType.Builtin],
  ["testcase", TokenType.TestCase],
  ["if", TokenType.If],
  ["then", TokenType.Then],
  ["else", TokenType.Else],
  ["exists", TokenType.Exists],
]);
