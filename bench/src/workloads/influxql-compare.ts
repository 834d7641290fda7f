// The InfluxQL half of the query workload (issue #5 §5): each query kind's InfluxQL statement goes to
// Fluxgate's 1.x /query (db=bench, which reaches the bucket through its virtual DBRP mapping) and,
// when influxd 1.x runs, to influxd's /query with the same draws. The warm-up draws' answers are
// fetched as JSON (epoch=ns) from both and compared series by series and value by value; the timed
// runs then alternate between the two servers (which goes first swaps every run, so a burst of load
// from elsewhere on the machine falls on both alike) and read CSV answers to their last byte.
import type { Agent } from "node:http";
import { percentile } from "../stats.js";
import { compareInfluxQLAnswers, parseInfluxQLAnswer } from "./influxql-answers.js";
import type { QueryKind } from "./query-set.js";
import { prng } from "@fluxgate/line-protocol";
import { type Answer, drawSeed, send, type Timing, TimingRecorder, type TimingPlan, warmUp } from "./query-run.js";
import type { Measurement } from "./workload.js";

/** One server's 1.x query endpoint. */
export interface QueryEndpoint {
  /** "Fluxgate" or "influxd 1.6.7". */
  name: string;
  agent: Agent;
  /** Origin, e.g. http://127.0.0.1:8086. */
  base: string;
  headers: Record<string, string>;
}

export interface InfluxQLOutcome {
  /** Rows for the report: Fluxgate's p50/p99, the answer check and the latency ratio. */
  measurements: Measurement[];
  /** influxd's timing, when it ran. */
  theirs?: Timing;
}

/** The ratio issue #5 §5 asks for: Fluxgate p50 ÷ influxd p50 at most this. */
const ratioTarget = 0.5;
/** Differences quoted in a mismatch row (all of them go to the console). */
const quoted = 3;

export function askInfluxQL(endpoint: QueryEndpoint, statement: string, format: "json" | "csv"): Promise<Answer> {
  const url = new URL(`${endpoint.base}/query`);
  url.searchParams.set("db", "bench");
  url.searchParams.set("q", statement);
  if (format === "json") url.searchParams.set("epoch", "ns");
  return send(endpoint.agent, url, "GET", { ...endpoint.headers, accept: format === "json" ? "application/json" : "application/csv" }, undefined, format === "json");
}

/** An answer's failure in words, or undefined when it is a 200 without a statement error. */
function failure(endpoint: QueryEndpoint, answer: Answer): string | undefined {
  if (answer.status !== 200) return `${endpoint.name} answered HTTP ${answer.status}: ${answer.text.slice(0, 300)}`;
  try {
    const parsed = parseInfluxQLAnswer(answer.text);
    const error = parsed.error ?? parsed.results?.find((r) => r.error !== undefined)?.error;
    return error === undefined ? undefined : `${endpoint.name} answered the error ${JSON.stringify(error)}`;
  } catch (error) {
    return `${endpoint.name}'s answer is not JSON (${error instanceof Error ? error.message : String(error)}): ${answer.text.slice(0, 200)}`;
  }
}

interface Check {
  answers: number;
  mismatched: number;
  series: number;
  rows: number;
  /** Reference quirks seen on matching answers (compareInfluxQLAnswers' notes), each once. */
  notes: Set<string>;
  /** First mismatching answer's statement and differences. */
  first?: { statement: string; differences: string[] };
  /** Fluxgate could not answer (HTTP error or statement error): nothing else is run against it. */
  broken?: string;
}

