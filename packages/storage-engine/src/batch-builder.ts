import type { Batch, BatchValues, FieldType } from "./types.js";

type Identity = Pick<Batch, "measurement" | "tags" | "field">;

/** Accumulates rows of one group and cuts them into {@link Batch}es of bounded size. */
export class BatchBuilder {
  private times: bigint[] = [];
  private values: Array<number | bigint | string | boolean | null> = [];
  private pointTimes: bigint[] = [];

  constructor(
    readonly identity: Identity,
    readonly type: FieldType,
    private readonly withPointTimes: boolean,
  ) {}

  get length(): number {
    return this.times.length;
  }

  push(time: bigint, value: number | bigint | string | boolean | null, pointTime?: bigint): void {
    this.times.push(time);
    this.values.push(value);
    if (this.withPointTimes) this.pointTimes.push(pointTime ?? time);
  }

  /** Returns the rows gathered so far as a batch and starts over. */
  take(): Batch {
    const n = this.times.length;
    const times = BigInt64Array.from(this.times);
    let nulls: Uint8Array | undefined;
    for (let i = 0; i < n; i++) {
      if (this.values[i] === null) (nulls ??= new Uint8Array(n))[i] = 1;
    }
    const batch: Batch = { ...this.identity, times, values: toValues(this.type, this.values) };
    if (nulls !== undefined) batch.nulls = nulls;
    if (this.withPointTimes) batch.pointTimes = BigInt64Array.from(this.pointTimes);
    this.times = [];
    this.values = [];
    this.pointTimes = [];
    return batch;
  }
}

function toValues(type: FieldType, raw: Array<number | bigint | string | boolean | null>): BatchValues {
  switch (type) {
    case "float":
      return { type, values: Float64Array.from(raw, (v) => (v === null ? 0 : Number(v))) };
    case "integer":
      return { type, values: BigInt64Array.from(raw, (v) => (v === null ? 0n : BigInt(v as bigint))) };
    case "unsigned":
      return { type, values: BigUint64Array.from(raw, (v) => (v === null ? 0n : BigInt(v as bigint))) };
    case "string":
      return { type, values: raw.map((v) => (v === null ? "" : String(v))) };
    case "boolean":
      return { type, values: raw.map((v) => v === true) };
  }
}
