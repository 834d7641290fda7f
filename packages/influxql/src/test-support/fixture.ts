// A real storage engine in a temp folder, loaded with line protocol, behind a QuerySource that
// maps database names to buckets the way InfluxDB 2.x's virtual DBRP mappings do.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, type Precision } from "@fluxgate/line-protocol";
import { StorageEngine, type BucketInfo } from "@fluxgate/storage-engine";
import { executeQuery, type QueryOptions } from "../execute.js";
import { DatabaseNotFoundError, type QuerySource } from "../source.js";
import type { StatementResult } from "../result.js";
import { resultsJson, type FormatOptions } from "../format.js";

export interface Fixture {
  engine: StorageEngine;
  source: QuerySource;
  write(db: string, lines: string, precision?: Precision): Promise<void>;
  /** Runs `q` against database `db` and returns the results. */
  run(q: string, options?: Partial<QueryOptions>): Promise<StatementResult[]>;
  /** Runs `q` and returns the 1.x JSON document, parsed. */
  json(q: string, options?: Partial<QueryOptions> & FormatOptions): Promise<{ results: Array<Record<string, unknown>> }>;
  close(): Promise<void>;
}

export async function openFixture(databases: readonly string[]): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), "influxql-"));
  const engine = await StorageEngine.open({ path: dir, threads: 1 });
  const buckets = new Map<string, BucketInfo>(
    databases.map((db, i) => [db, { id: (i + 1).toString(16).padStart(16, "0"), retentionNs: 0n }]),
  );
  const lookup = async (db: string): Promise<BucketInfo> => {
    const b = buckets.get(db);
    if (b === undefined) throw new DatabaseNotFoundError(db);
    return b;
  };
  const source: QuerySource = {
    store: engine,
    bucket: lookup,
    writableBucket: lookup,
    databases: async () => [...buckets.keys()].sort(),
    retentionPolicies: async (db) => {
      await lookup(db);
      return [{ name: "autogen", durationNs: 0n, shardGroupDurationNs: 604_800_000_000_000n, isDefault: true }];
    },
  };
  const run = async (q: string, options: Partial<QueryOptions> = {}): Promise<StatementResult[]> => {
    const out: StatementResult[] = [];
    for await (const r of executeQuery(q, { source, db: databases[0]!, ...options })) out.push(r);
    return out;
  };
  return {
    engine,
    source,
    write: async (db, lines, precision = "ns") => {
      const result = await engine.write(await lookup(db), parse(lines, { precision }));
      if (result.rejected.length > 0) throw new Error(`rejected ${JSON.stringify(result.rejected)}`);
    },
    run,
    json: async (q, options = {}) => JSON.parse(resultsJson(await run(q, options), options)) as { results: Array<Record<string, unknown>> },
    close: async () => {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The h2o_feet sample of InfluxQL's documentation (the first half hour of 2015-08-18). */
export const H2O_FEET = [
  ["coyote_creek", [8.12, 8.005, 7.887, 7.762, 7.635, 7.5]],
  ["santa_monica", [2.064, 2.116, 2.028, 2.126, 2.041, 2.051]],
] as const;

export function h2oLines(): string {
  const base = Date.UTC(2015, 7, 18) / 1000;
  const lines: string[] = [];
  for (const [location, levels] of H2O_FEET) {
    levels.forEach((level, i) => {
      const description = level > 6 ? "between 6 and 9 feet" : "below 3 feet";
      lines.push(`h2o_feet,location=${location} water_level=${level},level\\ description="${description}" ${base + i * 360}`);
    });
  }
  return lines.join("\n");
}

/**
 * The "Get started" home sensor sample of InfluxDB's documentation (hourly, 2022-01-01 08:00 to
 * 20:00 UTC), which the technical analysis examples use: [temp, hum, co] per room.
 */
export const HOME: Record<"Kitchen" | "Living Room", Array<[number, number, number]>> = {
  Kitchen: [
    [21.0, 35.9, 0], [23.0, 36.2, 0], [22.7, 36.1, 0], [22.4, 36.0, 0], [22.5, 36.0, 0], [22.8, 36.5, 1], [22.8, 36.3, 1],
    [22.7, 36.2, 3], [22.4, 36.0, 7], [22.7, 36.0, 9], [23.3, 36.9, 18], [23.1, 36.6, 22], [22.7, 36.5, 26],
  ],
  "Living Room": [
    [21.1, 35.9, 0], [21.4, 35.9, 0], [21.8, 36.0, 0], [22.2, 36.0, 0], [22.2, 35.9, 0], [22.4, 36.0, 0], [22.3, 36.1, 0],
    [22.3, 36.1, 1], [22.4, 36.0, 4], [22.6, 35.9, 5], [22.8, 36.2, 9], [22.5, 36.3, 14], [22.2, 36.4, 17],
  ],
};

export function homeLines(): string {
  const base = Date.UTC(2022, 0, 1, 8) / 1000;
  return Object.entries(HOME)
    .flatMap(([room, rows]) => rows.map(([temp, hum, co], i) => `home,room=${room.replace(" ", "\\ ")} temp=${temp},hum=${hum},co=${co}i ${base + i * 3600}`))
    .join("\n");
}
