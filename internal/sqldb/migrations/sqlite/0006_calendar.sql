-- The working-day calendar each committee's staff edit per year: the
-- dates that are holidays (休) or make-up workdays (调休上班, on weekends).
-- A year listed in calendar_years replaces the schedule shipped with the
-- software for that committee, even when it has no days left.
CREATE TABLE calendar_years (
    committee_id INTEGER NOT NULL REFERENCES committees (id),
    year         INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    updated_at   TEXT    NOT NULL,
    PRIMARY KEY (committee_id, year)
);

CREATE TABLE calendar_days (
    committee_id INTEGER NOT NULL REFERENCES committees (id),
    day          TEXT    NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('holiday', 'workday')),
    reason       TEXT    NOT NULL,
    PRIMARY KEY (committee_id, day)
);
