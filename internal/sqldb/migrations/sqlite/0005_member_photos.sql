-- Optional member photos, kept apart from the members row so that lists
-- never read them; members.photo_tag names the current one (empty: none)
-- so that pages can link it with a cache-busting tag.
ALTER TABLE members ADD COLUMN photo_tag TEXT NOT NULL DEFAULT '';

CREATE TABLE member_photos (
    member_id    INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    content_type TEXT    NOT NULL,
    data         BLOB    NOT NULL,
    tag          TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);

-- One object's history (a member's changes) without scanning the log.
CREATE INDEX audit_log_object ON audit_log (object_type, object_id, seq);
