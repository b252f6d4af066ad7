CREATE TABLE visit (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    visitor    TEXT    NOT NULL,
    visited_at TEXT    NOT NULL
);

CREATE TABLE visit_counter (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    total INTEGER NOT NULL
);

INSERT INTO visit_counter (id, total) VALUES (1, 0);
