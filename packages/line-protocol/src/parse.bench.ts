import { bench, describe } from "vitest";
import { LineProtocolParser } from "./parser.js";
import type { PointView } from "./point-view.js";
import { generateCpuOnly } from "./testing/tsbs.js";

// TSBS cpu-only, 1,000 hosts, 5,000-line batches: the batch shape of the write benchmark.
// Lines per second = ops/s × 5,000.
const batchLines = 5_000;
const lines = [...generateCpuOnly({ hosts: 1_000, count: batchLines * 4, seed: 7 })];
const batches = Array.from({ length: 4 }, (_, b) =>
  Buffer.from(lines.slice(b * batchLines, (b + 1) * batchLines).join("\n") + "\n"),
);
let next = 0;
let checksum = 0;
const consume = (view: PointView): void => {
  checksum += view.floatValues[0]!;
};

describe(`parse TSBS cpu-only, ${batchLines}-line batches (lines/s = hz × ${batchLines})`, () => {
  const pointsParser = new LineProtocolParser();
  bench("Point[] (push/end), warm series cache", () => {
    pointsParser.push(batches[next++ % batches.length]!);
    pointsParser.end();
  });

  const viewParser = new LineProtocolParser();
  bench("PointView callback (pushTo/endTo), warm series cache", () => {
    viewParser.pushTo(batches[next++ % batches.length]!, consume);
    viewParser.endTo(consume);
  });

  bench("PointView callback, new parser per batch (cold cache: 1,000 new series)", () => {
    const parser = new LineProtocolParser();
    parser.pushTo(batches[next++ % batches.length]!, consume);
    parser.endTo(consume);
  });
});