/** Fetches the warm-up draws as JSON from both servers and compares them (influxd is the reference). */
async function check(kind: QueryKind, statements: readonly string[], fluxgate: QueryEndpoint, influxd: QueryEndpoint | undefined): Promise<Check> {
  const outcome: Check = { answers: 0, mismatched: 0, series: 0, rows: 0, notes: new Set() };
  for (const statement of statements) {
    const ours = await askInfluxQL(fluxgate, statement, "json");
    const theirs = influxd === undefined ? undefined : await askInfluxQL(influxd, statement, "json");
    const broken = failure(fluxgate, ours);
    if (theirs !== undefined) {
      const theirFailure = failure(influxd!, theirs);
      if (theirFailure !== undefined) throw new Error(`${kind.name}: ${theirFailure} (statement: ${statement})`);
    }
    if (broken !== undefined) {
      console.error(`  MISMATCH influxql ${kind.name}: ${broken}\n    statement: ${statement}`);
      return { ...outcome, answers: outcome.answers + 1, mismatched: outcome.mismatched + 1, broken, first: { statement, differences: [broken] } };
    }
    outcome.answers++;
    if (theirs === undefined) continue;
    const comparison = compareInfluxQLAnswers(parseInfluxQLAnswer(theirs.text), parseInfluxQLAnswer(ours.text));
    outcome.series += comparison.series;
    outcome.rows += comparison.rows;
    for (const note of comparison.notes) {
      // The note starts with the series it is about; the row quotes each kind of note once.
      outcome.notes.add(note.slice(note.indexOf(": ") + 2));
      console.log(`  note influxql ${kind.name}: ${note}`);
    }
    if (comparison.differences.length > 0) {
      outcome.mismatched++;
      outcome.first ??= { statement, differences: comparison.differences };
      console.error(`  MISMATCH influxql ${kind.name}: ${comparison.differences.length} differences (influxd expected, Fluxgate got)\n    statement: ${statement}`);
      for (const d of comparison.differences.slice(0, 20)) console.error(`    ${d}`);
    }
  }
  return outcome;
}

function checkRow(kind: QueryKind, result: Check, influxd: QueryEndpoint | undefined): Measurement {
  const against = influxd === undefined ? "(no reference: influxd not run)" : `against ${influxd.name}`;
  let detail: string;
  if (result.first !== undefined) {
    const shown = result.first.differences.slice(0, quoted).join("; ");
    const more = result.first.differences.length > quoted ? ` (+${result.first.differences.length - quoted} more)` : "";
    detail = `**MISMATCH** in ${result.mismatched} of ${result.answers} answers ${against}; first: \`${result.first.statement}\`: ${shown}${more}`;
  } else if (influxd === undefined) {
    detail = `${result.answers} JSON answers from Fluxgate, none an error; not compared ${against}`;
  } else {
    detail = `all ${result.answers} answers match ${against}: JSON (epoch=ns), same series (${result.series}: name, tags, columns) and values (${result.rows} rows, times exact, floats within 1e-9 relative)`;
  }
  if (result.notes.size > 0) detail += `; not counted: ${[...result.notes].join("; ")}`;
  return { workload: "query", metric: `influxql ${kind.name} check`, value: result.mismatched, unit: "mismatched answers", detail };
}

