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

/** Distinct strings of one column, each with a small code; series hold codes (-1: no value). */
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
  /** By series ID. */
  codes: Int32Array;
  /**
   * Series of each value as linked lists, so an equality finds its series without a scan:
   * `heads[code]` is the latest series with the value, `next[id]` the one before (-1 ends).
   */
  heads: Int32Array;
  next: Int32Array;
}

type SeriesTest = (id: number) => boolean;

/**
 * The identity (measurement, tags) of a bucket's series, in memory, by series ID. Series IDs are
 * per bucket and a series keeps its key for good, so every shard's catalog (`_series`) agrees on
 * them and this is stored once per bucket; each shard adds which IDs it holds ({@link SeriesCatalog}).
 * Columns are dictionary-encoded: a predicate leaf is decided once per distinct value, then series
 * are tested by code.
 *
 * Bounded: once it would describe more than `limit` series it is dropped, and reads of the bucket
 * resolve series in SQL again (until the engine is reopened).
 */
export class BucketCatalog {
  private measurementCodes: Int32Array = new Int32Array(64).fill(-1);
  private readonly measurements = new Dictionary();
  private readonly tags = new Map<string, Column>();
  /** Tag keys sorted as reads sort series tags. */
  private sortedKeys: string[] = [];
  private described = 0;
  private dropped = false;

  constructor(readonly limit: number) {}

  /** Whether the catalog is kept (not over its limit). */
  get active(): boolean {
    return !this.dropped;
  }

  /** Records a series' identity (a series already described stays as it is). */
  describe(id: number, measurement: string, tags: ReadonlyArray<readonly [string, string]>): void {
    if (this.dropped || (id < this.measurementCodes.length && this.measurementCodes[id]! >= 0)) return;
    if (++this.described > this.limit) {
      this.drop();
      return;
    }
    if (id >= this.measurementCodes.length) this.grow(id + 1);
    this.measurementCodes[id] = this.measurements.intern(measurement);
    for (const [key, value] of tags) {
      let column = this.tags.get(key);
      if (column === undefined) {
        const size = this.measurementCodes.length;
        column = { dictionary: new Dictionary(), codes: new Int32Array(size).fill(-1), heads: new Int32Array(16).fill(-1), next: new Int32Array(size).fill(-1) };
        this.tags.set(key, column);
        this.sortedKeys = [...this.tags.keys()].sort(compareKeys);
      }
      const code = column.dictionary.intern(value);
      column.codes[id] = code;
      if (code >= column.heads.length) column.heads = widen(column.heads, column.heads.length * 2);
      column.next[id] = column.heads[code]!;
      column.heads[code] = id;
    }
  }

  /** Frees the catalog: from now on reads of the bucket ask DuckDB. */
  drop(): void {
    this.dropped = true;
    this.measurementCodes = new Int32Array(0);
    this.tags.clear();
    this.sortedKeys = [];
  }

  /** Measurement of a described series. */
  measurementOf(id: number): string {
    return this.measurements.values[this.measurementCodes[id]!]!;
  }

  /** Tag keys of the bucket's series, sorted. */
  tagKeys(): readonly string[] {
    return this.sortedKeys;
  }

  /** A lookup of one tag's value by series (undefined: the series lacks it). */
  tagOf(key: string): (id: number) => string | undefined {
    const column = this.tags.get(key);
    if (column === undefined) return () => undefined;
    const { codes, dictionary } = column;
    return (id) => {
      const code = codes[id]!;
      return code < 0 ? undefined : dictionary.values[code];
    };
  }

  /** Distinct values of one tag among the series (each value once, by code). */
  distinctValues(key: string, ids: readonly number[]): string[] {
    const column = this.tags.get(key);
    if (column === undefined) return [];
    const { codes, dictionary } = column;
    const seen = new Uint8Array(dictionary.values.length);
    const out: string[] = [];
    for (const id of ids) {
      const code = codes[id]!;
      if (code >= 0 && seen[code] === 0) {
        seen[code] = 1;
        out.push(dictionary.values[code]!);
      }
    }
    return out;
  }

  /** Measurement and sorted tags of a described series. */
  series(id: number): CatalogSeries {
    const tags: Array<[string, string]> = [];
    for (const key of this.sortedKeys) {
      const { dictionary, codes } = this.tags.get(key)!;
      const code = codes[id]!;
      if (code >= 0) tags.push([key, dictionary.values[code]!]);
    }
    return { id, measurement: this.measurementOf(id), tags };
  }

