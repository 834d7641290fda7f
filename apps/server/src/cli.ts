// The command line, separate from main.ts so tests can run it in-process.
import { ConfigError, helpText, loadConfig, parseArgs, printConfig, type Config } from "./config/index.js";
import { startServer } from "./server.js";

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the process is asked to stop (SIGTERM/SIGINT); the signal's name. */
  stopSignal: () => Promise<string>;
}

/** Runs `fluxgate …` and resolves to the exit code: 0 ok, 2 bad usage or configuration. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let config: Config;
  let command;
  try {
    const invocation = parseArgs(argv);
    command = invocation.command;
    if (command === "help") {
      io.stdout(helpText());
      return 0;
    }
    config = loadConfig({ flags: invocation.flags, env: io.env });
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr(`fluxgate: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (command === "print-config") {
    io.stdout(printConfig(config));
    return 0;
  }
  // Listen for the stop signal before starting, so a SIGTERM during start-up still shuts down cleanly.
  const stop = io.stopSignal();
  const server = await startServer(config);
  const signal = await stop;
  server.app.log.info({ signal }, "shutting down");
  await server.close();
  server.app.log.info("stopped");
  return 0;
}
