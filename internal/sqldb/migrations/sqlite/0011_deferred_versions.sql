-- New proposal rules change what cached pages offer: bump the committee's
-- proposals version by trigger, as PostgreSQL does from its 0011 on (where
-- the counters move at commit, see there). SQLite's single writer holds the
-- database's lock for a whole batch anyway: its other triggers stay.
CREATE TRIGGER proposal_configs_version_insert AFTER INSERT ON proposal_configs BEGIN
    UPDATE committees SET proposals_version = proposals_version + 1 WHERE id = NEW.committee_id;
END;

CREATE TRIGGER proposal_configs_version_update AFTER UPDATE ON proposal_configs BEGIN
    UPDATE committees SET proposals_version = proposals_version + 1 WHERE id = NEW.committee_id;
END;
