/**
 * FluxServices over a MemoryDataSource, for tests and embedding: metadata answered by reading the
 * points, secrets from a map, and `to()` writing back into the same source.
 */
import { compareText } from "@fluxgate/line-protocol";
import type { BucketRef, SeriesBatch } from "./datasource.js";
import type { MemoryDataSource, Point } from "./memory-source.js";
import type { BucketSummary, FluxServices, SeriesKey, MetadataSource, PointSink, SchemaRequest, SecretSource, WritePoint, WriteTarget } from "./services.js";

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort(compareText);

export class MemoryServices implements MetadataSource, SecretSource, PointSink {
  constructor(
    private readonly source: MemoryDataSource,
    /** The buckets `buckets()` lists (all of them readable). */
    private readonly bucketNames: readonly string[],
    private readonly secretValues: Readonly<Record<string, string>> = {},
    private readonly orgID = "0000000000000001",
  ) {}

  get services(): FluxServices {
    return { metadata: this, secrets: this, sink: this };
  }

  async buckets(): Promise<BucketSummary[]> {
    return this.bucketNames.map((name, i) => ({ name, id: (i + 1).toString(16).padStart(16, "0"), organizationID: this.orgID, retentionPolicy: "", retentionPeriod: 0n }));
  }

  private async batches(request: SchemaRequest): Promise<SeriesBatch[]> {
    const out: SeriesBatch[] = [];
    const read = { bucket: this.bucketName(request.bucket), start: request.start, stop: request.stop, ...(request.series ? { series: request.series } : {}) };
    for await (const batch of this.source.read(read)) if (batch.times.length > 0) out.push(batch);
    return out;
  }

  private bucketName(ref: BucketRef): BucketRef {
    if ("name" in ref) return ref;
    const name = this.bucketNames[Number.parseInt(ref.id, 16) - 1];
    return { name: name ?? ref.id };
  }

  async measurements(request: SchemaRequest): Promise<string[]> {
    return sorted((await this.batches(request)).map((b) => b.measurement));
  }

  async tagKeys(request: SchemaRequest): Promise<string[]> {
    return sorted((await this.batches(request)).flatMap((b) => b.tags.map(([k]) => k)));
  }

  async tagValues(request: SchemaRequest & { tag: string }): Promise<string[]> {
    return sorted((await this.batches(request)).flatMap((b) => b.tags.filter(([k]) => k === request.tag).map(([, v]) => v)));
  }

  async fieldKeys(request: SchemaRequest): Promise<string[]> {
    return sorted((await this.batches(request)).map((b) => b.field));
  }

  async cardinality(request: SchemaRequest): Promise<bigint> {
    return BigInt(new Set((await this.batches(request)).map((b) => JSON.stringify([b.measurement, b.tags, b.field]))).size);
  }

  async series(request: SchemaRequest): Promise<SeriesKey[]> {
    const seen = new Map<string, SeriesKey>();
    for (const b of await this.batches(request)) seen.set(JSON.stringify([b.measurement, b.tags, b.field]), { measurement: b.measurement, tags: b.tags, field: b.field });
    return [...seen.values()];
  }

  async get(key: string): Promise<string | undefined> {
    return this.secretValues[key];
  }

  async write(target: WriteTarget, points: readonly WritePoint[]): Promise<void> {
    const ref = this.bucketName(target.bucket);
    const name = "name" in ref ? ref.name : ref.id;
    if (!this.bucketNames.includes(name)) throw new Error(`bucket "${name}" not found`);
    const flat: Point[] = [];
    for (const p of points) for (const [field, value] of Object.entries(p.fields)) flat.push({ measurement: p.measurement, tags: p.tags, field, time: p.time, value });
    this.source.write(name, flat);
  }
}