  /**
   * A test of described series for the predicate (all pass when undefined), or undefined when the
   * catalog is dropped or the predicate holds a regex it cannot evaluate exactly as DuckDB does.
   * As the SQL path, a tag a series lacks compares as "".
   */
  compile(predicate: SeriesPredicate | undefined): SeriesTest | undefined {
    if (this.dropped) return undefined;
    if (predicate === undefined) return () => true;
    switch (predicate.kind) {
      case "and":
      case "or": {
        const tests: SeriesTest[] = [];
        for (const operand of predicate.operands) {
          const test = this.compile(operand);
          if (test === undefined) return undefined;
          tests.push(test);
        }
        if (predicate.kind === "and") {
          return (id) => {
            for (const t of tests) if (!t(id)) return false;
            return true;
          };
        }
        return (id) => {
          for (const t of tests) if (t(id)) return true;
          return false;
        };
      }
      case "not": {
        const test = this.compile(predicate.operand);
        return test === undefined ? undefined : (id) => !test(id);
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

  /**
   * The series IDs a predicate can only match among, when it requires a tag to equal a value
   * (alone or in an AND): the series with that value, fewest first among such conditions.
   * Undefined when no such condition narrows it.
   */
  candidates(predicate: SeriesPredicate | undefined): number[] | undefined {
    if (this.dropped || predicate === undefined) return undefined;
    let best: number[] | undefined;
    const visit = (p: SeriesPredicate): void => {
      if (p.kind === "and") p.operands.forEach(visit);
      if (p.kind !== "tag" || p.match.op !== "=" || p.match.value === "") return;
      const column = this.tags.get(p.key);
      const code = column?.dictionary.codeOf(p.match.value);
      const ids: number[] = [];
      if (column !== undefined && code !== undefined) {
        for (let id = column.heads[code]!; id >= 0; id = column.next[id]!) ids.push(id);
      }
      if (best === undefined || ids.length < best.length) best = ids;
    };
    visit(predicate);
    return best?.sort((a, b) => a - b);
  }

  private grow(needed: number): void {
    let size = this.measurementCodes.length * 2;
    while (size < needed) size *= 2;
    this.measurementCodes = widen(this.measurementCodes, size);
    for (const column of this.tags.values()) {
      column.codes = widen(column.codes, size);
      column.next = widen(column.next, size);
    }
  }
}

/**
 * One shard's series catalog (`_series`) mirrored in memory: which series the shard holds, their
 * identities kept once per bucket ({@link BucketCatalog}). A read resolves its series predicate
 * here without asking DuckDB.
 *
 * It mirrors what is committed: writes add their new series after COMMIT, deletes remove theirs
 * after COMMIT, and files rewritten by compaction or reloaded after a failed commit load it anew.
 * A read resolving before a commit lands sees the series as SQL would have before that commit.
 */
export class SeriesCatalog {
  /** Bit per series ID. */
  private members = new Uint32Array(2);
  private count = 0;

  constructor(readonly bucket: BucketCatalog) {}

  /** Series in the shard's catalog. */
  get size(): number {
    return this.count;
  }

  /** Whether reads may use it (the bucket's catalog is kept). */
  get active(): boolean {
    return this.bucket.active;
  }

  /**
   * Loads the shard's catalog into `bucket` (which is dropped if that takes it over its limit).
   * `tagColumns` maps tag keys to the catalog's columns.
   */
  static async load(
    conn: DuckDBConnection,
    alias: string,
    tagColumns: ReadonlyMap<string, string>,
    bucket: BucketCatalog,
  ): Promise<SeriesCatalog> {
    const catalog = new SeriesCatalog(bucket);
    if (!bucket.active) return catalog;
    const from = `${ident(alias)}._series`;
    const count = (await conn.runAndReadAll(`SELECT count(*) FROM ${from}`)).getRows()[0]?.[0];
    if (typeof count !== "bigint" || count > BigInt(bucket.limit)) {
      bucket.drop();
      return catalog;
    }
    const keys = [...tagColumns.keys()];
    const select = ["series_id", "measurement", ...keys.map((k) => ident(tagColumns.get(k)!))].join(", ");
    const result = await conn.run(`SELECT ${select} FROM ${from}`);
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

  /** Adds a committed series to the shard. */
  add(id: number, measurement: string, tags: ReadonlyArray<readonly [string, string]>): void {
    this.bucket.describe(id, measurement, tags);
    const word = id >>> 5;
    if (word >= this.members.length) {
      const grown = new Uint32Array(Math.max(word + 1, this.members.length * 2));
      grown.set(this.members);
      this.members = grown;
    }
    const bit = 1 << (id & 31);
    if ((this.members[word]! & bit) === 0) {
      this.members[word]! |= bit;
      this.count++;
    }
  }

  has(id: number): boolean {
    const word = id >>> 5;
    return word < this.members.length && (this.members[word]! & (1 << (id & 31))) !== 0;
  }

  /** Removes a series a delete took out of the shard's catalog. */
  remove(id: number): void {
    const word = id >>> 5;
    const bit = 1 << (id & 31);
    if (word < this.members.length && (this.members[word]! & bit) !== 0) {
      this.members[word]! &= ~bit;
      this.count--;
    }
  }

  /**
   * IDs of the shard's series matching `predicate` (all when undefined), ascending, or undefined
   * when the bucket's catalog is dropped or the predicate holds a regex that must go to DuckDB.
   */
  matching(predicate: SeriesPredicate | undefined): number[] | undefined {
    const test = this.bucket.compile(predicate);
    if (test === undefined) return undefined;
    const out: number[] = [];
    const candidates = this.bucket.candidates(predicate);
    if (candidates !== undefined) {
      for (const id of candidates) if (this.has(id) && test(id)) out.push(id);
      return out;
    }
    const members = this.members;
    for (let word = 0; word < members.length; word++) {
      let bits = members[word]!;
      while (bits !== 0) {
        const low = bits & -bits;
        const id = word * 32 + (31 - Math.clz32(low));
        bits ^= low;
        if (test(id)) out.push(id);
      }
    }
    return out;
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

/** Test of a dictionary-encoded column: the match is decided once per distinct value. */
function columnTest(dictionary: Dictionary, codes: Int32Array, match: StringMatch): SeriesTest | undefined {
  if ((match.op === "=" || match.op === "!=") && match.value !== "") {
    const code = dictionary.codeOf(match.value) ?? -2;
    return match.op === "=" ? (id) => codes[id] === code : (id) => codes[id] !== code;
  }
  const matches = stringTest(match);
  if (matches === undefined) return undefined;
  const passes = Uint8Array.from(dictionary.values, (value) => (matches(value) ? 1 : 0));
  const missing = matches("");
  return (id) => {
    const code = codes[id]!;
    return code < 0 ? missing : passes[code] === 1;
  };
}

/** A copy of `from` in a longer array, the new slots -1. */
function widen(from: Int32Array, size: number): Int32Array {
  const to = new Int32Array(size).fill(-1);
  to.set(from);
  return to;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
