-- The dashboard: when each task and each of its attempts ran and on which instance, the live
-- instances, and indexes for the filtered, paged list and the completions chart.
-- Types follow the starter's SqliteDialect, as in V1 (instants as RFC 3339 text in UTC).
ALTER TABLE task_execution ADD COLUMN started_at TEXT;
ALTER TABLE task_execution ADD COLUMN finished_at TEXT;

-- One row per attempt: RUNNING while it runs, then COMPLETED, FAILED (with its error) or LOST (its
-- worker stopped sending heartbeats).
CREATE TABLE task_attempt (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id      INTEGER NOT NULL REFERENCES task_execution (id),
    execution_id BLOB    NOT NULL,
    attempt      INTEGER NOT NULL,
    instance     TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    started_at   TEXT    NOT NULL,
    finished_at  TEXT,
    error        TEXT
);

CREATE INDEX task_attempt_execution ON task_attempt (execution_id, started_at);
CREATE INDEX task_attempt_task ON task_attempt (task_id, attempt);

-- Each running instance renews its row every heartbeat interval; rows older than the stale-after
-- setting are instances that stopped.
CREATE TABLE engine_instance (
    id           TEXT    NOT NULL PRIMARY KEY,
    workers      INTEGER NOT NULL,
    started_at   TEXT    NOT NULL,
    heartbeat_at TEXT    NOT NULL
);

-- The list is ordered by (created_at, id), newest first, optionally filtered by status and workflow.
DROP INDEX workflow_execution_status;
CREATE INDEX workflow_execution_created ON workflow_execution (created_at, id);
CREATE INDEX workflow_execution_status ON workflow_execution (status, created_at, id);
CREATE INDEX workflow_execution_workflow ON workflow_execution (workflow, status, created_at, id);
CREATE INDEX workflow_execution_workflow_created ON workflow_execution (workflow, created_at, id);
-- Completions per second: completed executions by the time they completed.
CREATE INDEX workflow_execution_updated ON workflow_execution (status, updated_at);
