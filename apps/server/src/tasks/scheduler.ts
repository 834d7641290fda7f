// The task scheduler: polls the metadata store for due work and runs it, exactly once across every
// server sharing that store. A claim is one transaction that locks due task rows with
// `FOR UPDATE SKIP LOCKED`, turns each into a started run, and marks the task row as running it
// (running_run_id + a lease). Another server either skips the locked row or, once the claim
// commits, no longer sees it as due; a server that dies mid-run lets its lease lapse and the run
// is recorded as abandoned. Runs execute outside the transaction, a bounded number at a time, so
// a slow or failing task only ever occupies its own slot.
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { AppContext } from "../http/types.js";
import { executeRun } from "./executor.js";
import { appendLogs, insertRun, pruneRuns, updateRun, type Run, type Task } from "./repository.js";
import { dueAt, nextScheduledAfter } from "./schedule.js";

export interface SchedulerOptions {
  /** How often the store is polled for due runs (a run queued here wakes the loop at once). */
  pollMs: number;
  /** Runs executing at once in this process. */
  concurrency: number;
  /** How long a claim holds a task without renewal before another server may take it over. */
  leaseMs: number;
  /** Finished runs kept per task; older ones and their logs are deleted. */
  historyLimit: number;
  /** Catch-up runs claimed per poll, so one long-idle task cannot crowd out the others. */
  batchSize: number;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = { pollMs: 250, concurrency: 8, leaseMs: 60_000, historyLimit: 100, batchSize: 64 };

export interface SchedulerStats {
  /** Milliseconds from each run's due time to its start, most recent last (bounded). */
  lagMs: number[];
  /** Milliseconds the scheduler itself spent per run: claim plus recording, excluding Flux. */
  overheadMs: number[];
  runs: number;
}

const STATS_KEPT = 20_000;

export class TaskScheduler {
  readonly options: SchedulerOptions;
  /** Names this process in run rows, so it is visible which server executed a run. */
  readonly instanceID = randomBytes(6).toString("hex");
  #app: AppContext | undefined;
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;
  #stopped = false;
  #wakeRequested = false;
  readonly #running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  readonly stats: SchedulerStats = { lagMs: [], overheadMs: [], runs: 0 };

  constructor(options: Partial<SchedulerOptions> = {}) {
    this.options = { ...DEFAULT_SCHEDULER_OPTIONS, ...options };
  }

  start(app: AppContext): void {
    this.#app = app;
    this.#stopped = false;
    this.#arm(0);
  }

