-- Types follow the starter's SqliteDialect: UUID as 16-byte BLOB, instants as RFC 3339 text (UTC),
-- JSON as checked text.
CREATE TABLE workflow_execution (
    id         BLOB    NOT NULL PRIMARY KEY,
    workflow   TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    context    TEXT    NOT NULL CHECK (json_valid(context)),
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);

CREATE INDEX workflow_execution_status ON workflow_execution (status, created_at);

CREATE TABLE task_execution (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    execution_id BLOB    NOT NULL REFERENCES workflow_execution (id),
    task_name    TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    claimed_by   TEXT,
    heartbeat_at TEXT,
    last_error   TEXT,
    UNIQUE (execution_id, task_name)
);

CREATE INDEX task_execution_status ON task_execution (status, id);
