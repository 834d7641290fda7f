/**
 * Query memory accounting, as Flux's resource allocator does it for influxd's
 * `--query-memory-bytes` (one query), `--query-initial-memory-bytes` (what a query starts with) and
 * `--query-max-memory-bytes` (all running queries together).
 *
 * What is counted: an estimate of the table data the runtime holds, never JS heap measurements.
 * - Every table a transformation or source yields is charged when it is produced and released when
 *   the consumer asks for the next one (by then it has been turned into output or dropped). So a
 *   streaming pipeline holds about one table per stage, whatever the query's total size.
 * - Operations that must see their whole input first (sort, group, pivot, join, window-merging map)
 *   charge every table they buffer, and release it when their own output stream ends.
 * The count is conservative: stages that share column arrays (filter passing a table through, keep,
 * drop) are each charged for the same data. Charges are made per table, not per cell: the cost of
 * a table is computed once from its column types, its length and a sample of its strings.
 *
 * A query's account starts with `initialBytes` (by default its whole limit), which influxd sets
 * aside for every query slot (`query-concurrency × query-initial-memory-bytes`, taken off
 * `query-max-memory-bytes`); when a charge needs more, the account asks the shared budget holding
 * the rest, as Flux's allocator asks influxd's memory manager. When neither the query's limit nor
 * the budget allows it, the query fails with Flux's `memory allocation limit reached` error, whose
 * `limit` is what the query had been granted. Closing the account gives its extra grants back.
 */
import type { Table } from "../table/types.js";

/** Flux's ResourceExhausted allocation error; the message is Flux's allocator's wording. */
export class MemoryLimitError extends Error {
  constructor(
    readonly limit: number,
    readonly allocated: number,
    readonly wanted: number,
  ) {
    super(`memory allocation limit reached: limit ${limit} bytes, allocated: ${allocated}, wanted: ${wanted}`);
    this.name = "MemoryLimitError";
  }
}

/**
 * Bytes running queries may take beyond their initial grants (influxd: `query-max-memory-bytes`
 * minus `query-concurrency × query-initial-memory-bytes`). Without one, nothing is shared.
 */
export class MemoryBudget {
  #reserved = 0;

  constructor(readonly bytes: number) {}

  /** Bytes currently granted to running queries. */
  get reserved(): number {
    return this.#reserved;
  }

  /** Grants `bytes` if the budget has them. */
  reserve(bytes: number): boolean {
    if (this.#reserved + bytes > this.bytes) return false;
    this.#reserved += bytes;
    return true;
  }

  free(bytes: number): void {
    this.#reserved = Math.max(0, this.#reserved - bytes);
  }
}

export interface QueryMemoryOptions {
  /** Most bytes this query may hold (`--query-memory-bytes`); 0 = unlimited. */
  limitBytes?: number;
  /** Bytes granted up front, outside the budget (`--query-initial-memory-bytes`); 0 = the whole limit. */
  initialBytes?: number;
  /** Where grants beyond the initial bytes come from, shared with the other running queries. */
  budget?: MemoryBudget;
}

/** One query's account. Charges and releases are synchronous and cheap (two additions). */
export class QueryMemory {
  readonly limitBytes: number;
  readonly #budget: MemoryBudget | undefined;
  #allocated = 0;
  #max = 0;
  #total = 0;
  /** Bytes this query may hold without asking the budget; Infinity when nothing limits it. */
  #granted: number;
  /** What the budget gave this account, returned on close. */
  #fromBudget = 0;
  #closed = false;

  constructor(options: QueryMemoryOptions = {}) {
    this.limitBytes = options.limitBytes ?? 0;
    const budget = options.budget;
    this.#budget = budget;
    if (budget === undefined) this.#granted = this.limitBytes > 0 ? this.limitBytes : Infinity;
    else this.#granted = options.initialBytes !== undefined && options.initialBytes > 0 ? options.initialBytes : this.limitBytes;
  }

  /** Bytes charged and not yet released. */
  get allocated(): number {
    return this.#allocated;
  }

  /** The most bytes held at once. */
  get maxAllocated(): number {
    return this.#max;
  }

  /** Every byte ever charged, released or not (the profiler's TotalAllocated). */
  get totalAllocated(): number {
    return this.#total;
  }

