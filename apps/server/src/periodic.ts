// Background passes that repeat on an interval (retention, scraping): a pass never overlaps the
// previous one, a failing pass is logged and tried again at the next tick, and stopping waits for
// the pass in progress.
import type { Logger } from "pino";

export interface PeriodicLoop {
  /** Stops the timer and waits for a pass in progress to finish. */
  stop(): Promise<void>;
}

/** Runs `pass` every `intervalMs`; 0 or less runs nothing. */
export function startPeriodic(intervalMs: number, pass: () => Promise<void>, log: Logger, failure: string): PeriodicLoop {
  if (intervalMs <= 0) return { stop: () => Promise.resolve() };
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running !== undefined || stopped) return;
    running = pass()
      .catch((err: unknown) => log.error({ err }, failure))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
