-- Proposals (提案). The aggregate's detail — the texts, co-signers, units,
-- extensions, replies, evaluations, review and key-proposal fields — lives
-- in body as JSON, written whole on each step; the columns beside it and
-- the narrow tables below carry what lists, permissions and numbering
-- query. Every write rewrites proposal_people and proposal_units from the
-- aggregate in the same transaction.
CREATE TABLE proposals (
    id               INTEGER PRIMARY KEY,
    committee_id     INTEGER NOT NULL REFERENCES committees (id),
    kind             TEXT    NOT NULL CHECK (kind IN ('individual', 'joint', 'collective')),
    timing           TEXT    NOT NULL CHECK (timing IN ('plenary', 'regular')),
    term_id          INTEGER REFERENCES terms (id),
    session_id       INTEGER REFERENCES plenary_sessions (id), -- NULL for 平时提案
    number           INTEGER CHECK (number > 0),               -- NULL until accepted
    state            TEXT    NOT NULL,
    title            TEXT    NOT NULL DEFAULT '',
    category         TEXT    NOT NULL DEFAULT '',
    public           INTEGER NOT NULL DEFAULT 0,
    proposer_user_id INTEGER NOT NULL REFERENCES users (id),
    proposer_name    TEXT    NOT NULL,
    is_key           INTEGER NOT NULL DEFAULT 0,
    excellent        INTEGER NOT NULL DEFAULT 0,
    excellent_year   INTEGER NOT NULL DEFAULT 0,
    round            INTEGER NOT NULL DEFAULT 0,
    mode             TEXT    NOT NULL DEFAULT '',
    -- the earliest reply deadline among the replying units still to reply
    due_at           TEXT,
    version          INTEGER NOT NULL,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    submitted_at     TEXT,
    accepted_at      TEXT,
    closed_at        TEXT,
    body             TEXT    NOT NULL
);
-- Numbers never repeat within a series: per term and plenary session, and
-- per term for 平时提案 (session 0).
CREATE UNIQUE INDEX proposals_number ON proposals (committee_id, term_id, COALESCE(session_id, 0), number)
    WHERE number IS NOT NULL;
CREATE INDEX proposals_committee ON proposals (committee_id, id);
CREATE INDEX proposals_state ON proposals (committee_id, state, id);
CREATE INDEX proposals_due ON proposals (committee_id, due_at) WHERE due_at IS NOT NULL;

-- Who a proposal belongs to, for "my proposals": the first proposer and
-- the co-signers who were asked (merged proposers included).
CREATE TABLE proposal_people (
    proposal_id INTEGER NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    role        TEXT    NOT NULL CHECK (role IN ('proposer', 'cosigner')),
    PRIMARY KEY (proposal_id, user_id)
);
CREATE INDEX proposal_people_user ON proposal_people (user_id, proposal_id);

-- The handling units of a proposal, one row per assignment in the order of
-- the aggregate (a unit that returned it and was assigned again has two).
-- due_at is the unit's own deadline: the reply for replying units, the
-- views for co-units.
CREATE TABLE proposal_units (
    proposal_id INTEGER NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    unit_id     INTEGER NOT NULL REFERENCES units (id),
    role        TEXT    NOT NULL CHECK (role IN ('lead', 'co', 'split')),
    state       TEXT    NOT NULL,
    due_at      TEXT,
    PRIMARY KEY (proposal_id, position)
);
CREATE INDEX proposal_units_unit ON proposal_units (unit_id, proposal_id);

-- The last number given in each series; NextNumber increments it in the
-- accepting transaction, so a rolled-back acceptance gives its number back.
CREATE TABLE proposal_series (
    committee_id INTEGER NOT NULL REFERENCES committees (id),
    term_id      INTEGER NOT NULL,
    session_id   INTEGER NOT NULL, -- 0 for the 平时提案 series
    last_number  INTEGER NOT NULL,
    PRIMARY KEY (committee_id, term_id, session_id)
);

-- The timeline: one row per step.
CREATE TABLE proposal_events (
    id           INTEGER PRIMARY KEY,
    proposal_id  INTEGER NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    committee_id INTEGER NOT NULL,
    at           TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    actor_id     INTEGER NOT NULL DEFAULT 0,
    actor_name   TEXT    NOT NULL DEFAULT '',
    party        TEXT    NOT NULL DEFAULT '',
    unit_id      INTEGER NOT NULL DEFAULT 0,
    from_state   TEXT    NOT NULL DEFAULT '',
    to_state     TEXT    NOT NULL DEFAULT '',
    unit_from    TEXT    NOT NULL DEFAULT '',
    unit_to      TEXT    NOT NULL DEFAULT '',
    note         TEXT    NOT NULL DEFAULT '',
    details      TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX proposal_events_proposal ON proposal_events (proposal_id, id);

-- Each committee's rules (proposal.Config as JSON); none means the defaults.
CREATE TABLE proposal_configs (
    committee_id INTEGER PRIMARY KEY REFERENCES committees (id),
    body         TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

-- Attachments are kept in the database, outside any web root, and served
-- only through a handler that checks who may see the proposal.
CREATE TABLE proposal_attachments (
    id           INTEGER PRIMARY KEY,
    proposal_id  INTEGER NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    data         BLOB    NOT NULL,
    uploaded_by  INTEGER NOT NULL,
    created_at   TEXT    NOT NULL
);
CREATE INDEX proposal_attachments_proposal ON proposal_attachments (proposal_id, id);
