-- The directory's cached pages are keyed by this counter: every change to a
-- committee's members or to what its pages show beside them (terms,
-- sectors, parties, special committees, memberships, conveners) bumps it in
-- the same transaction, through these triggers, so no write path can forget.
ALTER TABLE committees ADD COLUMN directory_version BIGINT NOT NULL DEFAULT 1;
-- The transaction that last bumped the counter: it is bumped once per
-- transaction, since updating one row 10,000 times in one transaction (an
-- import) leaves a chain of versions each later update walks.
ALTER TABLE committees ADD COLUMN directory_xact xid8;

-- Statement-level triggers with transition tables.
CREATE FUNCTION bump_directory_by_committee() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE committees SET directory_version = directory_version + 1, directory_xact = pg_current_xact_id()
     WHERE directory_xact IS DISTINCT FROM pg_current_xact_id() AND id IN (SELECT committee_id FROM changed);
    RETURN NULL;
END $$;

CREATE FUNCTION bump_directory_by_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE committees SET directory_version = directory_version + 1, directory_xact = pg_current_xact_id()
     WHERE directory_xact IS DISTINCT FROM pg_current_xact_id() AND id IN (SELECT m.committee_id FROM members m JOIN changed c ON c.member_id = m.id);
    RETURN NULL;
END $$;

CREATE TRIGGER members_dir_insert AFTER INSERT ON members REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_committee();
CREATE TRIGGER members_dir_update AFTER UPDATE ON members REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_committee();
CREATE TRIGGER members_dir_delete AFTER DELETE ON members REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_committee();
CREATE TRIGGER terms_dir_insert AFTER INSERT ON terms REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_committee();
CREATE TRIGGER terms_dir_update AFTER UPDATE ON terms REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_committee();
CREATE TRIGGER terms_dir_delete AFTER DELETE ON terms REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_committee();
CREATE TRIGGER sectors_dir_insert AFTER INSERT ON sectors REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_committee();
CREATE TRIGGER sectors_dir_update AFTER UPDATE ON sectors REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_committee();
CREATE TRIGGER sectors_dir_delete AFTER DELETE ON sectors REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_committee();
CREATE TRIGGER parties_dir_insert AFTER INSERT ON parties REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_committee();
CREATE TRIGGER parties_dir_update AFTER UPDATE ON parties REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_committee();
CREATE TRIGGER parties_dir_delete AFTER DELETE ON parties REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_committee();
CREATE TRIGGER special_committees_dir_insert AFTER INSERT ON special_committees REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_committee();
CREATE TRIGGER special_committees_dir_update AFTER UPDATE ON special_committees REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_committee();
CREATE TRIGGER special_committees_dir_delete AFTER DELETE ON special_committees REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_committee();
CREATE TRIGGER member_special_committees_dir_insert AFTER INSERT ON member_special_committees REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_member();
CREATE TRIGGER member_special_committees_dir_update AFTER UPDATE ON member_special_committees REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_member();
CREATE TRIGGER member_special_committees_dir_delete AFTER DELETE ON member_special_committees REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_member();
CREATE TRIGGER memberships_dir_insert AFTER INSERT ON memberships REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_member();
CREATE TRIGGER memberships_dir_update AFTER UPDATE ON memberships REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_member();
CREATE TRIGGER memberships_dir_delete AFTER DELETE ON memberships REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_member();
CREATE TRIGGER sector_conveners_dir_insert AFTER INSERT ON sector_conveners REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_member();
CREATE TRIGGER sector_conveners_dir_update AFTER UPDATE ON sector_conveners REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_member();
CREATE TRIGGER sector_conveners_dir_delete AFTER DELETE ON sector_conveners REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_by_member();
