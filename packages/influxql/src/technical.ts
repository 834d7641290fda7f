// InfluxQL's technical analysis indicators, fed one value at a time in time order, with the warm-up
// behaviour of InfluxDB 1.x: the number of values each needs before its output means anything
// (`warmCount`), and the two ways an exponential average starts (scaled alpha or simple average).

/** How an exponential average behaves before it has seen `period` values. */
export type Warmup = "exponential" | "simple";

/** One indicator: `add` takes the next value and returns the output at that value. */
export interface Indicator {
  add(value: number): number;
  /** Values to swallow before emitting, when the query gives no hold period. */
  readonly warmCount: number;
}

/** Exponential moving average with α = 2 / (period + 1) unless told otherwise. */
class Ema implements Indicator {
  private count = 0;
  last = 0;

  constructor(
    private readonly period: number,
    private readonly warmup: Warmup,
    private readonly alpha = 2 / (period + 1),
  ) {}

  get warmCount(): number {
    return this.period - 1;
  }

  get warmed(): boolean {
    return this.count === this.period;
  }

  add(value: number): number {
    let avg: number;
    if (this.count === 0) avg = value;
    else if (this.warmed) avg = (value - this.last) * this.alpha + this.last;
    else if (this.warmup === "simple") avg = (this.last * this.count + value) / (this.count + 1);
    // Exponential warm-up: α of a period as long as the values seen so far, so the first value
    // does not dominate.
    else avg = (value - this.last) * (2 / (this.count + 2)) + this.last;
    this.last = avg;
    if (this.count < this.period) this.count++;
    return avg;
  }
}

/**
 * EMA, DEMA or TEMA: `depth` chained averages, each fed the previous one's output; with the simple
 * warm-up a stage starts only once the one before it is warmed.
 */
class ChainedEma implements Indicator {
  private readonly stages: Ema[];

  constructor(
    private readonly period: number,
    private readonly warmup: Warmup,
    depth: 1 | 2 | 3,
  ) {
    this.stages = Array.from({ length: depth }, () => new Ema(period, warmup));
  }

  get warmCount(): number {
    return this.warmup === "exponential" ? this.period - 1 : (this.period - 1) * this.stages.length;
  }

  /** The output of each stage for `value`. */
  protected feed(value: number): number[] {
    const out: number[] = [];
    let v = value;
    this.stages.forEach((stage, i) => {
      const before = this.stages[i - 1];
      if (before === undefined || before.warmed || this.warmup === "exponential") v = stage.add(v);
      out.push(v);
    });
    return out;
  }

  add(value: number): number {
    const [a1, a2, a3] = this.feed(value);
    if (a2 === undefined) return a1!;
    if (a3 === undefined) return 2 * a1! - a2;
    return 3 * a1! - 3 * a2 + a3;
  }
}

/** TRIX: percent change of the triple-smoothed average from one value to the next. */
class Trix extends ChainedEma {
  private previous = 0;

  constructor(period: number, warmup: Warmup) {
    super(period, warmup, 3);
  }

  override get warmCount(): number {
    return super.warmCount + 1;
  }

  override add(value: number): number {
    const stages = this.feed(value);
    const current = stages[stages.length - 1]!;
    const rate = (current / this.previous - 1) * 100;
    this.previous = current;
    return rate;
  }
}

/**
 * Averages (α = 1/period, over period+1 values) of the rises and of the falls from one value to the
 * next. As in InfluxDB, the first value is compared with a previous value of 0.
 */
abstract class RiseFallAverages implements Indicator {
  protected readonly up: Ema;
  protected readonly down: Ema;
  private last = 0;

  constructor(period: number, warmup: Warmup) {
    this.up = new Ema(period + 1, warmup, 1 / period);
    this.down = new Ema(period + 1, warmup, 1 / period);
  }

  get warmCount(): number {
    return this.up.warmCount;
  }

  protected abstract output(): number;

  add(value: number): number {
    this.up.add(value > this.last ? value - this.last : 0);
    this.down.add(value < this.last ? this.last - value : 0);
    this.last = value;
    return this.output();
  }
}

/** RSI: 100 − 100 / (1 + average rise / average fall). */
class Rsi extends RiseFallAverages {
  protected output(): number {
    return 100 - 100 / (1 + this.up.last / this.down.last);
  }
}

/** CMO smoothed as TA-Lib does: 100 × (rise − fall) / (rise + fall) of the averages. */
class SmoothedCmo extends RiseFallAverages {
  protected output(): number {
    return 100 * ((this.up.last - this.down.last) / (this.up.last + this.down.last));
  }
}

/** CMO without smoothing: sums of the rises and falls over the last `period` changes. */
class Cmo implements Indicator {
  private readonly prices: number[];
  private readonly changes: number[];
  private newest = 0;
  /** Whether a value came before (the first one has no change). */
  private started = false;
  private rises = 0;
  private falls = 0;

