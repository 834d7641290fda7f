/** The join package against its reference examples. */
import { describe, it } from "vitest";
import { expectExample } from "./test-support/doc-example.js";

const labelled = (method: string, extra = "") => `import "sampledata"\nimport "join"\nints = sampledata.int()\nstrings = sampledata.string()\n${method}(left: ints, right: strings, ${extra}as: (l, r) => ({l with label: r._value}))`;
const joinedSample = `| _time | _value:int | label:string | *tag |
  | 2021-01-01T00:00:00Z | -2 | smpl_g9qczs | t1 |
  | 2021-01-01T00:00:10Z | 10 | smpl_0mgv9n | t1 |
  | 2021-01-01T00:00:20Z | 7 | smpl_phw664 | t1 |
  | 2021-01-01T00:00:30Z | 17 | smpl_guvzy4 | t1 |
  | 2021-01-01T00:00:40Z | 15 | smpl_5v3cce | t1 |
  | 2021-01-01T00:00:50Z | 4 | smpl_s9fmgy | t1 |

  | _time | _value:int | label:string | *tag |
  | 2021-01-01T00:00:00Z | 19 | smpl_b5eida | t2 |
  | 2021-01-01T00:00:10Z | 4 | smpl_eu4oxp | t2 |
  | 2021-01-01T00:00:20Z | -3 | smpl_5g7tz4 | t2 |
  | 2021-01-01T00:00:30Z | 19 | smpl_sox1ut | t2 |
  | 2021-01-01T00:00:40Z | 13 | smpl_wfm757 | t2 |
  | 2021-01-01T00:00:50Z | 1 | smpl_dtn2bv | t2 |`;

const sides = `import "array"
import "join"
left = array.from(rows: [
  {_time: 2022-01-01T00:00:00Z, _value: 1, label: "a"},
  {_time: 2022-01-01T00:00:00Z, _value: 2, label: "b"},
  {_time: 2022-01-01T00:00:00Z, _value: 3, label: "d"},
])
right = array.from(rows: [
  {_time: 2022-01-01T00:00:00Z, _value: 0.4, id: "a"},
  {_time: 2022-01-01T00:00:00Z, _value: 0.5, id: "c"},
  {_time: 2022-01-01T00:00:00Z, _value: 0.6, id: "d"},
])
on = (l, r) => l.label == r.id and l._time == r._time`;
const header = "| _time | label:string | v_left:int | v_right:float |";
const t = "2022-01-01T00:00:00Z";

describe("join", () => {
  it("inner and time join tables with the same key row by row", async () => {
    await expectExample(labelled("join.inner", "on: (l, r) => l._time == r._time, "), joinedSample);
    await expectExample(labelled("join.time"), joinedSample);
  });

  it("left keeps unmatched left rows with nulls from the right", async () => {
    await expectExample(
      `${sides}\njoin.left(left: left, right: right, on: on, as: (l, r) => ({_time: l._time, label: l.label, v_left: l._value, v_right: r._value}))`,
      `${header}\n| ${t} | a | 1 | 0.4 |\n| ${t} | b | 2 |  |\n| ${t} | d | 3 | 0.6 |`,
    );
  });

  it("right keeps unmatched right rows", async () => {
    await expectExample(
      `${sides}\njoin.right(left: left, right: right, on: on, as: (l, r) => ({_time: r._time, label: r.id, v_left: l._value, v_right: r._value}))`,
      `${header}\n| ${t} | a | 1 | 0.4 |\n| ${t} | c |  | 0.5 |\n| ${t} | d | 3 | 0.6 |`,
    );
  });

  it("full keeps both, with exists choosing the side that has a value", async () => {
    await expectExample(
      `${sides}
       join.full(left: left, right: right, on: on, as: (l, r) => {
         time = if exists l._time then l._time else r._time
         label = if exists l.label then l.label else r.id
         return {_time: time, label: label, v_left: l._value, v_right: r._value}
       })`,
      `${header}\n| ${t} | a | 1 | 0.4 |\n| ${t} | b | 2 |  |\n| ${t} | c |  | 0.5 |\n| ${t} | d | 3 | 0.6 |`,
    );
  });

  it("tables takes the method as a string", async () => {
    await expectExample(
      `${sides}\njoin.tables(method: "left", left: left, right: right, on: on, as: (l, r) => ({_time: l._time, label: l.label, v_left: l._value, v_right: r._value}))`,
      `${header}\n| ${t} | a | 1 | 0.4 |\n| ${t} | b | 2 |  |\n| ${t} | d | 3 | 0.6 |`,
    );
  });
});
