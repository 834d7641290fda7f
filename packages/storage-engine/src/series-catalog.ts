import type { DuckDBConnection } from "@duckdb/node-api";
import { re2ToRegExp } from "./regex.js";
import { ident } from "./sql.js";
import type { SeriesPredicate, StringMatch } from "./types.js";

/** A series of a catalog, as reads identify it: tags sorted by key. */
export interface CatalogSeries {
  id: number;
  measurement: string;
  tags: Array<[string, string]>;
}

/** Distinct strings of one column, each with a small code; rows hold codes (-1: no value). */
class Dictionary {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();

  codeOf(value: string): number | undefined {
    return this.codes.get(value);
  }

  intern(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    return code;
  }
}

interface Column {
  dictionary: Dictionary;
  codes: Int32Array;
}

type RowTest = (row: number) => boolean;

const INITIAL_ROWS = 64;

/**
 * One shard's series catalog (`_series`) mirrored in memory, so a read resolves its series
 * predicate without asking DuckDB. Columns are dictionary-encoded: a predicate leaf is decided
 * once per distinct value, then rows are tested by code.
 *
 * It mirrors what is committed: writes add their new series after COMMIT, deletes remove theirs
 * after COMMIT, and files rewritten by compaction or reloaded after a failed commit load it anew.
 * A read resolving before a commit lands sees the series as SQL would have before that commit.
 */
export class SeriesCatalog {
  private ids = new Int32Array(INITIAL_ROWS);
  private measurementCodes = new Int32Array(INITIAL_ROWS);
  /** 0 for rows whose series a delete removed (its ID comes back to the same row if rewritten). */
  private alive = new Uint8Array(INITIAL_ROWS);
  private rows = 0;
  private live = 0;
  private readonly rowOf = new Map<number, number>();
  private readonly measurements = new Dictionary();
  private readonly tags = new Map<string, Column>();
  /** Tag keys sorted as reads sort series tags. */
  private sortedKeys: string[] = [];

  /** @param limit Series above which the shard's catalog is left to SQL (see {@link overLimit}). */
  constructor(readonly limit: number) {}

  /** Series in the catalog. */
  get size(): number {
    return this.live;
  }

  get overLimit(): boolean {
    return this.live > this.limit;
  }

  /**
   * Loads a shard's catalog, or gives undefined when it holds more than `limit` series.
   * `tagColumns` maps tag keys to the catalog's columns.
   */
  static async load(
    conn: DuckDBConnection,
    alias: string,
    tagColumns: ReadonlyMap<string, string>,
    limit: number,
  ): Promise<SeriesCatalog | undefined> {
    const from = `${ident(alias)}._series`;
    const count = (await conn.runAndReadAll(`SELECT count(*) FROM ${from}`)).getRows()[0]?.[0];
    if (typeof count !== "bigint" || count > BigInt(limit)) return undefined;
    const keys = [...tagColumns.keys()];
    const select = ["series_id", "measurement", ...keys.map((k) => ident(tagColumns.get(k)!))].join(", ");
    const result = await conn.run(`SELECT ${select} FROM ${from}`);
    const catalog = new SeriesCatalog(limit);
    const tags: Array<[string, string]> = [];
    for (let c = 0, chunks = result.chunkCount; c < chunks; c++) {
      const chunk = result.getChunk(c);
      const vectors = Array.from({ length: chunk.columnCount }, (_, i) => chunk.getColumnVector(i));
      for (let r = 0; r < chunk.rowCount; r++) {
        tags.length = 0;
        for (let k = 0; k < keys.length; k++) {
          const value = vectors[k + 2]!.getItem(r);
          if (typeof value === "string") tags.push([keys[k]!, value]);
        }
        catalog.add(vectors[0]!.getItem(r) as number, vectors[1]!.getItem(r) as string, tags);
      }
    }
    return catalog;
  }

  /** Adds a committed series (a series already present stays as it is: its ID fixes its tags). */
  add(id: number, measurement: string, tags: ReadonlyArray<readonly [string, string]>): void {
    const existing = this.rowOf.get(id);
    if (existing !== undefined) {
      if (this.alive[existing] === 0) {
        this.alive[existing] = 1;
        this.live++;
      }
      return;
    }
    if (this.rows === this.ids.length) this.grow();
    const row = this.rows++;
    this.ids[row] = id;
    this.measurementCodes[row] = this.measurements.intern(measurement);
    this.alive[row] = 1;
    this.live++;
    this.rowOf.set(id, row);
    for (const [key, value] of tags) {
      let column = this.tags.get(key);
      if (column === undefined) {
        column = { dictionary: new Dictionary(), codes: new Int32Array(this.ids.length).fill(-1) };
        this.tags.set(key, column);
        this.sortedKeys = [...this.tags.keys()].sort(compareKeys);
      }
      column.codes[row] = column.dictionary.intern(value);
    }
  }

