#!/usr/bin/env node
// The `fluxgate` executable: `fluxgate [run]`, `fluxgate print-config`, `fluxgate --help`.
import { ConfigError, helpText, loadConfig, parseArgs, printConfig } from "./config/index.js";
import { startServer } from "./server.js";

async function main(argv: string[]): Promise<number> {
  let invocation;
  let config;
  try {
    invocation = parseArgs(argv);
    if (invocation.command === "help") {
      process.stdout.write(helpText());
      return 0;
    }
    config = loadConfig({ flags: invocation.flags, env: process.env });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`fluxgate: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (invocation.command === "print-config") {
    process.stdout.write(printConfig(config));
    return 0;
  }
  const server = await startServer(config);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      server.app.log.info({ signal }, "shutting down");
      server.close().then(resolve, (err: unknown) => {
        server.app.log.error({ err }, "error while shutting down");
        resolve();
      });
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`fluxgate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