  /** Records `bytes` more held by the query; throws MemoryLimitError when no limit allows it. */
  charge(bytes: number): void {
    const want = this.#allocated + bytes;
    if (want > this.#granted) this.#grow(want, bytes);
    this.#allocated = want;
    this.#total += bytes;
    if (want > this.#max) this.#max = want;
  }

  release(bytes: number): void {
    this.#allocated = Math.max(0, this.#allocated - bytes);
  }

  /** Ends the query: every charge is dropped and what the budget gave goes back to it. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#allocated = 0;
    this.#budget?.free(this.#fromBudget);
    this.#fromBudget = 0;
  }

  #grow(want: number, bytes: number): void {
    const budget = this.#budget;
    const ceiling = this.limitBytes > 0 ? this.limitBytes : Infinity;
    if (budget !== undefined && want <= ceiling) {
      const need = want - this.#granted;
      if (budget.reserve(need)) {
        this.#granted += need;
        this.#fromBudget += need;
        return;
      }
    }
    // What the query had been granted; without a budget that is its whole limit (#grow is only
    // reached with a finite grant).
    throw new MemoryLimitError(this.#granted, this.#allocated, bytes);
  }
}

/** Fixed cost of a table object, its key and column list. */
const tableOverhead = 256;
/** Each column's array object. */
const columnOverhead = 32;
/** A bigint cell (int, uint, time): the array slot plus a heap BigInt. */
const bigintCell = 24;
/** A float or bool cell: one array slot. */
const slotCell = 8;
/** A distinct string: header plus UTF-16 payload (2 bytes a character). */
const stringHeader = 16;
const stringSamples = 8;

/** Estimated bytes of a table, from its column types, its length and a sample of its strings. */
export function tableBytes(table: Table): number {
  const rows = table.length;
  let bytes = tableOverhead;
  const columns = table.columns;
  for (let c = 0; c < columns.length; c++) {
    bytes += columnOverhead;
    const type = (columns[c] as Table["columns"][number]).type;
    if (type === "float" || type === "bool") bytes += rows * slotCell;
    else if (type !== "string") bytes += rows * bigintCell;
    else bytes += rows * slotCell + stringPayload(table.data[c] as readonly unknown[], rows);
  }
  return bytes;
}

/**
 * Bytes of a string column's values, from up to 8 evenly spaced samples. A column whose samples are
 * all one string (a tag, a group key column) holds one shared string, charged once.
 */
function stringPayload(column: readonly unknown[], rows: number): number {
  if (rows === 0) return 0;
  const step = Math.max(1, Math.floor(rows / stringSamples));
  const first = column[0];
  let same = true;
  let sampled = 0;
  let total = 0;
  for (let r = 0; r < rows && sampled < stringSamples; r += step, sampled++) {
    const v = column[r];
    if (v !== first) same = false;
    total += typeof v === "string" ? stringHeader + 2 * v.length : 0;
  }
  if (same) return typeof first === "string" ? stringHeader + 2 * first.length : 0;
  return Math.ceil((total / sampled) * rows);
}

/**
 * The account of the query whose program is being evaluated. Program evaluation is synchronous
 * (`execute`'s run), so stream values built during it capture their query's account here without
 * threading it through every function's arguments; nothing else runs while it is set.
 */
let evaluating: QueryMemory | undefined;

export function withQueryMemory<T>(memory: QueryMemory | undefined, evaluate: () => T): T {
  const outer = evaluating;
  evaluating = memory;
  try {
    return evaluate();
  } finally {
    evaluating = outer;
  }
}

/** The account stream values built now charge to (undefined outside a query with one). */
export function evaluatingQueryMemory(): QueryMemory | undefined {
  return evaluating;
}

/** What a buffering operation keeps until its output stream ends. */
export class HeldTables {
  #bytes = 0;

  constructor(private readonly memory: QueryMemory | undefined) {}

  hold(table: Table): void {
    if (this.memory === undefined) return;
    const bytes = tableBytes(table);
    this.memory.charge(bytes);
    this.#bytes += bytes;
  }

  releaseAll(): void {
    if (this.memory === undefined || this.#bytes === 0) return;
    this.memory.release(this.#bytes);
    this.#bytes = 0;
  }
}
