-- Write transactions commit in batches and several batches run at once
-- (group.go). A batch locks the audit chain's head just before its commit
-- (flushAudit). The statement triggers of 0004 and 0010 updated the
-- committee's row at a batch's first change and held its lock for the
-- whole batch: every other batch of the committee waited for it, and a
-- batch holding the head could wait for one holding the row while that
-- one waited for the head. Deferred constraint triggers bump the counters
-- at commit instead — still in the changing transaction, still once per
-- transaction — so committee rows are locked last, after the head, in
-- every batch.
DROP TRIGGER proposals_list_insert ON proposals;
DROP TRIGGER proposals_list_update ON proposals;
DROP TRIGGER proposals_list_delete ON proposals;
DROP FUNCTION bump_proposals_version();

CREATE FUNCTION bump_proposals_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE committees SET proposals_version = proposals_version + 1, proposals_xact = pg_current_xact_id()
     WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.committee_id ELSE NEW.committee_id END
       AND proposals_xact IS DISTINCT FROM pg_current_xact_id();
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER proposals_version AFTER INSERT OR UPDATE OR DELETE ON proposals
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_proposals_version();
-- New proposal rules change what cached pages offer (was an UPDATE in
-- SetProposalConfig).
CREATE CONSTRAINT TRIGGER proposal_configs_version AFTER INSERT OR UPDATE ON proposal_configs
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_proposals_version();

DROP TRIGGER members_dir_insert ON members;
DROP TRIGGER members_dir_update ON members;
DROP TRIGGER members_dir_delete ON members;
DROP TRIGGER terms_dir_insert ON terms;
DROP TRIGGER terms_dir_update ON terms;
DROP TRIGGER terms_dir_delete ON terms;
DROP TRIGGER sectors_dir_insert ON sectors;
DROP TRIGGER sectors_dir_update ON sectors;
DROP TRIGGER sectors_dir_delete ON sectors;
DROP TRIGGER parties_dir_insert ON parties;
DROP TRIGGER parties_dir_update ON parties;
DROP TRIGGER parties_dir_delete ON parties;
DROP TRIGGER special_committees_dir_insert ON special_committees;
DROP TRIGGER special_committees_dir_update ON special_committees;
DROP TRIGGER special_committees_dir_delete ON special_committees;
DROP TRIGGER member_special_committees_dir_insert ON member_special_committees;
DROP TRIGGER member_special_committees_dir_update ON member_special_committees;
DROP TRIGGER member_special_committees_dir_delete ON member_special_committees;
DROP TRIGGER memberships_dir_insert ON memberships;
DROP TRIGGER memberships_dir_update ON memberships;
DROP TRIGGER memberships_dir_delete ON memberships;
DROP TRIGGER sector_conveners_dir_insert ON sector_conveners;
DROP TRIGGER sector_conveners_dir_update ON sector_conveners;
DROP TRIGGER sector_conveners_dir_delete ON sector_conveners;
DROP FUNCTION bump_directory_by_committee();
DROP FUNCTION bump_directory_by_member();

CREATE FUNCTION bump_directory_by_committee() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE committees SET directory_version = directory_version + 1, directory_xact = pg_current_xact_id()
     WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.committee_id ELSE NEW.committee_id END
       AND directory_xact IS DISTINCT FROM pg_current_xact_id();
    RETURN NULL;
END $$;

-- At commit a deleted member's rows are gone; deleting the member bumped
-- its committee's counter already.
CREATE FUNCTION bump_directory_by_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE committees SET directory_version = directory_version + 1, directory_xact = pg_current_xact_id()
     WHERE id = (SELECT committee_id FROM members
                  WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.member_id ELSE NEW.member_id END)
       AND directory_xact IS DISTINCT FROM pg_current_xact_id();
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER members_dir AFTER INSERT OR UPDATE OR DELETE ON members
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_directory_by_committee();
CREATE CONSTRAINT TRIGGER terms_dir AFTER INSERT OR UPDATE OR DELETE ON terms
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_directory_by_committee();
CREATE CONSTRAINT TRIGGER sectors_dir AFTER INSERT OR UPDATE OR DELETE ON sectors
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_directory_by_committee();
CREATE CONSTRAINT TRIGGER parties_dir AFTER INSERT OR UPDATE OR DELETE ON parties
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_directory_by_committee();
CREATE CONSTRAINT TRIGGER special_committees_dir AFTER INSERT OR UPDATE OR DELETE ON special_committees
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_directory_by_committee();
CREATE CONSTRAINT TRIGGER member_special_committees_dir AFTER INSERT OR UPDATE OR DELETE ON member_special_committees
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_directory_by_member();
CREATE CONSTRAINT TRIGGER memberships_dir AFTER INSERT OR UPDATE OR DELETE ON memberships
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_directory_by_member();
CREATE CONSTRAINT TRIGGER sector_conveners_dir AFTER INSERT OR UPDATE OR DELETE ON sector_conveners
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_directory_by_member();
