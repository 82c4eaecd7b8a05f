-- Foundation: committees, accounts, sessions, API tokens, audit log.
-- Times are TEXT in the fixed-width UTC form 2006-01-02T15:04:05.000000Z.
CREATE TABLE committees (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    level      TEXT    NOT NULL CHECK (level IN ('city', 'district')),
    parent_id  INTEGER REFERENCES committees (id),
    created_at TEXT    NOT NULL
);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    committee_id         INTEGER NOT NULL REFERENCES committees (id),
    username             TEXT    NOT NULL UNIQUE,
    name                 TEXT    NOT NULL,
    mobile               TEXT UNIQUE,
    password_hash        TEXT    NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 1,
    failed_attempts      INTEGER NOT NULL DEFAULT 0,
    locked_until         TEXT,
    totp_secret          TEXT    NOT NULL DEFAULT '',
    totp_pending         TEXT    NOT NULL DEFAULT '',
    totp_last_step       INTEGER NOT NULL DEFAULT 0,
    disabled             INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL
);
CREATE INDEX users_committee ON users (committee_id, id);

CREATE TABLE user_roles (
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    committee_id INTEGER NOT NULL REFERENCES committees (id),
    role         TEXT    NOT NULL,
    position     INTEGER NOT NULL,
    PRIMARY KEY (user_id, committee_id, role)
);

CREATE TABLE sessions (
    hash        TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    stage       TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    last_seen   TEXT    NOT NULL,
    client_addr TEXT    NOT NULL DEFAULT '',
    user_agent  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    prefix       TEXT    NOT NULL,
    hash         TEXT    NOT NULL UNIQUE,
    scopes       TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    expires_at   TEXT    NOT NULL,
    revoked_at   TEXT,
    last_used_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE audit_log (
    seq          INTEGER PRIMARY KEY,
    at           TEXT    NOT NULL,
    actor_id     INTEGER NOT NULL,
    actor_name   TEXT    NOT NULL,
    role         TEXT    NOT NULL,
    committee_id INTEGER NOT NULL,
    action       TEXT    NOT NULL,
    object_type  TEXT    NOT NULL,
    object_id    TEXT    NOT NULL,
    changes      TEXT    NOT NULL,
    client_addr  TEXT    NOT NULL,
    prev_hash    TEXT    NOT NULL,
    hash         TEXT    NOT NULL
);
CREATE INDEX audit_log_committee ON audit_log (committee_id, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);

-- audit_head holds the chain's last entry; updating it serialises appends
-- and lets verification notice entries deleted from the tail.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT    NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
