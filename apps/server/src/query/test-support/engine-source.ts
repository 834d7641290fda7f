// A DataSource straight over a storage engine's bucket for the planner tests, recording every
// request the Flux program makes so a test can assert what was pushed down.
import type { DataSource, SourceReadRequest } from "@fluxgate/flux";
import type { BucketInfo, StorageEngine } from "@fluxgate/storage-engine";

export class EngineSource implements DataSource {
  readonly computesAggregates = true;
  readonly requests: SourceReadRequest[] = [];
  constructor(
    private readonly engine: () => StorageEngine,
    private readonly bucket: BucketInfo,
  ) {}
  read(request: SourceReadRequest) {
    this.requests.push(request);
    return this.engine().read({ ...request, bucket: this.bucket });
  }
}
