#!/usr/bin/env node
// The `fluxgate` executable: `fluxgate [run]`, `fluxgate print-config`, `fluxgate --help`.
import { runCli } from "./cli.js";

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  stopSignal: () =>
    new Promise((resolve) => {
      process.once("SIGTERM", () => resolve("SIGTERM"));
      process.once("SIGINT", () => resolve("SIGINT"));
    }),
}).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`fluxgate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
