-- The proposal lists' cached pages are keyed by this counter: every
-- change to a committee's proposals bumps it in the changing transaction
-- (through the triggers below), so a cached list is never stale.
ALTER TABLE committees ADD COLUMN proposals_version BIGINT NOT NULL DEFAULT 1;
-- Bumped once per transaction (see 0004 for why).
ALTER TABLE committees ADD COLUMN proposals_xact xid8;

CREATE FUNCTION bump_proposals_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE committees SET proposals_version = proposals_version + 1, proposals_xact = pg_current_xact_id()
     WHERE proposals_xact IS DISTINCT FROM pg_current_xact_id() AND id IN (SELECT committee_id FROM changed);
    RETURN NULL;
END $$;

CREATE TRIGGER proposals_list_insert AFTER INSERT ON proposals REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();

CREATE TRIGGER proposals_list_update AFTER UPDATE ON proposals REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();

CREATE TRIGGER proposals_list_delete AFTER DELETE ON proposals REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
