// --query-concurrency and --query-queue-size: at most N queries run at once per server, at most Q
// more wait for a slot, and any further query is refused with 429 as InfluxDB's controller does.
import { MemoryBudget, QueryMemory } from "@fluxgate/flux";
import { queryInitialGrant } from "../config/index.js";
import { FluxgateError } from "../http/errors.js";
import type { AppContext } from "../http/types.js";

export class QueryLimiter {
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly queueSize: number,
  ) {}

  /** Resolves with a release function once the query may run; throws 429 when the queue is full. */
  async acquire(): Promise<() => void> {
    if (this.#running >= this.concurrency) {
      if (this.#waiting.length >= this.queueSize) throw new FluxgateError("too many requests", "queue length exceeded");
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      // The slot passes straight to the next waiter, so #running stays counted for it.
      if (next) next();
      else this.#running--;
    };
  }
}

const limiters = new WeakMap<AppContext, QueryLimiter>();

/** The server's one limiter (AppContext is built once per server). */
export function queryLimiter(app: AppContext): QueryLimiter {
  let limiter = limiters.get(app);
  if (!limiter) {
    limiter = new QueryLimiter(app.config.queryConcurrency, app.config.queryQueueSize);
    limiters.set(app, limiter);
  }
  return limiter;
}

const budgets = new WeakMap<AppContext, MemoryBudget | undefined>();

/**
 * A memory account for one query under --query-memory-bytes. As influxd, each query slot's initial
 * grant (--query-initial-memory-bytes, or the whole per-query limit when 0) is set aside from
 * --query-max-memory-bytes; the rest is the budget queries grow into (one per AppContext).
 * Close the account when the query ends. Undefined when --query-memory-bytes is 0 (unlimited).
 */
export function queryMemory(app: AppContext): QueryMemory | undefined {
  const { queryMemoryBytes: limitBytes, queryMaxMemoryBytes: total, queryConcurrency } = app.config;
  // Nothing limited (a total needs a per-query limit, see the config checks): no account to keep.
  if (limitBytes === 0) return undefined;
  const initialBytes = queryInitialGrant(app.config);
  if (!budgets.has(app)) budgets.set(app, total > 0 ? new MemoryBudget(Math.max(0, total - queryConcurrency * initialBytes)) : undefined);
  const budget = budgets.get(app);
  return new QueryMemory({ limitBytes, initialBytes, ...(budget ? { budget } : {}) });
}
