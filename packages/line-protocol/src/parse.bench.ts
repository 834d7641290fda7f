import { bench, describe } from "vitest";
import { LineProtocolParser } from "./parser.js";
import { generateCpuOnly } from "./testing/tsbs.js";

// TSBS cpu-only, 1,000 hosts, 5,000-line batches: the batch shape of the write benchmark.
const batchLines = 5_000;
const batches = Array.from({ length: 4 }, (_, b) =>
  Buffer.from(
    [...generateCpuOnly({ hosts: 1_000, count: batchLines * 4, seed: 7 })]
      .slice(b * batchLines, (b + 1) * batchLines)
      .join("\n") + "\n",
  ),
);
const warmParser = new LineProtocolParser();
let next = 0;

describe(`parse TSBS cpu-only, ${batchLines}-line batch (lines/s = ops/s × ${batchLines})`, () => {
  bench("warm series cache (long-lived parser)", () => {
    warmParser.push(batches[next++ % batches.length]!);
    warmParser.end();
  });
  bench("cold parser per batch", () => {
    const parser = new LineProtocolParser();
    parser.push(batches[next++ % batches.length]!);
    parser.end();
  });
});
