-- A committee's auth_version moves with every change to its accounts
-- (users), their roles (user_roles) and their sessions, except a session's
-- last-seen time, which moves on every minute of use. A session and its
-- user read while the counter stood at N are current as long as it still
-- does: the server then serves a request with one lookup of the counter
-- (account.Service.Authenticate) instead of reading the session, the user
-- and the roles again. Deferred constraint triggers, as in 0011: the
-- counter moves at commit, once per transaction, with the changes it
-- covers, and committee rows are still locked last.
ALTER TABLE committees ADD COLUMN auth_version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE committees ADD COLUMN auth_xact xid8;

CREATE FUNCTION bump_auth_version(committee BIGINT) RETURNS void LANGUAGE sql AS $$
    UPDATE committees SET auth_version = auth_version + 1, auth_xact = pg_current_xact_id()
     WHERE id = committee AND auth_xact IS DISTINCT FROM pg_current_xact_id();
$$;

CREATE FUNCTION bump_auth_by_committee() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM bump_auth_version(OLD.committee_id);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.committee_id IS DISTINCT FROM OLD.committee_id) THEN
        PERFORM bump_auth_version(NEW.committee_id);
    END IF;
    RETURN NULL;
END $$;

-- At commit a deleted account's sessions are gone with it; deleting the
-- account moved its committee's counter already.
CREATE FUNCTION bump_auth_by_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM bump_auth_version(u.committee_id) FROM users u WHERE u.id = OLD.user_id;
    IF TG_OP = 'UPDATE' AND NEW.user_id IS DISTINCT FROM OLD.user_id THEN
        PERFORM bump_auth_version(u.committee_id) FROM users u WHERE u.id = NEW.user_id;
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER users_auth AFTER UPDATE OR DELETE ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_auth_by_committee();
CREATE CONSTRAINT TRIGGER user_roles_auth AFTER INSERT OR UPDATE OR DELETE ON user_roles
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_auth_by_committee();
CREATE CONSTRAINT TRIGGER sessions_auth_update AFTER UPDATE ON sessions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.stage IS DISTINCT FROM NEW.stage OR OLD.user_id IS DISTINCT FROM NEW.user_id OR OLD.hash IS DISTINCT FROM NEW.hash
       OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.client_addr IS DISTINCT FROM NEW.client_addr
       OR OLD.user_agent IS DISTINCT FROM NEW.user_agent)
    EXECUTE FUNCTION bump_auth_by_session();
CREATE CONSTRAINT TRIGGER sessions_auth_delete AFTER DELETE ON sessions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_auth_by_session();
