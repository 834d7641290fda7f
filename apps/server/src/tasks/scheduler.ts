// The task scheduler: polls the metadata store for due work and runs it, exactly once across every
// server sharing that store. A claim is one transaction that locks due task rows with
// `FOR UPDATE SKIP LOCKED`, turns each into a started run, and marks the task row as running it
// (running_run_id + a lease). Another server either skips the locked row or, once the claim
// commits, no longer sees it as due; a server that dies mid-run lets its lease lapse and the run
// is recorded as abandoned. Claimed runs wait in a bounded local queue and execute a bounded
// number at a time, so a slow or failing task only ever occupies its own slot. Claims and
// finished runs are written in batches (a few statements for many runs) to keep the scheduler's
// own cost per run small.
import { randomBytes } from "node:crypto";
import { sql, type Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import type { AppContext } from "../http/types.js";
import type { Identity } from "../auth/authorizer.js";
import { executeRun, taskIdentities, usesTasksPackage, type RunOutcome } from "./executor.js";
import { newId } from "../db/ids.js";
import type { Run, Task } from "./repository.js";
import { dueAt, nextScheduledAfter } from "./schedule.js";

export interface SchedulerOptions {
  /** How often the store is polled for due runs (a run queued here wakes the loop at once). */
  pollMs: number;
  /** Runs executing at once in this process. */
  concurrency: number;
  /** Claimed runs waiting here for a slot, at most (what one poll may claim). */
  queueSize: number;
  /** How long a claim holds a task without renewal before another server may take it over. */
  leaseMs: number;
  /** Finished runs kept per task; older ones and their logs are deleted. */
  historyLimit: number;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = { pollMs: 250, concurrency: 8, queueSize: 2048, leaseMs: 60_000, historyLimit: 100 };

export interface SchedulerStats {
  /** Milliseconds from each run's due time to its claim by this scheduler (bounded, latest last). */
  claimLagMs: number[];
  /** Milliseconds from each run's due time to the start of its execution. */
  startLagMs: number[];
  /** Milliseconds the scheduler itself spent per run: its share of claim and record batches, excluding Flux. */
  overheadMs: number[];
  /** Milliseconds each run's Flux execution took (the query itself). */
  executeMs: number[];
  runs: number;
}

const STATS_KEPT = 20_000;
/** A task's old runs are pruned on every tenth recorded run, so history stays within historyLimit + 10. */
const PRUNE_EVERY = 10;
const FLUSH_DELAY_MS = 5;

interface Claimed {
  task: Task;
  run: Run;
  /** The task's authorization as read at claim time, or why the run cannot execute. */
  identity: Identity | string;
  overheadMs: number;
  /** Until when (ms since the epoch) this server's claim on the task is known to hold. */
  leaseUntil: number;
}

interface Finished extends Claimed {
  outcome: RunOutcome;
}

export class TaskScheduler {
  readonly options: SchedulerOptions;
  /** Names this process in run rows, so it is visible which server executed a run. */
  readonly instanceID = randomBytes(6).toString("hex");
  readonly stats: SchedulerStats = { claimLagMs: [], startLagMs: [], overheadMs: [], executeMs: [], runs: 0 };
  #app: AppContext | undefined;
  #timer: NodeJS.Timeout | undefined;
  #renewal: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;
  #stopped = true;
  #wakeRequested = false;
  readonly #queue: Claimed[] = [];
  readonly #running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  #finished: Finished[] = [];
  #flushing: Promise<void> | undefined;
  readonly #recorded = new Map<string, number>();

  constructor(options: Partial<SchedulerOptions> = {}) {
    this.options = { ...DEFAULT_SCHEDULER_OPTIONS, ...options };
  }

  /** Starts polling (a no-op when already running). */
  start(app: AppContext): void {
    if (!this.#stopped) return;
    this.#app = app;
    this.#stopped = false;
    this.#arm(0);
    this.#renewal = setInterval(() => void this.#renew(), Math.max(500, Math.floor(this.options.leaseMs / 3)));
    this.#renewal.unref();
  }

  /** Polls now instead of at the next interval (a run was queued, a task changed). */
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

  /**
   * Stops polling, waits (up to `graceMs`) for runs in flight, aborting them after that, records
   * them, and hands claimed runs that never started back to the store.
   */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#timer);
    clearInterval(this.#renewal);
    await this.#ticking;
    const waiting = this.#queue.splice(0);
    const inFlight = [...this.#running.values()];
    const all = Promise.all(inFlight.map((r) => r.done));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), graceMs)));
    if ((await Promise.race([all, late])) === "late") {
      for (const r of inFlight) r.controller.abort();
      await all;
    }
    clearTimeout(timer);
    await this.#flush();
    await this.#release(waiting).catch((error: unknown) => this.#app?.log.warn({ err: String(error) }, "tasks: releasing queued runs failed"));
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
        claimed = await this.#claim();
      } catch (error) {
        // A store hiccup must not end the loop: log it and poll again.
        this.#app?.log.warn({ err: error instanceof Error ? error.message : String(error) }, "tasks: claiming due runs failed");
      }
      this.#pump();
    })();
    await this.#ticking;
    this.#ticking = undefined;
    if (this.#stopped) return;
    const more = this.#wakeRequested || (claimed > 0 && this.#queue.length < this.options.queueSize);
    this.#wakeRequested = false;
    this.#arm(more ? 0 : this.options.pollMs);
  }

  /** Claims due runs into the local queue; returns how many. */
  async #claim(): Promise<number> {
    const app = this.#app!;
    const room = this.options.queueSize - this.#queue.length;
    if (room <= 0) return 0;
    const t0 = performance.now();
    const now = new Date();
    const claimed = await app.db.transaction().execute(async (trx) => {
      const runs = await this.#claimIn(trx, now, room);
      const identities = await taskIdentities(trx, runs.map((r) => r.task));
      return runs.map((r) => ({ ...r, identity: identities.get(r.task.id) ?? "task has no authorization to run with" }));
    });
    const overheadMs = claimed.length === 0 ? 0 : (performance.now() - t0) / claimed.length;
    for (const c of claimed) {
      this.#record(this.stats.claimLagMs, now.getTime() - c.run.due_at.getTime());
      this.#queue.push({ ...c, overheadMs, leaseUntil: now.getTime() + this.options.leaseMs });
    }
    return claimed.length;
  }

  async #claimIn(trx: Transaction<Database>, now: Date, limit: number): Promise<{ task: Task; run: Run }[]> {
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
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    const ids = due.map((t) => t.id);

    const stale = due.flatMap((t) => (t.running_run_id === null ? [] : [t.running_run_id]));
    if (stale.length > 0) {
      const abandoned = await trx.updateTable("task_runs").set({ status: "failed", finished_at: now }).where("id", "in", stale).where("status", "=", "started").returning(["id", "task_id"]).execute();
      if (abandoned.length > 0) {
        await trx
          .insertInto("task_run_logs")
          .values(abandoned.map((r) => ({ run_id: r.id, task_id: r.task_id, time: now, message: "Run abandoned: the server executing it stopped before it finished" })))
          .execute();
      }
    }

    // The oldest queued (manual or retried) run of each task goes first.
    const queued = await sql<{ id: string; task_id: string }>`
      select distinct on (task_id) id, task_id from task_runs
      where task_id in (${sql.join(ids)}) and status = 'scheduled' and due_at <= ${now}
      order by task_id, due_at, id`.execute(trx);
    const queuedByTask = new Map(queued.rows.map((r) => [r.task_id, r.id]));
    const started = new Map<string, Run>();
    if (queued.rows.length > 0) {
      const rows = await sql<Run>`
        update task_runs set status = 'started', started_at = ${now}, executed_by = ${this.instanceID}, flux = tasks.flux
        from tasks where tasks.id = task_runs.task_id and task_runs.id in (${sql.join(queued.rows.map((r) => r.id))})
        returning task_runs.*`.execute(trx);
      for (const run of rows.rows) started.set(run.task_id, run);
    }

    const fresh: { task: Task; next: Date }[] = [];
    const inserts = [];
    for (const task of due) {
      if (queuedByTask.has(task.id) || task.status !== "active" || task.next_due_at > now) continue;
      const next = nextScheduledAfter({ every: task.every, cron: task.cron, offset: task.schedule_offset }, task.next_scheduled_for);
      fresh.push({ task, next });
      inserts.push({
        id: newId(),
        task_id: task.id,
        status: "started" as const,
        scheduled_for: task.next_scheduled_for,
        due_at: task.next_due_at,
        manual: false,
        started_at: now,
        flux: task.flux,
        executed_by: this.instanceID,
      });
    }
    if (inserts.length > 0) for (const run of await trx.insertInto("task_runs").values(inserts).returningAll().execute()) started.set(run.task_id, run);

    const lease = new Date(now.getTime() + this.options.leaseMs);
    const advance = new Map(fresh.map(({ task, next }) => [task.id, { next, nextDue: dueAt({ every: task.every, cron: task.cron, offset: task.schedule_offset }, next) }]));
    const updates = due.flatMap((task) => {
      const run = started.get(task.id);
      if (!run) return [];
      const a = advance.get(task.id);
      return [sql`(${task.id}::text, ${run.id}::text, ${a?.next ?? null}::timestamptz, ${a?.nextDue ?? null}::timestamptz)`];
    });
    if (updates.length > 0) {
      await sql`
        update tasks set running_run_id = v.run_id, lease_until = ${lease},
          next_scheduled_for = coalesce(v.next_scheduled_for, tasks.next_scheduled_for),
          next_due_at = coalesce(v.next_due_at, tasks.next_due_at)
        from (values ${sql.join(updates)}) as v(id, run_id, next_scheduled_for, next_due_at)
        where tasks.id = v.id`.execute(trx);
    }
    return due.flatMap((task) => {
      const run = started.get(task.id);
      return run ? [{ task, run }] : [];
    });
  }

  /** Starts queued runs while slots are free. */
  #pump(): void {
    while (!this.#stopped && this.#running.size < this.options.concurrency && this.#queue.length > 0) {
      const next = this.#queue.shift()!;
      const controller = new AbortController();
      const done = this.#execute(next, controller.signal).finally(() => {
        this.#running.delete(next.run.id);
        this.#pump();
      });
      this.#running.set(next.run.id, { controller, done });
    }
  }

  async #execute(claimed: Claimed, signal: AbortSignal): Promise<void> {
    const app = this.#app!;
    const { task, run } = claimed;
    // A claim whose lease could have lapsed (the store was unreachable for a long time) may
    // belong to another server by now: never execute it on a guess.
    if (Date.now() > claimed.leaseUntil - 1_000) {
      app.log.warn({ taskID: task.id, runID: run.id }, "tasks: dropping a claimed run whose lease may have lapsed");
      return;
    }
    this.#record(this.stats.startLagMs, Date.now() - run.due_at.getTime());
    const lastSuccess = usesTasksPackage(task.flux)
      ? (
          await app.db
            .selectFrom("task_runs")
            .select("scheduled_for")
            .where("task_id", "=", task.id)
            .where("status", "=", "success")
            .orderBy("scheduled_for", "desc")
            .limit(1)
            .executeTakeFirst()
        )?.scheduled_for
      : undefined;
    const t0 = performance.now();
    const outcome = await executeRun(app, task, run, claimed.identity, lastSuccess, signal);
    this.#record(this.stats.executeMs, performance.now() - t0);
    if (outcome.status === "failed") app.log.info({ taskID: task.id, runID: run.id, err: outcome.error }, "tasks: run failed");
    this.#finished.push({ ...claimed, outcome });
    await this.#flush();
  }

  /** Extends the lease of every task this server holds (queued and running runs) in one statement. */
  async #renew(): Promise<void> {
    const app = this.#app;
    const held = [...this.#queue.map((c) => c.run.id), ...this.#running.keys()];
    if (!app || held.length === 0) return;
    const until = Date.now() + this.options.leaseMs;
    try {
      const rows = await app.db.updateTable("tasks").set({ lease_until: new Date(until) }).where("running_run_id", "in", held).returning("running_run_id").execute();
      const ours = new Set(rows.map((r) => r.running_run_id));
      for (const c of this.#queue) if (ours.has(c.run.id)) c.leaseUntil = until;
      // Queued runs whose task was taken over (or deleted) are no longer ours to run.
      const lost = this.#queue.filter((c) => !ours.has(c.run.id));
      if (lost.length > 0) this.#queue.splice(0, this.#queue.length, ...this.#queue.filter((c) => ours.has(c.run.id)));
      for (const c of lost) app.log.info({ taskID: c.task.id, runID: c.run.id }, "tasks: a queued run's task was taken over or deleted");
    } catch (error) {
      app.log.warn({ err: error instanceof Error ? error.message : String(error) }, "tasks: renewing leases failed");
    }
  }

  /**
   * Records finished runs, many per transaction: their status and logs, the task's last run
   * fields and latestCompleted, and the release of the task for its next run.
   */
  async #flush(): Promise<void> {
    // Runs finishing within a few milliseconds of each other share one transaction.
    if (!this.#stopped && this.#finished.length < this.options.concurrency) await new Promise((r) => setTimeout(r, FLUSH_DELAY_MS));
    while (this.#flushing) await this.#flushing;
    if (this.#finished.length === 0) return;
    const batch = this.#finished;
    this.#finished = [];
    this.#flushing = this.#writeFinished(batch)
      .catch((error: unknown) => this.#app?.log.error({ err: error instanceof Error ? error.message : String(error), runs: batch.length }, "tasks: recording finished runs failed"))
      .finally(() => {
        this.#flushing = undefined;
        this.wake();
      });
    await this.#flushing;
  }

  async #writeFinished(batch: Finished[]): Promise<void> {
    const app = this.#app!;
    const t0 = performance.now();
    const finishedAt = new Date();
    const prune: string[] = [];
    for (const f of batch) {
      const count = (this.#recorded.get(f.task.id) ?? 0) + 1;
      this.#recorded.set(f.task.id, count);
      if (count % PRUNE_EVERY === 0) prune.push(f.task.id);
    }
    await app.db.transaction().execute(async (trx) => {
      const runValues = batch.map((f) => sql`(${f.run.id}::text, ${f.outcome.status}::text)`);
      const updated = await sql<{ id: string }>`
        update task_runs set status = v.status, finished_at = ${finishedAt}
        from (values ${sql.join(runValues)}) as v(id, status)
        where task_runs.id = v.id and task_runs.status = 'started'
        returning task_runs.id`.execute(trx);
      const stillOurs = new Set(updated.rows.map((r) => r.id));
      // A task deleted while its run executed took the run row with it: its logs have nowhere to go.
      const existing = new Set((await trx.selectFrom("task_runs").select("id").where("id", "in", batch.map((f) => f.run.id)).execute()).map((r) => r.id));
      const logs = batch.filter((f) => existing.has(f.run.id)).flatMap((f) => f.outcome.logs.map((l) => ({ run_id: f.run.id, task_id: f.task.id, time: l.time, message: l.message })));
      if (logs.length > 0) await trx.insertInto("task_run_logs").values(logs).execute();
      const taskValues = batch.map((f) => {
        // A run canceled while it executed stays canceled.
        const status = stillOurs.has(f.run.id) ? f.outcome.status : "canceled";
        const error = status === "failed" ? f.outcome.error : "";
        return sql`(${f.task.id}::text, ${f.run.id}::text, ${status}::text, ${error}::text, ${f.run.manual}::boolean, ${f.run.scheduled_for}::timestamptz)`;
      });
      await sql`
        update tasks set running_run_id = null, lease_until = null, last_run_status = v.status, last_run_error = v.error,
          latest_completed = case when v.manual then tasks.latest_completed else greatest(tasks.latest_completed, v.scheduled_for) end
        from (values ${sql.join(taskValues)}) as v(id, run_id, status, error, manual, scheduled_for)
        where tasks.id = v.id and tasks.running_run_id = v.run_id`.execute(trx);
      if (prune.length > 0) {
        await sql`
          delete from task_runs where id in (
            select id from (
              select id, row_number() over (partition by task_id order by scheduled_for desc, id desc) as n
              from task_runs where task_id in (${sql.join(prune)}) and status in ('success', 'failed', 'canceled')
            ) ranked where n > ${this.options.historyLimit})`.execute(trx);
      }
    });
    const perRun = (performance.now() - t0) / batch.length;
    for (const f of batch) {
      this.stats.runs += 1;
      this.#record(this.stats.overheadMs, f.overheadMs + perRun);
    }
  }

  /** Claimed runs that never started: back to the store, for this or another server to take. */
  async #release(waiting: readonly Claimed[]): Promise<void> {
    if (waiting.length === 0 || !this.#app) return;
    const db = this.#app.db;
    await db.transaction().execute(async (trx) => {
      const manual = waiting.filter((c) => c.run.manual).map((c) => c.run.id);
      const scheduled = waiting.filter((c) => !c.run.manual);
      if (manual.length > 0) await trx.updateTable("task_runs").set({ status: "scheduled", started_at: null, executed_by: "" }).where("id", "in", manual).execute();
      if (scheduled.length > 0) await trx.deleteFrom("task_runs").where("id", "in", scheduled.map((c) => c.run.id)).execute();
      for (const c of scheduled) {
        // The task's next schedule time goes back to the run that never happened.
        await trx
          .updateTable("tasks")
          .set({ next_scheduled_for: c.run.scheduled_for, next_due_at: c.run.due_at })
          .where("id", "=", c.task.id)
          .where("running_run_id", "=", c.run.id)
          .execute();
      }
      await trx.updateTable("tasks").set({ running_run_id: null, lease_until: null }).where("running_run_id", "in", waiting.map((c) => c.run.id)).execute();
    });
  }

  #record(into: number[], value: number): void {
    into.push(value);
    if (into.length > STATS_KEPT) into.splice(0, into.length - STATS_KEPT);
  }
}
