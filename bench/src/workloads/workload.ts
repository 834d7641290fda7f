/** One figure a workload measured. */
export interface Measurement {
  readonly workload: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** How the figure was obtained (runs, concurrency, duration), shown beside it. */
  readonly detail: string;
}

/** A benchmark: one file in `src/workloads/`, listed in `src/workloads/index.ts`. Each workload starts
 * the servers it needs and stops them before it returns, so workloads never share state. */
export interface Workload {
  /** Short name used on the command line: `pnpm bench -- <name>`. */
  readonly name: string;
  /** One sentence for RESULTS.md. */
  readonly description: string;
  run(): Promise<Measurement[]>;
}
