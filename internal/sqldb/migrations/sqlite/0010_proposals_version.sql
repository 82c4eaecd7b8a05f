-- The proposal lists' cached pages are keyed by this counter: every
-- change to a committee's proposals bumps it in the changing transaction
-- (through the triggers below), so a cached list is never stale.
ALTER TABLE committees ADD COLUMN proposals_version INTEGER NOT NULL DEFAULT 1;

CREATE TRIGGER proposals_list_insert AFTER INSERT ON proposals BEGIN
    UPDATE committees SET proposals_version = proposals_version + 1 WHERE id = NEW.committee_id;
END;

CREATE TRIGGER proposals_list_update AFTER UPDATE ON proposals BEGIN
    UPDATE committees SET proposals_version = proposals_version + 1 WHERE id = NEW.committee_id;
END;

CREATE TRIGGER proposals_list_delete AFTER DELETE ON proposals BEGIN
    UPDATE committees SET proposals_version = proposals_version + 1 WHERE id = OLD.committee_id;
END;
