CREATE TABLE visit (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    visitor    TEXT        NOT NULL,
    visited_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE visit_counter (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    total BIGINT  NOT NULL
);

INSERT INTO visit_counter (id, total) VALUES (1, 0);