  /** Removes series a delete took out of the shard's catalog. */
  remove(id: number): void {
    const row = this.rowOf.get(id);
    if (row !== undefined && this.alive[row] === 1) {
      this.alive[row] = 0;
      this.live--;
    }
  }

  /**
   * The series matching `predicate` (all when undefined), or undefined when the predicate holds a
   * regex this catalog cannot evaluate exactly as DuckDB does (the caller asks DuckDB then).
   */
  select(predicate: SeriesPredicate | undefined): CatalogSeries[] | undefined {
    const test = predicate === undefined ? () => true : this.compile(predicate);
    if (test === undefined) return undefined;
    const out: CatalogSeries[] = [];
    const columns = this.sortedKeys.map((key) => [key, this.tags.get(key)!] as const);
    for (let row = 0; row < this.rows; row++) {
      if (this.alive[row] === 0 || !test(row)) continue;
      const tags: Array<[string, string]> = [];
      for (const [key, { dictionary, codes }] of columns) {
        const code = codes[row]!;
        if (code >= 0) tags.push([key, dictionary.values[code]!]);
      }
      out.push({ id: this.ids[row]!, measurement: this.measurements.values[this.measurementCodes[row]!]!, tags });
    }
    return out;
  }

  private grow(): void {
    const size = this.ids.length * 2;
    const widen = <T extends Int32Array | Uint8Array>(from: T, make: (n: number) => T): T => {
      const to = make(size);
      to.set(from);
      return to;
    };
    this.ids = widen(this.ids, (n) => new Int32Array(n));
    this.measurementCodes = widen(this.measurementCodes, (n) => new Int32Array(n));
    this.alive = widen(this.alive, (n) => new Uint8Array(n));
    for (const column of this.tags.values()) column.codes = widen(column.codes, (n) => new Int32Array(n).fill(-1));
  }

  /** A row test for the predicate; as the SQL path, a tag a series lacks compares as "". */
  private compile(predicate: SeriesPredicate): RowTest | undefined {
    switch (predicate.kind) {
      case "and":
      case "or": {
        const tests: RowTest[] = [];
        for (const operand of predicate.operands) {
          const test = this.compile(operand);
          if (test === undefined) return undefined;
          tests.push(test);
        }
        if (predicate.kind === "and") return (row) => tests.every((t) => t(row));
        return (row) => tests.some((t) => t(row));
      }
      case "not": {
        const test = this.compile(predicate.operand);
        return test === undefined ? undefined : (row) => !test(row);
      }
      case "measurement":
        return columnTest(this.measurements, this.measurementCodes, predicate.match);
      case "tag": {
        const column = this.tags.get(predicate.key);
        if (column === undefined) {
          const matches = stringTest(predicate.match);
          if (matches === undefined) return undefined;
          const result = matches("");
          return () => result;
        }
        return columnTest(column.dictionary, column.codes, predicate.match);
      }
    }
  }
}

/** Whether a string passes the match, or undefined for a regex outside the exact subset. */
function stringTest(match: StringMatch): ((value: string) => boolean) | undefined {
  switch (match.op) {
    case "=":
      return (value) => value === match.value;
    case "!=":
      return (value) => value !== match.value;
    case "=~":
    case "!~": {
      const regex = re2ToRegExp(match.pattern);
      if (regex === undefined) return undefined;
      return match.op === "=~" ? (value) => regex.test(value) : (value) => !regex.test(value);
    }
  }
}

/** Row test of a dictionary-encoded column: the match is decided once per distinct value. */
function columnTest(dictionary: Dictionary, codes: Int32Array, match: StringMatch): RowTest | undefined {
  if ((match.op === "=" || match.op === "!=") && match.value !== "") {
    const code = dictionary.codeOf(match.value) ?? -2;
    return match.op === "=" ? (row) => codes[row] === code : (row) => codes[row] !== code;
  }
  const matches = stringTest(match);
  if (matches === undefined) return undefined;
  const passes = Uint8Array.from(dictionary.values, (value) => (matches(value) ? 1 : 0));
  const missing = matches("");
  return (row) => {
    const code = codes[row]!;
    return code < 0 ? missing : passes[code] === 1;
  };
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
