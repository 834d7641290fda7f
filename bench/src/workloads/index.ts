// Every workload `pnpm bench` knows. To add one (the storage issue's write benchmark, say), write
// `src/workloads/<name>.ts` exporting a `Workload` and list it here.
import { listBuckets } from "./list-buckets.js";
import { startup } from "./startup.js";
import type { Workload } from "./workload.js";

export const workloads: readonly Workload[] = [startup, listBuckets];
export type { Measurement, Workload } from "./workload.js";
