// Every workload `pnpm bench` knows. To add one, write `src/workloads/<name>.ts` exporting a
// `Workload` and list it here.
import { listBuckets } from "./list-buckets.js";
import { query } from "./query.js";
import { startup } from "./startup.js";
import { write } from "./write.js";
import type { Workload } from "./workload.js";

export const workloads: readonly Workload[] = [startup, listBuckets, write, query];
export type { Measurement, Workload } from "./workload.js";
