-- The directory's cached pages are keyed by this counter: every change to a
-- committee's members or to what its pages show beside them (terms,
-- sectors, parties, special committees, memberships, conveners) bumps it in
-- the same transaction, through these triggers, so no write path can forget.
ALTER TABLE committees ADD COLUMN directory_version INTEGER NOT NULL DEFAULT 1;

CREATE TRIGGER members_dir_insert AFTER INSERT ON members BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = NEW.committee_id;
END;

CREATE TRIGGER members_dir_update AFTER UPDATE ON members BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = NEW.committee_id;
END;

CREATE TRIGGER members_dir_delete AFTER DELETE ON members BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = OLD.committee_id;
END;

CREATE TRIGGER terms_dir_insert AFTER INSERT ON terms BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = NEW.committee_id;
END;

CREATE TRIGGER terms_dir_update AFTER UPDATE ON terms BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = NEW.committee_id;
END;

CREATE TRIGGER terms_dir_delete AFTER DELETE ON terms BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = OLD.committee_id;
END;

CREATE TRIGGER sectors_dir_insert AFTER INSERT ON sectors BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = NEW.committee_id;
END;

CREATE TRIGGER sectors_dir_update AFTER UPDATE ON sectors BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = NEW.committee_id;
END;

CREATE TRIGGER sectors_dir_delete AFTER DELETE ON sectors BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = OLD.committee_id;
END;

CREATE TRIGGER parties_dir_insert AFTER INSERT ON parties BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = NEW.committee_id;
END;

CREATE TRIGGER parties_dir_update AFTER UPDATE ON parties BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = NEW.committee_id;
END;

CREATE TRIGGER parties_dir_delete AFTER DELETE ON parties BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = OLD.committee_id;
END;

CREATE TRIGGER special_committees_dir_insert AFTER INSERT ON special_committees BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = NEW.committee_id;
END;

CREATE TRIGGER special_committees_dir_update AFTER UPDATE ON special_committees BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = NEW.committee_id;
END;

CREATE TRIGGER special_committees_dir_delete AFTER DELETE ON special_committees BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = OLD.committee_id;
END;

CREATE TRIGGER member_special_committees_dir_insert AFTER INSERT ON member_special_committees BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = (SELECT committee_id FROM members WHERE id = NEW.member_id);
END;

CREATE TRIGGER member_special_committees_dir_update AFTER UPDATE ON member_special_committees BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = (SELECT committee_id FROM members WHERE id = NEW.member_id);
END;

CREATE TRIGGER member_special_committees_dir_delete AFTER DELETE ON member_special_committees BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = (SELECT committee_id FROM members WHERE id = OLD.member_id);
END;

CREATE TRIGGER memberships_dir_insert AFTER INSERT ON memberships BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = (SELECT committee_id FROM members WHERE id = NEW.member_id);
END;

CREATE TRIGGER memberships_dir_update AFTER UPDATE ON memberships BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = (SELECT committee_id FROM members WHERE id = NEW.member_id);
END;

CREATE TRIGGER memberships_dir_delete AFTER DELETE ON memberships BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = (SELECT committee_id FROM members WHERE id = OLD.member_id);
END;

CREATE TRIGGER sector_conveners_dir_insert AFTER INSERT ON sector_conveners BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = (SELECT committee_id FROM members WHERE id = NEW.member_id);
END;

CREATE TRIGGER sector_conveners_dir_update AFTER UPDATE ON sector_conveners BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = (SELECT committee_id FROM members WHERE id = NEW.member_id);
END;

CREATE TRIGGER sector_conveners_dir_delete AFTER DELETE ON sector_conveners BEGIN
    UPDATE committees SET directory_version = directory_version + 1 WHERE id = (SELECT committee_id FROM members WHERE id = OLD.member_id);
END;
