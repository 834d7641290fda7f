// The README's generated sections: the configuration table (from the settings table) and the API
// status table (from the contract and the registered handlers). `pnpm readme` rewrites them; the
// test next to this file fails when the README no longer says what the code does.
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { markdownTable } from "../config/describe.js";
import { apiStatusTable } from "../http/api-status.js";

export const readmePath = fileURLToPath(new URL("../../../../README.md", import.meta.url));

const sections: Record<string, () => string> = {
  "config-table": markdownTable,
  "api-status": apiStatusTable,
};

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->` for every section. */
export function renderReadme(readme: string): string {
  let out = readme;
  for (const [name, render] of Object.entries(sections)) {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${start} … ${end}`);
    out = `${out.slice(0, from + start.length)}\n${render().trimEnd()}\n${out.slice(to)}`;
  }
  return out;
}

export async function updateReadme(): Promise<boolean> {
  const current = await readFile(readmePath, "utf8");
  const next = renderReadme(current);
  if (next !== current) await writeFile(readmePath, next);
  return next !== current;
}