  private readonly size: number;

  /** `values`: how many values will be added (a ring that never wraps needs no more slots). */
  constructor(period: number, values: number) {
    // A ring of period-1 slots: the change entering is counted before the oldest one leaves.
    this.size = Math.max(1, period - 1);
    const slots = Math.min(this.size, values + 1);
    this.prices = new Array<number>(slots).fill(0);
    this.changes = new Array<number>(slots).fill(0);
  }

  get warmCount(): number {
    return this.size;
  }

  add(value: number): number {
    const oldest = (this.newest + 1) % this.prices.length;
    let change = 0;
    if (this.started) {
      change = value - this.prices[this.newest]!;
      if (change > 0) this.rises += change;
      else if (change < 0) this.falls -= change;
    }
    const out = this.rises !== 0 || this.falls !== 0 ? 100 * ((this.rises - this.falls) / (this.rises + this.falls)) : 0;
    const leaving = this.changes[oldest]!;
    if (leaving > 0) this.rises -= leaving;
    else if (leaving < 0) this.falls += leaving;
    this.prices[oldest] = value;
    this.changes[oldest] = change;
    this.newest = oldest;
    this.started = true;
    return out;
  }
}

/** Kaufman's efficiency ratio: net change over `period` values divided by the path travelled. */
class EfficiencyRatio implements Indicator {
  readonly prices: number[];
  private readonly moves: number[];
  newest = 0;
  private seen = 0;
  private noise = 0;

  /** `values`: how many values will be added (a ring that never wraps needs no more slots). */
  constructor(
    private readonly period: number,
    values: number,
  ) {
    const slots = Math.min(period, values + 1);
    this.prices = new Array<number>(slots).fill(0);
    this.moves = new Array<number>(slots).fill(0);
  }

  get warmCount(): number {
    return this.period;
  }

  get warmed(): boolean {
    return this.seen === this.period + 1;
  }

  add(value: number): number {
    const oldest = (this.newest + 1) % this.prices.length;
    const signal = Math.abs(value - this.prices[oldest]!);
    const move = Math.abs(value - this.prices[this.newest]!);
    // Subtract, then add, as InfluxDB does, so the running sum rounds the same way.
    this.noise -= this.moves[oldest]!;
    this.noise += move;
    this.newest = oldest;
    this.prices[oldest] = value;
    this.moves[oldest] = move;
    if (!this.warmed) this.seen++;
    return signal === 0 || this.noise === 0 ? 0 : signal / this.noise;
  }
}

/** KAMA: an average whose smoothing follows the efficiency ratio (fast 2, slow 30). */
class AdaptiveAverage implements Indicator {
  private readonly ratio: EfficiencyRatio;
  private last = 0;

  constructor(period: number, values: number) {
    this.ratio = new EfficiencyRatio(period, values);
  }

  get warmCount(): number {
    return this.ratio.warmCount;
  }

  add(value: number): number {
    // Until warmed, restart from the previous value.
    if (!this.ratio.warmed) this.last = this.ratio.prices[this.ratio.newest]!;
    const er = this.ratio.add(value);
    // Fast 2/(2+1) minus slow 2/(30+1) is 56/93: one rounding, as Go folds the constant.
    const sc = (er * (56 / 93) + 2 / 31) ** 2;
    this.last = this.last + sc * (value - this.last);
    return this.last;
  }
}

/**
 * The indicator a technical analysis function computes. `warmup` "none" is CMO's unsmoothed form;
 * `values` bounds the memory a huge period would otherwise claim.
 */
export function indicatorOf(name: string, period: number, warmup: Warmup | "none", values = Number.MAX_SAFE_INTEGER): Indicator {
  const smoothing: Warmup = warmup === "none" ? "exponential" : warmup;
  switch (name) {
    case "exponential_moving_average":
      return new ChainedEma(period, smoothing, 1);
    case "double_exponential_moving_average":
      return new ChainedEma(period, smoothing, 2);
    case "triple_exponential_moving_average":
      return new ChainedEma(period, smoothing, 3);
    case "triple_exponential_derivative":
      return new Trix(period, smoothing);
    case "relative_strength_index":
      return new Rsi(period, smoothing);
    case "chande_momentum_oscillator":
      return warmup === "none" ? new Cmo(period, values) : new SmoothedCmo(period, smoothing);
    case "kaufmans_efficiency_ratio":
      return new EfficiencyRatio(period, values);
    case "kaufmans_adaptive_moving_average":
      return new AdaptiveAverage(period, values);
    default:
      throw new Error(`no indicator ${name}`);
  }
}

/** Functions whose infinite outputs InfluxDB drops (a division by a zero average or noise). */
export const DROPS_INFINITY: ReadonlySet<string> = new Set(["triple_exponential_derivative", "kaufmans_efficiency_ratio", "kaufmans_adaptive_moving_average"]);