/** Checks then times one query kind's InfluxQL statement against Fluxgate and, if given, influxd. */
export async function compareInfluxQL(kind: QueryKind, plan: TimingPlan, fluxgate: QueryEndpoint, influxd: QueryEndpoint | undefined): Promise<InfluxQLOutcome> {
  for (const endpoint of [fluxgate, ...(influxd === undefined ? [] : [influxd])]) await warmUp(plan, (draw) => askInfluxQL(endpoint, kind.make(draw).influxql, "csv"));
  const draw = prng(drawSeed);
  const warmups = Array.from({ length: plan.warmups }, () => kind.make(draw).influxql);
  const checked = await check(kind, warmups, fluxgate, influxd);
  const endpoints = [...(checked.broken === undefined ? [fluxgate] : []), ...(influxd === undefined ? [] : [influxd])];
  const recorders = new Map(endpoints.map((e) => [e, new TimingRecorder()]));
  const deadline = performance.now() + plan.seconds * 1000 * endpoints.length;
  for (let run = 0; run < plan.runs && (run < 5 || performance.now() < deadline); run++) {
    const statement = kind.make(draw).influxql;
    const order = run % 2 === 0 ? endpoints : [...endpoints].reverse();
    for (const endpoint of order) {
      const began = performance.now();
      const answer = await askInfluxQL(endpoint, statement, "csv");
      const ms = performance.now() - began;
      if (answer.status !== 200) throw new Error(`influxql ${kind.name}: ${endpoint.name} answered ${answer.status}: ${answer.text.slice(0, 500)}`);
      recorders.get(endpoint)!.add(ms, answer);
    }
  }
  const measurements: Measurement[] = [];
  const ours = checked.broken === undefined ? recorders.get(fluxgate)!.result() : undefined;
  if (ours !== undefined) {
    const p50 = percentile(ours.latencies, 50);
    const detail = `${ours.latencies.length} runs, GET /query?db=bench (the bucket's virtual DBRP mapping), ${(ours.bytes / 1024).toFixed(1)} KiB of CSV per answer; target p50 < ${kind.targetMs} ms: ${p50 < kind.targetMs ? "met" : "missed"}`;
    measurements.push({ workload: "query", metric: `influxql ${kind.name} p50`, value: p50, unit: "ms", detail });
    measurements.push({ workload: "query", metric: `influxql ${kind.name} p99`, value: percentile(ours.latencies, 99), unit: "ms", detail });
    console.log(`  fluxgate influxql ${kind.name}: p50 ${p50.toFixed(1)} ms, p99 ${percentile(ours.latencies, 99).toFixed(1)} ms`);
  }
  measurements.push(checkRow(kind, checked, influxd));
  const theirs = influxd === undefined ? undefined : recorders.get(influxd)!.result();
  if (influxd !== undefined && theirs !== undefined) {
    const theirP50 = percentile(theirs.latencies, 50);
    console.log(`  ${influxd.name} ${kind.name}: p50 ${theirP50.toFixed(1)} ms, p99 ${percentile(theirs.latencies, 99).toFixed(1)} ms`);
    if (ours !== undefined) {
      const ourP50 = percentile(ours.latencies, 50);
      const ratio = ourP50 / theirP50;
      const verdict = ratio <= ratioTarget ? "pass" : "**FAIL**";
      measurements.push({
        workload: "query",
        metric: `influxql ${kind.name} ratio Fluxgate÷influxd`,
        value: ratio,
        unit: "×",
        detail: `Fluxgate p50 ÷ ${influxd.name} p50 (${ourP50.toFixed(1)} ÷ ${theirP50.toFixed(1)} ms), same statements and draws, runs alternating; target ≤ ${ratioTarget}: ${verdict}`,
      });
    }
  }
  return theirs === undefined ? { measurements } : { measurements, theirs };
}

/**
 * Each endpoint's `GET /ping` p50 over `runs` rounds, endpoints alternating: what a request costs a
 * server that does no work for it (HTTP parsing, routing, answering), the floor under its query
 * latencies and so under the ratios.
 */
export async function pingFloor(endpoints: readonly QueryEndpoint[], runs: number): Promise<Map<QueryEndpoint, number>> {
  const latencies = new Map(endpoints.map((e) => [e, [] as number[]]));
  for (let run = 0; run < runs; run++) {
    for (const endpoint of run % 2 === 0 ? endpoints : [...endpoints].reverse()) {
      const began = performance.now();
      const answer = await send(endpoint.agent, new URL("/ping", endpoint.base), "GET", endpoint.headers);
      const ms = performance.now() - began;
      if (answer.status !== 204) throw new Error(`${endpoint.name} answered GET /ping with ${answer.status}`);
      latencies.get(endpoint)!.push(ms);
    }
  }
  return new Map([...latencies].map(([e, ms]) => [e, percentile(ms, 50)]));
}
