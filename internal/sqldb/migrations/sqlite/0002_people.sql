-- The committee's people: terms and plenary sessions, sectors, parties,
-- special committees, units (participating, handling, offices), members
-- with encrypted contact fields and their memberships per term, and
-- background jobs (roster imports).
CREATE TABLE terms (
    id           INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES committees (id),
    number       INTEGER NOT NULL CHECK (number > 0),
    name         TEXT    NOT NULL,
    starts_on    TEXT    NOT NULL,
    ends_on      TEXT,
    UNIQUE (committee_id, number)
);

CREATE TABLE plenary_sessions (
    id        INTEGER PRIMARY KEY,
    term_id   INTEGER NOT NULL REFERENCES terms (id),
    number    INTEGER NOT NULL CHECK (number > 0),
    name      TEXT    NOT NULL,
    starts_on TEXT    NOT NULL,
    ends_on   TEXT    NOT NULL,
    UNIQUE (term_id, number)
);

CREATE TABLE sectors (
    id           INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES committees (id),
    name         TEXT    NOT NULL,
    position     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (committee_id, name)
);

CREATE TABLE parties (
    id           INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES committees (id),
    name         TEXT    NOT NULL,
    position     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (committee_id, name)
);

CREATE TABLE special_committees (
    id           INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES committees (id),
    name         TEXT    NOT NULL,
    position     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (committee_id, name)
);

CREATE TABLE units (
    id           INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES committees (id),
    kind         TEXT    NOT NULL CHECK (kind IN ('participating', 'handling', 'office')),
    category     TEXT    NOT NULL DEFAULT '',
    name         TEXT    NOT NULL,
    UNIQUE (committee_id, kind, name)
);

CREATE TABLE unit_liaisons (
    unit_id INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (unit_id, user_id)
);

CREATE TABLE members (
    id             INTEGER PRIMARY KEY,
    committee_id   INTEGER NOT NULL REFERENCES committees (id),
    name           TEXT    NOT NULL,
    gender         TEXT    NOT NULL CHECK (gender IN ('男', '女')),
    ethnicity      TEXT    NOT NULL DEFAULT '',
    birth_year     INTEGER NOT NULL DEFAULT 0,
    birth_month    INTEGER NOT NULL DEFAULT 0,
    birth_day      INTEGER NOT NULL DEFAULT 0,
    party          TEXT    NOT NULL DEFAULT '',
    sector_id      INTEGER REFERENCES sectors (id),
    employer_title TEXT    NOT NULL DEFAULT '',
    mobile_enc     TEXT    NOT NULL DEFAULT '',
    mobile_idx     TEXT,
    id_enc         TEXT    NOT NULL DEFAULT '',
    id_idx         TEXT,
    address_enc    TEXT    NOT NULL DEFAULT '',
    standing       INTEGER NOT NULL DEFAULT 0,
    titles         TEXT    NOT NULL DEFAULT '',
    user_id        INTEGER REFERENCES users (id),
    name_pinyin    TEXT    NOT NULL DEFAULT '',
    search         TEXT    NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    UNIQUE (committee_id, id_idx),
    UNIQUE (committee_id, mobile_idx)
);
CREATE INDEX members_committee_pinyin ON members (committee_id, name_pinyin, id);
CREATE INDEX members_sector ON members (sector_id);

CREATE TABLE member_special_committees (
    member_id            INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    special_committee_id INTEGER NOT NULL REFERENCES special_committees (id) ON DELETE CASCADE,
    position             TEXT    NOT NULL DEFAULT 'member' CHECK (position IN ('head', 'deputy', 'member')),
    PRIMARY KEY (member_id, special_committee_id)
);
CREATE INDEX member_special_committees_sc ON member_special_committees (special_committee_id);

CREATE TABLE sector_conveners (
    sector_id INTEGER NOT NULL REFERENCES sectors (id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    PRIMARY KEY (sector_id, member_id)
);

CREATE TABLE memberships (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    term_id    INTEGER NOT NULL REFERENCES terms (id),
    status     TEXT    NOT NULL CHECK (status IN ('serving', 'resigned', 'revoked')),
    started_on TEXT    NOT NULL,
    ended_on   TEXT,
    UNIQUE (member_id, term_id)
);
CREATE INDEX memberships_term ON memberships (term_id, status);

CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES committees (id),
    kind         TEXT    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('running', 'done', 'failed')),
    done         INTEGER NOT NULL DEFAULT 0,
    total        INTEGER NOT NULL DEFAULT 0,
    result       TEXT    NOT NULL DEFAULT '',
    created_by   INTEGER NOT NULL REFERENCES users (id),
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);