  /** Polls now instead of at the next interval (a run was queued, a slot freed). */
  wake(): void {
    if (this.#stopped || !this.#app) return;
    if (this.#ticking) {
      this.#wakeRequested = true;
      return;
    }
    this.#arm(0);
  }

  /** Aborts a run executing in this process; false when it is not running here. */
  cancel(runID: string): boolean {
    const running = this.#running.get(runID);
    running?.controller.abort();
    return running !== undefined;
  }

  /** Stops polling and waits (up to `graceMs`) for runs in flight, aborting them after that. */
  async stop(graceMs = 5_000): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#ticking;
    const inFlight = [...this.#running.values()];
    const all = Promise.all(inFlight.map((r) => r.done));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), graceMs)));
    if ((await Promise.race([all, late])) === "late") {
      for (const r of inFlight) r.controller.abort();
      await all;
    }
    clearTimeout(timer);
  }

  #arm(delay: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), delay);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    if (this.#stopped || this.#ticking) return;
    let claimed = 0;
    this.#ticking = (async () => {
      try {
        claimed = await this.#claimAndStart();
      } catch (error) {
        // A store hiccup must not end the loop: log it and poll again.
        this.#app?.log.warn({ err: error instanceof Error ? error.message : String(error) }, "tasks: claiming due runs failed");
      }
    })();
    await this.#ticking;
    this.#ticking = undefined;
    if (this.#stopped) return;
    const more = this.#wakeRequested || (claimed > 0 && this.#running.size < this.options.concurrency);
    this.#wakeRequested = false;
    this.#arm(more ? 0 : this.options.pollMs);
  }

  async #claimAndStart(): Promise<number> {
    const app = this.#app!;
    const free = Math.min(this.options.concurrency - this.#running.size, this.options.batchSize);
    if (free <= 0) return 0;
    const t0 = performance.now();
    const now = new Date();
    const claimed = await app.db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom("tasks")
        .selectAll()
        .where((eb) => eb.or([eb("running_run_id", "is", null), eb("lease_until", "<", now)]))
        .where((eb) =>
          eb.or([
            eb.and([eb("status", "=", "active"), eb("next_due_at", "<=", now)]),
            eb.exists(eb.selectFrom("task_runs as r").select("r.id").whereRef("r.task_id", "=", "tasks.id").where("r.status", "=", "scheduled").where("r.due_at", "<=", now)),
          ]),
        )
        .orderBy("next_due_at")
        .limit(free)
        .forUpdate()
        .skipLocked()
        .execute();
      const out: { task: Task; run: Run }[] = [];
      for (const task of due) {
        if (task.running_run_id !== null) {
          const abandoned = await updateRun(trx, task.running_run_id, { status: "failed", finished_at: now }, ["started"]);
          if (abandoned) await appendLogs(trx, task.id, abandoned.id, [{ time: now, message: "Run abandoned: the server executing it stopped before it finished" }]);
        }
        const queued = await trx
          .selectFrom("task_runs")
          .selectAll()
          .where("task_id", "=", task.id)
          .where("status", "=", "scheduled")
          .where("due_at", "<=", now)
          .orderBy("due_at")
          .orderBy("id")
          .limit(1)
          .executeTakeFirst();
        let run: Run | undefined;
        let advance: { next_scheduled_for: Date; next_due_at: Date } | undefined;
        if (queued) {
          run = await updateRun(trx, queued.id, { status: "started", started_at: now, flux: task.flux, executed_by: this.instanceID });
        } else if (task.status === "active" && task.next_due_at <= now) {
          run = await insertRun(trx, { taskID: task.id, status: "started", scheduledFor: task.next_scheduled_for, dueAt: task.next_due_at, manual: false, flux: task.flux, executedBy: this.instanceID });
          const schedule = { every: task.every, cron: task.cron, offset: task.schedule_offset };
          const next = nextScheduledAfter(schedule, task.next_scheduled_for);
          advance = { next_scheduled_for: next, next_due_at: dueAt(schedule, next) };
        }
        if (!run) continue;
        await trx
          .updateTable("tasks")
          .set({ running_run_id: run.id, lease_until: new Date(now.getTime() + this.options.leaseMs), ...advance })
          .where("id", "=", task.id)
          .execute();
        out.push({ task, run });
      }
      return out;
    });
    const claimMs = claimed.length === 0 ? 0 : (performance.now() - t0) / claimed.length;
    for (const c of claimed) {
      this.#record(this.stats.lagMs, now.getTime() - c.run.due_at.getTime());
      this.#startRun(c.task, c.run, claimMs);
    }
    return claimed.length;
  }

  #startRun(task: Task, run: Run, claimMs: number): void {
    const controller = new AbortController();
    const done = this.#execute(task, run, controller.signal, claimMs).finally(() => {
      this.#running.delete(run.id);
      this.wake();
    });
    this.#running.set(run.id, { controller, done });
  }

  async #execute(task: Task, run: Run, signal: AbortSignal, claimMs: number): Promise<void> {
    const app = this.#app!;
    const renew = setInterval(() => {
      app.db
        .updateTable("tasks")
        .set({ lease_until: new Date(Date.now() + this.options.leaseMs) })
        .where("id", "=", task.id)
        .where("running_run_id", "=", run.id)
        .execute()
        .catch((error: unknown) => app.log.warn({ err: String(error), taskID: task.id }, "tasks: renewing a run's lease failed"));
    }, Math.max(1_000, Math.floor(this.options.leaseMs / 3)));
    renew.unref();
    try {
      const lastSuccess = await app.db
        .selectFrom("task_runs")
        .select("scheduled_for")
        .where("task_id", "=", task.id)
        .where("status", "=", "success")
        .orderBy("scheduled_for", "desc")
        .limit(1)
        .executeTakeFirst();
      const outcome = await executeRun(app, task, run, lastSuccess?.scheduled_for, signal);
      const t0 = performance.now();
      await app.db.transaction().execute(async (trx) => {
        const finished = await updateRun(trx, run.id, { status: outcome.status, finished_at: new Date() }, ["started"]);
        await appendLogs(trx, task.id, run.id, outcome.logs);
        const status = finished ? outcome.status : "canceled";
        await trx
          .updateTable("tasks")
          .set({
            running_run_id: null,
            lease_until: null,
            last_run_status: status,
            last_run_error: status === "failed" ? outcome.error : "",
            ...(run.manual ? {} : { latest_completed: sql<Date>`greatest(latest_completed, ${run.scheduled_for})` }),
          })
          .where("id", "=", task.id)
          .where("running_run_id", "=", run.id)
          .execute();
        await pruneRuns(trx, task.id, this.options.historyLimit);
      });
      this.stats.runs += 1;
      this.#record(this.stats.overheadMs, claimMs + (performance.now() - t0));
      if (outcome.status === "failed") app.log.info({ taskID: task.id, runID: run.id, err: outcome.error }, "tasks: run failed");
    } catch (error) {
      app.log.error({ err: error instanceof Error ? error.message : String(error), taskID: task.id, runID: run.id }, "tasks: recording a run failed");
    } finally {
      clearInterval(renew);
    }
  }

  #record(into: number[], value: number): void {
    into.push(value);
    if (into.length > STATS_KEPT) into.splice(0, into.length - STATS_KEPT);
  }
}
