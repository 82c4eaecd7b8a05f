-- Durable background tasks (the outbox): written in the same transaction as
-- the step that causes them, run after commit by outbox.Worker. dedupe_key is
-- NULL for a task without one; otherwise a second task with the same key is
-- never inserted (NULLs are distinct in a unique index).
CREATE TABLE outbox_tasks (
    id           INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL DEFAULT 0,
    kind         TEXT    NOT NULL,
    dedupe_key   TEXT,
    daily_at     TEXT    NOT NULL DEFAULT '',
    run_at       TEXT    NOT NULL,
    payload      TEXT    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed', 'cancelled')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT    NOT NULL DEFAULT '',
    locked_until TEXT,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    done_at      TEXT
);
CREATE UNIQUE INDEX outbox_tasks_key ON outbox_tasks (dedupe_key);
CREATE INDEX outbox_tasks_due ON outbox_tasks (state, run_at);

-- In-app notifications. dedupe_key (NULL when the sender gave none) makes
-- a notification sent twice under the same key land once per user.
CREATE TABLE notifications (
    id           INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES committees (id),
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    link         TEXT    NOT NULL,
    dedupe_key   TEXT,
    created_at   TEXT    NOT NULL,
    read_at      TEXT
);
CREATE UNIQUE INDEX notifications_key ON notifications (dedupe_key, user_id);
CREATE INDEX notifications_user ON notifications (user_id, read_at, id);

ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
