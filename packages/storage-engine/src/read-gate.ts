/**
 * Keeps shard files attached while reads use them. Reads share the gate; operations that DETACH
 * shards (retention, bucket drop, compaction, close) take it exclusively, waiting for running
 * reads to finish and holding new ones back. Appends and deletes need no exclusivity: DuckDB's
 * MVCC gives readers a consistent snapshot.
 */
export class ReadGate {
  private readers = 0;
  private closedGate: Promise<void> | undefined;
  private onDrained: (() => void) | undefined;

  async enter(): Promise<void> {
    while (this.closedGate !== undefined) await this.closedGate;
    this.readers++;
  }

  leave(): void {
    this.readers--;
    if (this.readers === 0) this.onDrained?.();
  }

  async exclusive<T>(run: () => Promise<T>): Promise<T> {
    while (this.closedGate !== undefined) await this.closedGate;
    let open!: () => void;
    this.closedGate = new Promise<void>((resolve) => (open = resolve));
    try {
      while (this.readers > 0) await new Promise<void>((resolve) => (this.onDrained = resolve));
      this.onDrained = undefined;
      return await run();
    } finally {
      this.closedGate = undefined;
      open();
    }
  }
}
