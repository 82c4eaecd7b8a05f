-- 先进承办单位: handling units the committee commends for a year's work on
-- proposals.
CREATE TABLE excellent_units (
    committee_id BIGINT NOT NULL REFERENCES committees (id),
    year         INTEGER NOT NULL,
    unit_id      BIGINT NOT NULL REFERENCES units (id),
    note         TEXT    NOT NULL DEFAULT '',
    marked_by    TEXT    NOT NULL DEFAULT '',
    marked_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (committee_id, year, unit_id)
);
