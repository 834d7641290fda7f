// HTTP and timing helpers shared by the query workload's Flux and InfluxQL parts.
import { type Agent, request } from "node:http";
import { prng } from "@fluxgate/line-protocol";

export interface Answer {
  status: number;
  bytes: number;
  /** The body as text: always when `keepText`, else only for small or failed answers. */
  text: string;
}

export function send(agent: Agent, url: URL, method: string, headers: Record<string, string>, body?: Buffer | string, keepText = false): Promise<Answer> {
  return new Promise((resolveAnswer, reject) => {
    const req = request(url, { agent, method, headers: body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const all = Buffer.concat(chunks);
        const status = res.statusCode ?? 0;
        resolveAnswer({ status, bytes: all.length, text: keepText || all.length < 4096 || status >= 300 ? all.toString("utf8") : "" });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}


/** The draws every query kind starts from, so run i means the same host and window everywhere. */
export const drawSeed = 42;

export interface TimingPlan {
  /**
   * Untimed runs on draws of their own ({@link warmupSeed}), before anything else: a server's
   * query path is cold after loading (V8 compiles a function to optimized code only after many
   * calls), and the targets are for a server that has been answering queries.
   */
  jitWarmups: number;
  /** Untimed first draws (warm-up; the InfluxQL part checks its answers on these). */
  warmups: number;
  /** At most this many timed runs… */
  runs: number;
  /** …or fewer once this many seconds have passed (never fewer than 5). */
  seconds: number;
}

/** The draws of the JIT warm-up runs: not those timed, so the timed draws stay the same. */
export const warmupSeed = drawSeed + 1;

/** `ask` on `plan.jitWarmups` warm-up draws, stopping early after `plan.seconds`. */
export async function warmUp(plan: TimingPlan, ask: (draw: () => number) => Promise<unknown>): Promise<void> {
  const draw = prng(warmupSeed);
  const deadline = performance.now() + plan.seconds * 1000;
  for (let i = 0; i < plan.jitWarmups && performance.now() < deadline; i++) await ask(draw);
}

/** One request kind of the server-wide warm-up: its label and how to send one draw of it. */
export interface WarmUpAsk {
  label: string;
  ask: (draw: () => number) => Promise<Answer>;
}

/**
 * Round after round on the warm-up draws for `seconds`, each ask in turn for `sliceMs` (at least
 * once), so a light kind gets as much of the warm-up as a heavy one: the server's query path
 * (HTTP, parsers, planners, encoders, DuckDB) reaches its steady state before any kind is timed,
 * which ~200 runs of the first kind alone did not reach (a single-groupby-1-1-1 loop over HTTP kept
 * getting faster for 20–30 s after the compaction). Returns each ask's latencies in the first
 * `coldRounds` rounds, sorted: the cold server, for the report.
 */
export async function warmUpServer(seconds: number, asks: readonly WarmUpAsk[], coldRounds: number, sliceMs: number): Promise<{ rounds: number; runs: number; cold: Map<string, number[]> }> {
  const draw = prng(warmupSeed);
  const cold = new Map(asks.map((a) => [a.label, [] as number[]]));
  const deadline = performance.now() + seconds * 1000;
  let rounds = 0;
  let runs = 0;
  while (rounds < coldRounds || performance.now() < deadline) {
    for (const { label, ask } of asks) {
      const sliceEnd = performance.now() + sliceMs;
      do {
        const began = performance.now();
        const answer = await ask(draw);
        runs++;
        if (answer.status !== 200) throw new Error(`warm-up ${label} answered ${answer.status}: ${answer.text.slice(0, 500)}`);
        if (rounds < coldRounds) cold.get(label)!.push(performance.now() - began);
      } while (performance.now() < sliceEnd);
    }
    rounds++;
  }
  for (const latencies of cold.values()) latencies.sort((a, b) => a - b);
  return { rounds, runs, cold };
}

export interface Timing {
  /** Sorted ascending, ms. */
  latencies: number[];
  /** Mean answer size in bytes. */
  bytes: number;
}

/** Latencies of one sequence of answers, sorted at the end. */
export class TimingRecorder {
  readonly latencies: number[] = [];
  private totalBytes = 0;

  add(ms: number, answer: Answer): void {
    this.latencies.push(ms);
    this.totalBytes += answer.bytes;
  }

  result(): Timing {
    return { latencies: [...this.latencies].sort((a, b) => a - b), bytes: this.latencies.length === 0 ? 0 : this.totalBytes / this.latencies.length };
  }
}

/** Warms up, runs `ask` `plan.warmups` times untimed, then up to `plan.runs` times or `plan.seconds`. */
export async function time(name: string, plan: TimingPlan, ask: (draw: () => number) => Promise<Answer>): Promise<Timing> {
  await warmUp(plan, ask);
  const draw = prng(drawSeed);
  for (let i = 0; i < plan.warmups; i++) await ask(draw);
  const recorder = new TimingRecorder();
  const deadline = performance.now() + plan.seconds * 1000;
  while (recorder.latencies.length < plan.runs && (recorder.latencies.length < 5 || performance.now() < deadline)) {
    const began = performance.now();
    const answer = await ask(draw);
    recorder.add(performance.now() - began, answer);
    if (answer.status !== 200) throw new Error(`${name} answered ${answer.status}: ${answer.text.slice(0, 500)}`);
  }
  return recorder.result();
}
