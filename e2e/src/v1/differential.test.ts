// InfluxQL compatibility, proven against the real thing: a private InfluxDB 1.x (Debian's `influxdb`,
// ./influxd.ts) and an onboarded Fluxgate get the same points through /write (./dataset.ts), then
// every request of ./corpus.ts goes to both and the answers must be the same JSON, in the same order
// (./compare.ts). influxd is required: a missing one fails, in CI and out of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboard, type Onboarded } from "../harness/onboard.js";
import { startFluxgate, type RunningServer } from "../harness/server.js";
import { csvCells, differences, inexactNumbers, normalize, parseAnswer, type Answer } from "./compare.js";
import { corpus, type Request } from "./corpus.js";
import { dataset } from "./dataset.js";
import { influxdInstalled, startInfluxd, type RunningInfluxd } from "./influxd.js";
import { knownDifferences } from "./known-differences.js";

/** The 1.x database in influxd and the bucket in Fluxgate (found through its virtual DBRP mapping). */
const db = "diff";

let influxd: RunningInfluxd | undefined;
let fluxgate: RunningServer | undefined;
let setup: Onboarded | undefined;

async function write(base: string, headers: Record<string, string>, precision: string, lines: string): Promise<void> {
  const response = await fetch(`${base}/write?db=${db}&precision=${precision}`, { method: "POST", headers, body: lines });
  const text = await response.text();
  if (response.status !== 204) throw new Error(`${base}/write answered ${response.status}: ${text}`);
}

async function ask(base: string, headers: Record<string, string>, request: Request): Promise<Answer> {
  const params = new URLSearchParams({ db, q: request.q });
  if (request.epoch !== undefined) params.set("epoch", request.epoch);
  if (request.params !== undefined) params.set("params", typeof request.params === "string" ? request.params : JSON.stringify(request.params));
  if (request.chunkSize !== undefined) {
    params.set("chunked", "true");
    params.set("chunk_size", String(request.chunkSize));
  }
  const asked = request.csv === true ? { ...headers, accept: "application/csv" } : headers;
  const response =
    request.post === true
      ? await fetch(`${base}/query`, { method: "POST", headers: { ...asked, "content-type": "application/x-www-form-urlencoded" }, body: params.toString() })
      : await fetch(`${base}/query?${params.toString()}`, { headers: asked });
  const text = await response.text();
  if (request.csv === true) return { status: response.status, body: csvCells(text), text };
  if (request.chunkSize === undefined) return parseAnswer(response.status, text);
  // One document per line: compared as the list of documents.
  const documents = text.split("\n").filter((line) => line.trim() !== "").map((line) => parseAnswer(response.status, line).body);
  return { status: response.status, body: documents, text };
}

const fluxgateHeaders = (): Record<string, string> => ({ authorization: `Token ${setup?.token ?? ""}` });

beforeAll(async () => {
  if (!influxdInstalled()) {
    throw new Error("influxd (InfluxDB 1.x) is not on PATH: the differential InfluxQL suite needs it. Install it with `apt-get install influxdb`.");
  }
  const [startedInfluxd, startedFluxgate] = await Promise.all([startInfluxd(db), startFluxgate()]);
  influxd = startedInfluxd;
  fluxgate = startedFluxgate;
  setup = await onboard(fluxgate.url, { bucketName: db });
  for (const batch of dataset()) {
    await write(influxd.url, {}, batch.precision, batch.lines);
    await write(fluxgate.url, fluxgateHeaders(), batch.precision, batch.lines);
  }
});

afterAll(async () => {
  await Promise.all([influxd?.stop(), fluxgate?.stop()]);
});

const label = (request: Request): string =>
  request.q +
  (request.epoch === undefined ? "" : ` [epoch=${request.epoch}]`) +
  (request.chunkSize === undefined ? "" : ` [chunk_size=${request.chunkSize}]`) +
  (request.params === undefined ? "" : ` [params=${typeof request.params === "string" ? request.params : JSON.stringify(request.params)}]`) +
  (request.csv === true ? " [csv]" : "");

// First: the corpus ends with statements that change the data.
describe("documented differences (InfluxDB 2.x's 1.x compatibility API)", () => {
  for (const known of knownDifferences) {
    it(`${label(known)}: ${known.reason}`, async () => {
      if (fluxgate === undefined) throw new Error("Fluxgate did not start (see beforeAll)");
      const got = await ask(fluxgate.url, fluxgateHeaders(), known);
      expect(got.status, got.text).toBe(known.status ?? 200);
      expect(got.text).toMatch(known.fluxgate);
    });
  }
});

describe("InfluxQL answers: Fluxgate against influxd 1.x", () => {
  it("compares a corpus of at least 150 statements", () => {
    const statements = corpus.reduce((n, request) => n + request.q.split(";").filter((s) => s.trim() !== "").length, 0);
    expect(statements).toBeGreaterThanOrEqual(150);
  });

  for (const request of corpus) {
    it(label(request), async () => {
      if (influxd === undefined || fluxgate === undefined) throw new Error("the servers did not start (see beforeAll)");
      const [expected, got] = await Promise.all([ask(influxd.url, {}, request), ask(fluxgate.url, fluxgateHeaders(), request)]);
      const bodies = normalize(expected.body, got.body);
      const found = differences({ status: expected.status, body: bodies.influxd }, { status: got.status, body: bodies.fluxgate }, inexactNumbers(request.q));
      expect(found, `influxd: ${expected.text.slice(0, 1500)}\nFluxgate: ${got.text.slice(0, 1500)}`).toEqual([]);
    });
  }
});
