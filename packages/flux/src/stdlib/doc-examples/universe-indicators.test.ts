/** Technical indicators (kaufmansAMA, kaufmansER, relativeStrengthIndex, chandeMomentumOscillator, tripleExponentialDerivative) against their reference examples. */
import { describe, it } from "vitest";
import { expectExample } from "./test-support/doc-example.js";

const ints = 'import "sampledata"\nsampledata.int()';
const lastThree = (t1: string[], t2: string[]): string =>
  ([["t1", t1], ["t2", t2]] as const)
    .map(([tag, values]) => `| _time | _value:float | *tag |\n${values.map((v, i) => `| 2021-01-01T00:00:${30 + i * 10}Z | ${v} | ${tag} |`).join("\n")}`)
    .join("\n\n");

describe("indicators", () => {
  it("kaufmansAMA adapts its smoothing to the efficiency ratio", async () => {
    await expectExample(`${ints} |> kaufmansAMA(n: 3)`, lastThree(["9.72641183951902", "10.097401019601417", "9.972614968115325"], ["-2.9084287200832466", "-2.142970089472789", "-2.0940721758134693"]));
  });

  it("relativeStrengthIndex smooths average gains and losses over n", async () => {
    await expectExample(`${ints} |> relativeStrengthIndex(n: 3)`, lastThree(["84.375", "73.97260273972603", "36.672325976230894"], ["70.27027027027026", "59.42857142857142", "40.625"]));
  });

  it("kaufmansER: net change over the sum of moves", async () => {
    await expectExample(`${ints} |> kaufmansER(n: 3)`, lastThree(["0.76", "0.33333333333333337", "0.13043478260869565"], ["0", "0.2571428571428572", "0.1"]));
  });

  it("tripleExponentialDerivative gives NaN on the last row when there are too few values", async () => {
    await expectExample(
      `${'import "sampledata"\nsampledata.float()'} |> limit(n: 3) |> tripleExponentialDerivative(n: 2)`,
      "| _time | _value:float | *tag |\n| 2021-01-01T00:00:20Z | NaN | t1 |\n\n| _time | _value:float | *tag |\n| 2021-01-01T00:00:20Z | NaN | t2 |",
    );
  });
});
