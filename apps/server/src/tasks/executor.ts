// Running one task run: the Flux script executes with the task's authorization (its permissions,
// not more) over the storage engine, with the same services as queries (`to()` writes through the
// write path, `secrets.get`, schema functions), `now()` is the run's scheduled time, and
// `tasks.lastSuccess()` answers from the task's history. The outcome and the log lines are returned; the scheduler records them.
import { executeAsync } from "@fluxgate/flux";
import { Authorizer, type Identity } from "../auth/authorizer.js";
import type { Kysely, Transaction } from "kysely";
import type { Permission } from "../auth/permissions.js";
import type { Database } from "../db/schema.js";
import { fluxServices } from "../flux-services/index.js";
import type { AppContext } from "../http/types.js";
import { StorageDataSource } from "../query/datasource.js";
import type { Run, Task } from "./repository.js";

export interface RunOutcome {
  status: "success" | "failed" | "canceled";
  error: string;
  logs: { time: Date; message: string }[];
}

/** An Authorizer whose caller is already known: the task's authorization. */
class TaskAuthorizer extends Authorizer {
  constructor(
    app: AppContext,
    private readonly known: Identity,
  ) {
    super(app, { kind: "none" });
  }

  override optionalIdentity(): Promise<Identity | null> {
    return Promise.resolve(this.known);
  }
}

/**
 * The identities tasks run as, by task ID, or the reason each cannot run (read in one query for a
 * batch of claimed runs, so a deleted or deactivated token is noticed at the next claim).
 */
export async function taskIdentities(db: Kysely<Database> | Transaction<Database>, tasks: readonly Task[]): Promise<Map<string, Identity | string>> {
  const ids = [...new Set(tasks.map((t) => t.authorization_id).filter((id) => id !== ""))];
  const rows =
    ids.length === 0
      ? []
      : await db
          .selectFrom("authorizations")
          .innerJoin("users", "users.id", "authorizations.user_id")
          .select(["authorizations.id", "authorizations.org_id", "authorizations.user_id", "authorizations.status", "authorizations.permissions", "users.status as user_status"])
          .where("authorizations.id", "in", ids)
          .execute();
  const byID = new Map(rows.map((r) => [r.id, r]));
  const out = new Map<string, Identity | string>();
  for (const task of tasks) {
    const row = byID.get(task.authorization_id);
    if (task.authorization_id === "") out.set(task.id, "task has no authorization to run with");
    else if (!row) out.set(task.id, `could not find authorization ${task.authorization_id} for task: the token it runs with was deleted`);
    else if (row.status !== "active") out.set(task.id, `authorization ${task.authorization_id} for task is inactive`);
    else if (row.user_status !== "active") out.set(task.id, "the user owning the task's authorization is inactive");
    else out.set(task.id, { kind: "token", userID: row.user_id, orgID: row.org_id, authorizationID: row.id, permissions: row.permissions as Permission[] });
  }
  return out;
}

const TASKS_PACKAGE = "influxdata/influxdb/tasks";

/** Whether the script may import the tasks package (only then is the last success looked up). */
export const usesTasksPackage = (flux: string): boolean => flux.includes(TASKS_PACKAGE);

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Executes a run to the end (or until `signal` aborts it). Never throws: failures are outcomes. */
export async function executeRun(app: AppContext, task: Task, run: Run, identity: Identity | string, lastSuccess: Date | undefined, signal: AbortSignal): Promise<RunOutcome> {
  const logs: RunOutcome["logs"] = [];
  const log = (text: string) => logs.push({ time: new Date(), message: text });
  const fail = (error: string): RunOutcome => {
    log(`Error: ${error}`);
    log("Completed(failed)");
    return { status: "failed", error, logs };
  };
  log(`Started task from script: ${JSON.stringify(task.flux)}`);
  if (typeof identity === "string") return fail(identity);
  const auth = new TaskAuthorizer(app, identity);
  try {
    const now = BigInt(run.scheduled_for.getTime()) * 1_000_000n;
    const services = fluxServices(app, auth, task.org_id);
    const { results } = await executeAsync(task.flux, {
      now,
      source: new StorageDataSource(app, auth, task.org_id),
      services: lastSuccess === undefined ? services : { ...services, lastSuccessTime: BigInt(lastSuccess.getTime()) * 1_000_000n },
    });
    let tables = 0;
    let rows = 0;
    for (const result of results) {
      for await (const table of result.tables) {
        if (signal.aborted) {
          log("Run canceled");
          return { status: "canceled", error: "", logs };
        }
        tables += 1;
        rows += table.length;
      }
    }
    log(`Execution produced ${results.length} result(s), ${tables} table(s), ${rows} row(s)`);
    log("Completed(success)");
    return { status: "success", error: "", logs };
  } catch (error) {
    return fail(message(error));
  }
}
