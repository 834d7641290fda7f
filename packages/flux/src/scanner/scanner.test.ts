import { describe, expect, it } from "vitest";
import { type ScanMode, Scanner } from "./scanner.js";
import { type Token, TokenType } from "./token.js";

function tokens(source: string, mode: ScanMode = "main"): Token[] {
  const scanner = new Scanner(source);
  const out: Token[] = [];
  for (;;) {
    const t = scanner.scan(mode);
    out.push(t);
    if (t.type === TokenType.Eof) return out;
  }
}

const kinds = (source: string, mode: ScanMode = "main"): string[] =>
  tokens(source, mode).map((t) => (t.type === TokenType.Eof ? "EOF" : `${t.type}:${t.lit}`));

describe("scanner", () => {
  it("reads every operator and punctuation mark", () => {
    expect(kinds("+ - * / % ^ == != < <= > >= =~ !~ = => <- |> ( ) [ ] { } , . : ?").map((k) => k.split(":")[0])).toEqual([
      "ADD", "SUB", "MUL", "DIV", "MOD", "POW", "EQ", "NEQ", "LT", "LTE", "GT", "GTE", "REGEXEQ", "REGEXNEQ",
      "ASSIGN", "ARROW", "PIPE_RECEIVE", "PIPE_FORWARD", "LPAREN", "RPAREN", "LBRACK", "RBRACK", "LBRACE",
      "RBRACE", "COMMA", "DOT", "COLON", "QUESTION_MARK", "EOF",
    ]);
  });

  it("tells keywords from identifiers by the whole word", () => {
    expect(kinds("and or not exists import package option return if then else testcase builtin android _x1 ünï")).toEqual([
      "AND:and", "OR:or", "NOT:not", "EXISTS:exists", "IMPORT:import", "PACKAGE:package", "OPTION:option",
      "RETURN:return", "IF:if", "THEN:then", "ELSE:else", "TESTCASE:testcase", "BUILTIN:builtin",
      "IDENT:android", "IDENT:_x1", "IDENT:ünï", "EOF",
    ]);
  });

  it("takes the longest of integer, float, duration and date-time", () => {
    expect(kinds("0 42 1.5 1. .5 1h 1h30m 1mo 1ms 2y3w 5us 7µs 9ns 0s")).toEqual([
      "INT:0", "INT:42", "FLOAT:1.5", "FLOAT:1.", "FLOAT:.5", "DURATION:1h", "DURATION:1h30m",
      "DURATION:1mo", "DURATION:1ms", "DURATION:2y3w", "DURATION:5us", "DURATION:7µs", "DURATION:9ns",
      "DURATION:0s", "EOF",
    ]);
    expect(kinds("2018-01-01 2018-01-01T00:00:00Z 2018-01-01T12:30:00.123+01:00 2018-01-01T00:00:00")).toEqual([
      "TIME:2018-01-01", "TIME:2018-01-01T00:00:00Z", "TIME:2018-01-01T12:30:00.123+01:00",
      "TIME:2018-01-01T00:00:00", "EOF",
    ]);
    // A leading zero is scanned into the integer; the parser then rejects it.
    expect(kinds("0123 01h")).toEqual(["INT:0123", "DURATION:01h", "EOF"]);
  });

  it("reads plain strings whole and falls back to a quote for interpolation", () => {
    expect(kinds('"a\\"b" "x\\ny" "\\x41" "$a" "a$"')).toEqual([
      'STRING:"a\\"b"', 'STRING:"x\\ny"', 'STRING:"\\x41"', 'STRING:"$a"', 'STRING:"a$"', "EOF",
    ]);
    expect(kinds('"a${b}"')[0]).toBe('QUOTE:"');
    expect(kinds('"bad\\q"')[0]).toBe('QUOTE:"');
  });

  it("splits an interpolated string into text, ${ and quote tokens", () => {
    // In this mode everything up to the quote is text; the parser switches modes after `${`.
    expect(kinds('a ${x}"', "stringExpr").slice(0, 4)).toEqual(["TEXT:a ", "STRINGEXPR:${", "TEXT:x}", 'QUOTE:"']);
    expect(kinds('cost $"', "stringExpr").slice(0, 3)).toEqual(["TEXT:cost ", "TEXT:$", 'QUOTE:"']);
  });

  it("reads a regex only where an expression may start", () => {
    expect(kinds("/a\\/b/ / 2", "regex")[0]).toBe("REGEX:/a\\/b/");
    expect(kinds("/a/ or /b/", "regex")[0]).toBe("REGEX:/a/");
    expect(kinds("/a/", "main")[0]).toBe("DIV:/");
    expect(kinds("// not a regex\n/x/", "regex")[0]).toBe("REGEX:/x/");
  });

  it("attaches comments to the next token", () => {
    const [first, eof] = tokens("// one\n// two\nx // trailing");
    expect(first?.comments).toEqual([{ text: "// one\n" }, { text: "// two\n" }]);
    expect(eof?.comments).toEqual([{ text: "// trailing" }]);
  });

  it("reports lines and UTF-8 byte columns", () => {
    const [a, b, c, d] = tokens('a\n  "é" bc\n\td');
    expect(a?.start).toEqual({ line: 1, column: 1 });
    expect(b?.start).toEqual({ line: 2, column: 3 });
    // "é" is 2 bytes, so the string spans 4 byte columns.
    expect(b?.end).toEqual({ line: 2, column: 7 });
    expect(c?.start).toEqual({ line: 2, column: 8 });
    expect(d?.start).toEqual({ line: 3, column: 2 });
  });

  it("tracks lines through multi-line strings", () => {
    const [s, x] = tokens('"a\nb" x');
    expect(s?.end).toEqual({ line: 2, column: 3 });
    expect(x?.start).toEqual({ line: 2, column: 4 });
  });

  it("turns an unknown character into one ILLEGAL token", () => {
    expect(kinds("a ! b # €")).toEqual(["IDENT:a", "ILLEGAL:!", "IDENT:b", "ILLEGAL:#", "ILLEGAL:€", "EOF"]);
    const euro = tokens("€")[0];
    expect(euro?.end.column).toBe(4);
  });

  it("puts EOF after trailing whitespace", () => {
    const eof = tokens("x\n  ").at(-1);
    expect(eof?.start).toEqual({ line: 2, column: 3 });
  });

  it("counts multi-byte illegal characters in bytes, as Flux's scanner tests pin", () => {
    const at = (source: string) => tokens(source).map((t) => `${t.type}:${t.lit}@${t.start.column}-${t.end.column}`);
    expect(at("®some string®")).toEqual(["ILLEGAL:®@1-3", "IDENT:some@3-7", "IDENT:string@8-14", "ILLEGAL:®@14-16", "EOF:@16-16"]);
    expect(at("‛some string‛")).toEqual(["ILLEGAL:‛@1-4", "IDENT:some@4-8", "IDENT:string@9-15", "ILLEGAL:‛@15-18", "EOF:@18-18"]);
  });

  it("scans a regex and then a division in the same expression", () => {
    expect(kinds("a + b =~ /.*[0-9]/ / 2", "regex")).toEqual([
      "IDENT:a", "ADD:+", "IDENT:b", "REGEXEQ:=~", "REGEX:/.*[0-9]/", "DIV:/", "INT:2", "EOF",
    ]);
  });

  it("counts columns in UTF-8 bytes and maps them back to offsets, on long lines too", () => {
    // Two- and three-byte characters, surrogate pairs and a lone surrogate, over several lines,
    // the last one long (a column used to be found by walking its line from the start).
    const line = Array.from({ length: 400 }, (_, i) => `"é${i}😀" + x€`).join(" + ");
    const source = `a = "ü" + "\ud83d"\nb = "😀😀" 😀😀 1 // ☃\n${line}\n`;
    const scanner = new Scanner(source);
    const lineStarts = [0, ...[...source].flatMap((_, i) => (source[i] === "\n" ? [i + 1] : []))];
    const column = (offset: number, lineNo: number): number => Buffer.byteLength(source.slice(lineStarts[lineNo - 1], offset)) + 1;
    let count = 0;
    for (;;) {
      const t = scanner.scan();
      if (t.type === TokenType.Eof) break;
      expect(t.start.column, t.lit).toBe(column(t.startOffset, t.start.line));
      expect(t.end.column, t.lit).toBe(column(t.endOffset, t.end.line));
      expect(scanner.offset(t.start)).toBe(t.startOffset);
      expect(scanner.offset(t.end)).toBe(t.endOffset);
      count++;
    }
    expect(count).toBeGreaterThan(2000);
  });
});
