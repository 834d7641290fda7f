/** Test helper: run a Flux program and return its annotated CSV (all annotations, like `influx query --raw`). */
import { CSVEncoder, type Dialect } from "../csv/encode.js";
import { type ExecuteOptions, executeAsync } from "../runtime/execute.js";

export const fixedNow = 1_600_000_000_000_000_000n;

export async function queryCSV(source: string, options: ExecuteOptions = {}, dialect: Dialect = { annotations: ["datatype", "group", "default"] }): Promise<string> {
  const { results } = await executeAsync(source, { now: fixedNow, ...options });
  let out = "";
  for await (const chunk of new CSVEncoder(dialect).encodeText(results)) out += chunk;
  return out;
}

/** Annotated CSV written in tests with LF line ends and indentation, normalised to what the encoder writes. */
export function csv(text: string): string {
  const lines = text.split("\n").map((l) => l.trim());
  while (lines[0] === "") lines.shift();
  while (lines.at(-1) === "") lines.pop();
  return `${lines.join("\r\n")}\r\n`;
}
