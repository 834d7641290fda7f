-- Tasks (scheduled Flux), their runs and run logs, and invokable scripts.
-- The scheduler claims work by locking task rows (FOR UPDATE SKIP LOCKED): a task row names the run
-- executing it (running_run_id, with a lease), so servers sharing this database never run one
-- task's run twice, and next_scheduled_for/next_due_at survive restarts (catch-up after downtime).
CREATE TABLE tasks (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  owner_id text NOT NULL,
  -- No foreign key: deleting the token leaves the task, whose runs then fail with a log line.
  authorization_id text NOT NULL DEFAULT '',
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  type text NOT NULL DEFAULT 'system',
  status text NOT NULL CHECK (status IN ('active', 'inactive')),
  flux text NOT NULL,
  every text NOT NULL DEFAULT '',
  cron text NOT NULL DEFAULT '',
  schedule_offset text NOT NULL DEFAULT '',
  latest_completed timestamptz NOT NULL,
  last_run_status text NOT NULL DEFAULT '',
  last_run_error text NOT NULL DEFAULT '',
  next_scheduled_for timestamptz NOT NULL,
  next_due_at timestamptz NOT NULL,
  running_run_id text,
  lease_until timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX tasks_org ON tasks (org_id, id);
CREATE INDEX tasks_due ON tasks (next_due_at) WHERE status = 'active';

CREATE TABLE task_runs (
  id text PRIMARY KEY,
  task_id text NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('scheduled', 'started', 'success', 'failed', 'canceled')),
  scheduled_for timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  manual boolean NOT NULL DEFAULT false,
  requested_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  flux text NOT NULL DEFAULT '',
  executed_by text NOT NULL DEFAULT ''
);
CREATE INDEX task_runs_task ON task_runs (task_id, scheduled_for);
-- A schedule time becomes at most one scheduled run, whatever the servers do (manual runs may repeat one).
CREATE UNIQUE INDEX task_runs_scheduled_once ON task_runs (task_id, scheduled_for) WHERE NOT manual;
CREATE INDEX task_runs_queued ON task_runs (task_id, due_at) WHERE status = 'scheduled';

CREATE TABLE task_run_logs (
  seq bigserial PRIMARY KEY,
  run_id text NOT NULL REFERENCES task_runs (id) ON DELETE CASCADE,
  task_id text NOT NULL,
  time timestamptz NOT NULL,
  message text NOT NULL
);
CREATE INDEX task_run_logs_run ON task_run_logs (run_id, seq);
CREATE INDEX task_run_logs_task ON task_run_logs (task_id, seq);

CREATE TABLE scripts (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  script text NOT NULL,
  language text NOT NULL CHECK (language IN ('flux', 'sql', 'influxql')),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (org_id, name)
);
