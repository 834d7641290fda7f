import { mkdir, open as openFile, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { Point } from "@fluxgate/line-protocol";
import { BucketState } from "./bucket.js";
import { pointSource } from "./dedup.js";
import { readMetadata, type MetadataKind } from "./metadata.js";
import { deletePredicate, seriesPredicateSql } from "./predicate.js";
import { runRead } from "./read.js";
import { ReadGate } from "./read-gate.js";
import { Shard, type MeasurementTable, type ShardSchema } from "./shard.js";
import { ident, int64, str } from "./sql.js";
import type { TimeSeriesStore } from "./store.js";
import { TableBuilder } from "./table-builder.js";
import type {
  Batch,
  BucketInfo,
  DeleteRequest,
  FieldKeyInfo,
  MetadataRequest,
  ReadRequest,
  Rejection,
  WriteResult,
} from "./types.js";

/** Options of {@link StorageEngine.open}. */
export interface StorageEngineOptions {
  /** Data folder; one sub-folder per bucket, one DuckDB file per shard group. */
  path: string;
  /** DuckDB buffer pool limit shared by all shards (DuckDB syntax, e.g. "512MB"). Default "1GB". */
  memoryLimit?: string;
  /**
   * WAL size that triggers a checkpoint (DuckDB syntax). The commit crossing it does the
   * checkpoint, so it bounds the worst write latency as well as the WAL replayed at restart.
   */
  checkpointThreshold?: string;
  /** DuckDB worker threads shared by all shards. Default 2. */
  threads?: number;
  /**
   * Background compaction: every `intervalMs`, compact shards needing dedup and shards not
   * written for `coldForMs`. Off when absent.
   */
  compaction?: { intervalMs: number; coldForMs: number };
  /** Clock in ns (tests inject one); default wall clock. */
  now?: () => bigint;
}

const BUCKET_ID = /^[0-9a-f]{16}$/;
const SHARD_FILE = /^(-?\d+)\.duckdb$/;
/** Upper bound of write requests merged into one commit, so one commit's memory stays bounded. */
const MAX_GROUP = 64;

interface WriteOp {
  kind: "write";
  bucket: BucketInfo;
  points: readonly Point[];
  resolve: (r: WriteResult) => void;
  reject: (e: unknown) => void;
}
interface TaskOp {
  kind: "task";
  run: () => Promise<void>;
}
type Op = WriteOp | TaskOp;

/** Per-shard work gathered for one group commit. */
interface ShardCommit {
  shard: Shard;
  ddl: string[];
  newSeries: Array<{ id: number; point: Point }>;
  tables: Map<string, TableBuilder>;
  markDedup: boolean;
  /** The shard was compacted and this commit writes to it again. */
  markWritten: boolean;
  /** Catalog tag columns as of this commit. */
  tagKeys: string[];
  /** The shard's schema once this commit lands, when the commit changes it. */
  schema?: ShardSchema;
}

interface StagedWrite {
  touched: Map<Shard, ShardCommit>;
  results: WriteResult[];
}

/**
 * Durable time-series storage on DuckDB.
 *
 * Why one DuckDB instance with every shard ATTACHed rather than one instance per shard: an
 * instance owns a buffer pool, a thread pool and a memory limit. Measured here with 60 shards of
 * 200k rows each: ATTACH cost +135 MB RSS and 12 threads in total; one instance per shard cost
 * +292 MB and 71 threads, and grows without bound with the shard count. With ATTACH, `threads`
 * and `memory_limit` bound the whole engine, and one SQL statement can read across shards.
 * DuckDB lets one transaction write to a single attached database, so the writer commits once
 * per shard touched.
 *
 * All mutations (writes, deletes, retention, drops, compaction) go through one queue served by
 * one writer connection: writes queued while a commit runs are merged into the next one (group
 * commit), and a mutation never races another.
 */
export class StorageEngine implements TimeSeriesStore {
  private readonly buckets = new Map<string, BucketState>();
  private readonly queue: Op[] = [];
  private draining = false;
  /** The commit in flight (resolves to whether it succeeded); see {@link drain}. */
  private inflight: Promise<boolean> | undefined;
  /** Set after a failed commit: in-memory shard state may be ahead of the files. */
  private needsReload = false;
  /** Wakes the writer loop when it waits on a commit and a new request arrives. */
  private wake: (() => void) | undefined;
  private aliasCounter = 0;
  private readonly gate = new ReadGate();
  private compactionTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly path: string,
    private readonly now: () => bigint,
  ) {}

  /** Opens (or creates) the data folder and recovers every bucket, shard and series catalog. */
  static async open(options: StorageEngineOptions): Promise<StorageEngine> {
    await mkdir(options.path, { recursive: true });
    const instance = await DuckDBInstance.create(":memory:", {
      threads: String(options.threads ?? 2),
      memory_limit: options.memoryLimit ?? "1GB",
      checkpoint_threshold: options.checkpointThreshold ?? "64MB",
    });
    const writer = await instance.connect();
    const engine = new StorageEngine(
      instance,
      writer,
      options.path,
      options.now ?? (() => BigInt(Date.now()) * 1_000_000n),
    );
    for (const entry of await readdir(options.path, { withFileTypes: true })) {
      if (entry.isDirectory() && BUCKET_ID.test(entry.name)) await engine.loadBucket(entry.name);
    }
    const compaction = options.compaction;
    if (compaction !== undefined) {
      engine.compactionTimer = setInterval(() => {
        // Failures are retried at the next tick; the original files stay authoritative.
        engine.compact(undefined, { coldForMs: compaction.coldForMs }).catch(() => undefined);
      }, compaction.intervalMs);
      engine.compactionTimer.unref();
    }
    return engine;
  }

  /** Waits for queued mutations, checkpoints and detaches every shard. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.compactionTimer);
    await this.enqueueTask(() =>
      this.gate.exclusive(async () => {
        for (const bucket of this.buckets.values()) {
          for (const shard of bucket.shards) await this.writer.run(`DETACH ${ident(shard.alias)}`);
        }
        this.buckets.clear();
      }),
    );
    this.closed = true;
    this.writer.closeSync();
    this.instance.closeSync();
  }

  /**
   * Stores points; resolves after the commit is durable. Points with a field type that conflicts
   * with their shard group, or older than the retention period, are rejected and listed.
   */
  write(bucket: BucketInfo, points: readonly Point[]): Promise<WriteResult> {
    if (this.closed) return Promise.reject(new Error("storage engine is closed"));
    if (!BUCKET_ID.test(bucket.id)) return Promise.reject(new Error(`invalid bucket ID ${JSON.stringify(bucket.id)}`));
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: "write", bucket, points, resolve, reject });
      this.wake?.();
      void this.drain();
    });
  }

  /** Deletes points of a bucket in `[start, stop]` (both inclusive) matching the predicate. */
  deleteRange(bucket: BucketInfo, request: DeleteRequest): Promise<void> {
    return this.enqueueTask(() => this.runDelete(bucket, request));
  }

  /** Drops every shard group that ends at or before `now - retentionNs` (0 keeps everything). */
  enforceRetention(bucket: BucketInfo, retentionNs: bigint, now: bigint): Promise<number> {
    let dropped = 0;
    return this.enqueueTask(async () => {
      const state = this.buckets.get(bucket.id);
      if (state === undefined || retentionNs <= 0n) return;
      const cutoff = now - retentionNs;
      const expired = state.shards.filter((shard) => shard.stop <= cutoff);
      if (expired.length === 0) return;
      await this.gate.exclusive(async () => {
        for (const shard of expired) await this.dropShard(state, shard);
      });
      dropped = expired.length;
    }).then(() => dropped);
  }

  /** Removes a bucket's data (its whole folder). */
  dropBucket(bucketId: string): Promise<void> {
    return this.enqueueTask(() =>
      this.gate.exclusive(async () => {
        const state = this.buckets.get(bucketId);
        if (state !== undefined) {
          for (const shard of state.shards) await this.writer.run(`DETACH ${ident(shard.alias)}`);
          this.buckets.delete(bucketId);
        }
        await rm(join(this.path, bucketId), { recursive: true, force: true });
      }),
    );
  }

  /**
   * Rewrites shards into fresh files: overwrites merged, rows sorted by (series_id, time) so
   * zone maps prune, deleted rows and dead space gone. Which shards:
   * - default: those that need dedup;
   * - `coldForMs`: also those not yet compacted whose last write in this process is at least
   *   that old (shards not written since open count as cold);
   * - `all`: every shard.
   */
  compact(bucketId?: string, options: { all?: boolean; coldForMs?: number } = {}): Promise<void> {
    return this.enqueueTask(async () => {
      const now = Date.now();
      for (const state of this.buckets.values()) {
        if (bucketId !== undefined && state.id !== bucketId) continue;
        for (const shard of [...state.shards]) {
          const cold =
            options.coldForMs !== undefined && !shard.compacted && now - shard.lastWriteMs >= options.coldForMs;
          if (options.all === true || shard.needsDedup || cold) await this.rewriteShard(state, shard);
        }
      }
    });
  }

  /** Reads points or window aggregates as columnar batches (see {@link ReadRequest}). */
  read(request: ReadRequest): AsyncIterable<Batch> {
    this.assertOpen();
    const gate = this.gate;
    const context = () => this.readContext(request.bucket);
    return (async function* () {
      await gate.enter();
      try {
        yield* runRead(context(), request);
      } finally {
        gate.leave();
      }
    })();
  }

  /** Measurement names with series in the scope, sorted. */
  measurements(request: MetadataRequest): Promise<string[]> {
    return this.metadata(request, "measurements") as Promise<string[]>;
  }

  /** Tag keys of series in the scope, sorted. */
  tagKeys(request: MetadataRequest): Promise<string[]> {
    return this.metadata(request, "tagKeys") as Promise<string[]>;
  }

  /** Values of one tag key among series in the scope, sorted. */
  tagValues(request: MetadataRequest & { key: string }): Promise<string[]> {
    return this.metadata(request, "tagValues", request.key) as Promise<string[]>;
  }

  /** Field keys and types of measurements with series in the scope. */
  fieldKeys(request: MetadataRequest): Promise<FieldKeyInfo[]> {
    return this.metadata(request, "fieldKeys") as Promise<FieldKeyInfo[]>;
  }

  /** Number of distinct series in the scope. */
  seriesCardinality(request: MetadataRequest): Promise<number> {
    return this.metadata(request, "cardinality") as Promise<number>;
  }

  private async metadata(request: MetadataRequest, kind: MetadataKind, key?: string): Promise<unknown> {
    this.assertOpen();
    await this.gate.enter();
    try {
      return await readMetadata(this.readContext(request.bucket), request, kind, key);
    } finally {
      this.gate.leave();
    }
  }

  private readContext(bucket: BucketInfo) {
    const state = this.buckets.get(bucket.id);
    const now = this.now();
    return {
      instance: this.instance,
      shards: state?.shards ?? [],
      retentionCutoff: bucket.retentionNs > 0n ? now - bucket.retentionNs : undefined,
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new Error("storage engine is closed");
  }

  private enqueueTask(run: () => Promise<void>): Promise<void> {
    this.assertOpen();
    return new Promise((resolve, reject) => {
      this.queue.push({
        kind: "task",
        run: () => run().then(resolve, (e: unknown) => reject(e)),
      });
      this.wake?.();
      void this.drain();
    });
  }

  /**
   * The writer loop. Commits are pipelined: while one group's COMMIT runs in DuckDB's threads, the
   * next group is validated and turned into columns on the JS thread, and it commits right after.
   * A group whose predecessor failed is rejected too (it was staged on top of state that did not
   * make it to disk), and all in-memory shard state is reloaded from the files.
   */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (;;) {
        const head = this.queue[0];
        if (head === undefined) {
          if (this.inflight === undefined) break;
          const arrival = new Promise<void>((resolve) => (this.wake = resolve));
          const settled = await Promise.race([this.inflight.then(() => true), arrival.then(() => false)]);
          this.wake = undefined;
          if (settled && this.queue.length === 0) await this.settle();
          continue;
        }
        if (head.kind === "task") {
          await this.settle();
          this.queue.shift();
          await head.run();
          continue;
        }
        const group: WriteOp[] = [];
        while (group.length < MAX_GROUP && this.queue[0]?.kind === "write") group.push(this.queue.shift() as WriteOp);
        const staged = await this.prepareWrites(group);
        if (staged === undefined) continue;
        this.inflight = this.finishWrites(group, staged, this.inflight);
      }
    } finally {
      this.draining = false;
    }
  }

  /** Waits for the commit in flight; reloads shard state after a failed one. */
  private async settle(): Promise<void> {
    if (this.inflight !== undefined) {
      await this.inflight;
      this.inflight = undefined;
    }
    if (this.needsReload) {
      for (const bucket of this.buckets.values()) {
        for (const shard of bucket.shards) {
          shard.dropWriteState();
          await this.reloadShardSchema(shard);
        }
      }
      this.needsReload = false;
    }
  }

  // ---- write path ----

  /** Validates a group and builds its columns; undefined when it failed (ops already rejected). */
  private async prepareWrites(group: WriteOp[]): Promise<StagedWrite | undefined> {
    const now = this.now();
    const touched = new Map<Shard, ShardCommit>();
    try {
      if (this.needsReload) await this.settle();
      // Pass 1: find shard groups to create and write state to load, the only DuckDB work
      // before staging; it shares the writer connection, so it waits for the commit in flight.
      for (const op of group) {
        const state = await this.bucketState(op.bucket.id);
        const cutoff = op.bucket.retentionNs > 0n ? now - op.bucket.retentionNs : undefined;
        for (const point of op.points) {
          if (cutoff !== undefined && point.timestamp < cutoff) continue;
          let shard = state.shardFor(point.timestamp);
          if (shard === undefined) {
            await this.settle();
            shard = await this.createShard(state, op.bucket, point.timestamp);
          }
          if (!touched.has(shard)) {
            if (!shard.writeStateLoaded) {
              await this.settle();
              await shard.loadWriteState(this.writer, state.nextSeriesId);
            }
            touched.set(shard, { shard, ddl: [], newSeries: [], tables: new Map(), markDedup: false, markWritten: false, tagKeys: [] });
          }
        }
      }
      // Pass 2 (synchronous): validate, assign series IDs, build columns.
      const results = group.map((op) => this.stage(op, now, touched));
      const wallMs = Date.now();
      for (const shard of touched.keys()) shard.lastWriteMs = wallMs;
      for (const commit of touched.values()) {
        commit.tagKeys = [...commit.shard.tagColumns.keys()];
        for (const builder of commit.tables.values()) builder.freeze();
        if (commit.ddl.length > 0) commit.schema = commit.shard.snapshot();
      }
      return { touched, results };
    } catch (error) {
      this.needsReload = true;
      for (const op of group) op.reject(error);
      return undefined;
    }
  }

  private async finishWrites(group: WriteOp[], staged: StagedWrite, previous: Promise<boolean> | undefined): Promise<boolean> {
    const previousOk = previous === undefined ? true : await previous;
    try {
      if (!previousOk) throw new Error("an earlier write in the same commit pipeline failed; nothing of this write was stored");
      for (const commit of staged.touched.values()) await this.commitShard(commit);
    } catch (error) {
      this.needsReload = true;
      for (const op of group) op.reject(error);
      return false;
    }
    group.forEach((op, i) => op.resolve(staged.results[i]!));
    return true;
  }

  /**
   * Validates and buffers one request's points. The hot path is one Map lookup per point (the
   * series ID); shard, table and field layout are remembered from the previous point, because
   * consecutive points nearly always share them.
   */
  private stage(op: WriteOp, now: bigint, touched: Map<Shard, ShardCommit>): WriteResult {
    const state = this.buckets.get(op.bucket.id)!;
    const cutoff = op.bucket.retentionNs > 0n ? now - op.bucket.retentionNs : undefined;
    const rejected: Rejection[] = [];
    let written = 0;
    const points = op.points;
    let lastShard: Shard | undefined;
    let commit: ShardCommit | undefined;
    let lastMeasurement: string | undefined;
    let table: MeasurementTable | undefined;
    let builder: TableBuilder | undefined;
    /** Field keys and types of the last point whose fields all matched `table`'s schema. */
    let layoutKeys: string[] = [];
    let layoutTypes: string[] = [];
    for (let index = 0; index < points.length; index++) {
      const point = points[index]!;
      const time = point.timestamp;
      if (cutoff !== undefined && time < cutoff) {
        rejected.push({ index, reason: { kind: "beyond retention" } });
        continue;
      }
      const shard = state.shardFor(time)!;
      if (shard !== lastShard) {
        lastShard = shard;
        commit = touched.get(shard)!;
        lastMeasurement = undefined;
      }
      if (point.measurement !== lastMeasurement) {
        lastMeasurement = point.measurement;
        table = shard.measurements.get(point.measurement);
        builder = undefined;
        layoutKeys = [];
      }
      const fields = point.fields;
      if (table === undefined || !sameLayout(fields, layoutKeys, layoutTypes)) {
        const conflict = table === undefined ? undefined : findConflict(table, point, index);
        if (conflict !== undefined) {
          rejected.push(conflict);
          continue;
        }
        if (table === undefined) {
          const added = shard.addMeasurement(point.measurement);
          table = added.table;
          commit!.ddl.push(...added.ddl);
        }
        for (const [field, value] of fields) {
          if (!table.fields.has(field)) commit!.ddl.push(...shard.addField(point.measurement, table, field, value.type));
        }
        layoutKeys = fields.map(([k]) => k);
        layoutTypes = fields.map(([, v]) => v.type);
      }
      let seriesId = state.seriesIds.get(point.seriesKey);
      if (seriesId === undefined) {
        seriesId = state.nextSeriesId++;
        // A parser may hand out keys that are slices of the whole request body; V8 would then keep
        // every body alive through this map. A fresh copy holds only the key.
        state.seriesIds.set(Buffer.from(point.seriesKey, "utf8").toString("utf8"), seriesId);
      }
      if (!shard.isMember(seriesId)) {
        shard.markMember(seriesId);
        for (const [key] of point.tags) {
          if (!shard.tagColumns.has(key)) commit!.ddl.push(...shard.addTagKey(key));
        }
        commit!.newSeries.push({ id: seriesId, point });
      }
      if (shard.compacted) {
        shard.compacted = false;
        commit!.markWritten = true;
      }
      if (!shard.noteTime(seriesId, time) && !shard.needsDedup) {
        shard.needsDedup = true;
        commit!.markDedup = true;
      }
      if (builder === undefined) {
        builder = commit!.tables.get(point.measurement);
        if (builder === undefined) {
          builder = new TableBuilder(table);
          commit!.tables.set(point.measurement, builder);
        }
      }
      builder.add(time, seriesId, fields);
      written++;
    }
    return { written, rejected };
  }

  private async commitShard(commit: ShardCommit): Promise<void> {
    const { shard } = commit;
    const alias = ident(shard.alias);
    await this.writer.run("BEGIN");
    try {
      for (const statement of commit.ddl) await this.writer.run(statement);
      if (commit.newSeries.length > 0) {
        const appender = await this.writer.createAppender("_series", "main", shard.alias);
        const tagColumns = commit.tagKeys;
        for (const { id, point } of commit.newSeries) {
          appender.appendInteger(id);
          appender.appendVarchar(point.seriesKey);
          appender.appendVarchar(point.measurement);
          const tags = new Map<string, string>(point.tags);
          for (const key of tagColumns) {
            const value = tags.get(key);
            if (value === undefined) appender.appendNull();
            else appender.appendVarchar(value);
          }
          appender.endRow();
        }
        appender.closeSync();
      }
      for (const builder of commit.tables.values()) {
        const appender = await this.writer.createAppender(builder.table.table, "main", shard.alias);
        builder.appendTo(appender);
        appender.closeSync();
      }
      if (commit.markDedup) await this.writer.run(`UPDATE ${alias}._shard SET needs_dedup = true`);
      if (commit.markWritten) await this.writer.run(`UPDATE ${alias}._shard SET compacted = false`);
      await this.writer.run("COMMIT");
      if (commit.schema !== undefined) shard.committed = commit.schema;
    } catch (error) {
      await this.writer.run("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }

  // ---- shards and buckets ----

  private async bucketState(bucketId: string): Promise<BucketState> {
    let state = this.buckets.get(bucketId);
    if (state === undefined) {
      if (!BUCKET_ID.test(bucketId)) throw new Error(`invalid bucket ID ${JSON.stringify(bucketId)}`);
      state = new BucketState(bucketId, join(this.path, bucketId));
      await mkdir(state.dir, { recursive: true });
      this.buckets.set(bucketId, state);
    }
    return state;
  }

  private async loadBucket(bucketId: string): Promise<void> {
    const state = await this.bucketState(bucketId);
    for (const name of await readdir(state.dir)) {
      if (name.endsWith(".compact")) {
        // A compaction that crashed before its rename: the original file is still authoritative.
        await rm(join(state.dir, name), { force: true });
        await rm(join(state.dir, `${name}.wal`), { force: true });
        continue;
      }
      if (!SHARD_FILE.test(name)) continue;
      const alias = this.nextAlias();
      const path = join(state.dir, name);
      await this.writer.run(`ATTACH ${str(path)} AS ${ident(alias)}`);
      const tables = (
        await this.writer.runAndReadAll(`SELECT count(*) FROM duckdb_tables() WHERE database_name = ${str(alias)}`)
      ).getRows()[0]?.[0];
      if (tables === 0n) {
        // A crash between creating the file and committing its bookkeeping tables: it holds nothing.
        await this.writer.run(`DETACH ${ident(alias)}`);
        await rm(path, { force: true });
        await rm(`${path}.wal`, { force: true });
        continue;
      }
      state.addShard(await Shard.load(this.writer, alias, path));
    }
    for (const shard of state.shards) {
      const rows = (
        await this.writer.runAndReadAll(`SELECT series_key, series_id FROM ${ident(shard.alias)}._series`)
      ).getRows();
      for (const [key, id] of rows) {
        state.seriesIds.set(key as string, id as number);
        if ((id as number) >= state.nextSeriesId) state.nextSeriesId = (id as number) + 1;
      }
    }
  }

  private nextAlias(): string {
    return `shard_${this.aliasCounter++}`;
  }

  private async createShard(state: BucketState, bucket: BucketInfo, time: bigint): Promise<Shard> {
    const { start, stop } = state.newShardBounds(bucket, time);
    const path = join(state.dir, `${start}.duckdb`);
    const alias = this.nextAlias();
    await this.writer.run(`ATTACH ${str(path)} AS ${ident(alias)}`);
    await Shard.initialize(this.writer, alias, start, stop);
    // The new file's directory entry must be durable too, or a power loss could lose the shard.
    await fsyncDir(state.dir);
    const shard = new Shard(alias, path, start, stop);
    state.addShard(shard);
    return shard;
  }

  private async reloadShardSchema(shard: Shard): Promise<void> {
    const fresh = await Shard.load(this.writer, shard.alias, shard.path);
    shard.measurements.clear();
    for (const [k, v] of fresh.measurements) shard.measurements.set(k, v);
    shard.tagColumns.clear();
    for (const [k, v] of fresh.tagColumns) shard.tagColumns.set(k, v);
    shard.committed = fresh.committed;
    shard.needsDedup = fresh.needsDedup;
  }

  private async dropShard(state: BucketState, shard: Shard): Promise<void> {
    await this.writer.run(`DETACH ${ident(shard.alias)}`);
    state.removeShard(shard);
    await rm(shard.path, { force: true });
    await rm(`${shard.path}.wal`, { force: true });
  }

  private async runDelete(bucket: BucketInfo, request: DeleteRequest): Promise<void> {
    const state = this.buckets.get(bucket.id);
    if (state === undefined) return;
    const predicate = deletePredicate(request.measurement, request.tags);
    const timeWhere = `time >= ${int64(request.start)} AND time <= ${int64(request.stop)}`;
    for (const shard of state.overlapping(request.start, request.stop + 1n)) {
      const a = ident(shard.alias);
      const seriesWhere = seriesPredicateSql(shard, predicate);
      const tables = [...shard.measurements].filter(
        ([m]) => request.measurement === undefined || m === request.measurement,
      );
      if (tables.length === 0) continue;
      await this.writer.run("BEGIN");
      try {
        for (const [, table] of tables) {
          const t = `${a}.${ident(table.table)}`;
          const where = `${timeWhere} AND series_id IN (SELECT series_id FROM ${a}._series WHERE ${seriesWhere})`;
          if (request.field === undefined) {
            await this.writer.run(`DELETE FROM ${t} WHERE ${where}`);
            continue;
          }
          const column = table.fields.get(request.field);
          if (column === undefined) continue;
          await this.writer.run(`UPDATE ${t} SET ${ident(column.column)} = NULL WHERE ${where}`);
          const allNull = [...table.fields.values()].map((f) => `${ident(f.column)} IS NULL`).join(" AND ");
          await this.writer.run(`DELETE FROM ${t} WHERE ${where} AND ${allNull}`);
        }
        // Series with no point left leave the catalog, so metadata reads stop listing them.
        const remaining = [...shard.measurements.values()]
          .map((t) => `SELECT series_id FROM ${a}.${ident(t.table)}`)
          .join(" UNION ALL ");
        const removed = (
          await this.writer.runAndReadAll(
            `DELETE FROM ${a}._series WHERE ${seriesWhere} AND series_id NOT IN (${remaining}) RETURNING series_id`,
          )
        ).getRows();
        await this.writer.run("COMMIT");
        for (const [id] of removed) shard.unmarkMember(id as number);
      } catch (error) {
        await this.writer.run("ROLLBACK").catch(() => undefined);
        throw error;
      }
    }
  }

  /**
   * Compaction: builds `<file>.compact` with merged, sorted rows, then swaps it in with an atomic
   * rename. A crash before the rename leaves the original (the leftover is removed at open).
   */
  private async rewriteShard(state: BucketState, shard: Shard): Promise<void> {
    const fresh = await this.buildCompactedFile(shard);
    await this.gate.exclusive(() => this.swapShardFile(state, shard, fresh));
  }

  private async buildCompactedFile(shard: Shard): Promise<string> {
    const a = ident(shard.alias);
    const tmpPath = `${shard.path}.compact`;
    await rm(tmpPath, { force: true });
    await rm(`${tmpPath}.wal`, { force: true });
    const tmpAlias = ident(this.nextAlias());
    await this.writer.run(`ATTACH ${str(tmpPath)} AS ${tmpAlias}`);
    try {
      await this.writer.run("BEGIN");
      await this.writer.run(`CREATE TABLE ${tmpAlias}._shard AS SELECT start, stop, false AS needs_dedup, true AS compacted FROM ${a}._shard`);
      await this.writer.run(`CREATE TABLE ${tmpAlias}._schema AS SELECT * FROM ${a}._schema ORDER BY rowid`);
      await this.writer.run(`CREATE TABLE ${tmpAlias}._series AS SELECT * FROM ${a}._series ORDER BY series_id`);
      for (const table of shard.measurements.values()) {
        const columns = ["time", "series_id", ...[...table.fields.values()].map((f) => ident(f.column))].join(", ");
        await this.writer.run(
          `CREATE TABLE ${tmpAlias}.${ident(table.table)} AS SELECT ${columns} FROM ${pointSource(shard, table, "TRUE")} ORDER BY series_id, time`,
        );
      }
      await this.writer.run("COMMIT");
    } catch (error) {
      await this.writer.run("ROLLBACK").catch(() => undefined);
      await this.writer.run(`DETACH ${tmpAlias}`).catch(() => undefined);
      throw error;
    }
    await this.writer.run(`DETACH ${tmpAlias}`);
    return tmpPath;
  }

  /**
   * Swaps the compacted file in. Copy and swap run in one task of the writer queue, so no write
   * lands in between; reads are held off by the gate while the alias is detached.
   */
  private async swapShardFile(state: BucketState, shard: Shard, tmpPath: string): Promise<void> {
    const a = ident(shard.alias);
    await this.writer.run(`DETACH ${a}`);
    await rm(`${shard.path}.wal`, { force: true });
    await rename(tmpPath, shard.path);
    await fsyncDir(state.dir);
    await this.writer.run(`ATTACH ${str(shard.path)} AS ${a}`);
    state.removeShard(shard);
    state.addShard(await Shard.load(this.writer, shard.alias, shard.path));
  }
}

function sameLayout(fields: Point["fields"], keys: string[], types: string[]): boolean {
  if (fields.length !== keys.length) return false;
  for (let i = 0; i < fields.length; i++) {
    const [key, value] = fields[i]!;
    if (key !== keys[i] || value.type !== types[i]) return false;
  }
  return true;
}

function findConflict(table: MeasurementTable, point: Point, index: number): Rejection | undefined {
  for (const [field, value] of point.fields) {
    const existing = table.fields.get(field);
    if (existing !== undefined && existing.type !== value.type) {
      return {
        index,
        reason: {
          kind: "field type conflict",
          field,
          measurement: point.measurement,
          inputType: value.type,
          existingType: existing.type,
        },
      };
    }
  }
  return undefined;
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await openFile(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
