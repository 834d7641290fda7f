import type { InfluxQLStore } from "../source.js";

/** `store` with its reads sent through `read` (to record or replay them); every other call goes to `store`. */
export function withRead(store: InfluxQLStore, read: InfluxQLStore["read"]): InfluxQLStore {
  return {
    read,
    measurements: (r) => store.measurements(r),
    tagKeys: (r) => store.tagKeys(r),
    tagValues: (r) => store.tagValues(r),
    fieldKeys: (r) => store.fieldKeys(r),
    seriesCardinality: (r) => store.seriesCardinality(r),
    deleteRange: (b, r) => store.deleteRange(b, r),
  };
}
