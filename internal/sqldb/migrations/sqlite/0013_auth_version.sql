-- A committee's auth_version moves with every change to its accounts
-- (users), their roles (user_roles) and their sessions, except a session's
-- last-seen time, which moves on every minute of use. A session and its
-- user read while the counter stood at N are current as long as it still
-- does: the server then serves a request with one lookup of the counter
-- (account.Service.Authenticate) instead of reading the session, the user
-- and the roles again. The triggers run in the changing transaction, so no
-- write path (the CLI, another process) can leave a cached session valid.
ALTER TABLE committees ADD COLUMN auth_version INTEGER NOT NULL DEFAULT 1;

CREATE TRIGGER users_auth_update AFTER UPDATE ON users BEGIN
    UPDATE committees SET auth_version = auth_version + 1 WHERE id IN (OLD.committee_id, NEW.committee_id);
END;

CREATE TRIGGER users_auth_delete AFTER DELETE ON users BEGIN
    UPDATE committees SET auth_version = auth_version + 1 WHERE id = OLD.committee_id;
END;

CREATE TRIGGER user_roles_auth_insert AFTER INSERT ON user_roles BEGIN
    UPDATE committees SET auth_version = auth_version + 1 WHERE id = NEW.committee_id;
END;

CREATE TRIGGER user_roles_auth_update AFTER UPDATE ON user_roles BEGIN
    UPDATE committees SET auth_version = auth_version + 1 WHERE id IN (OLD.committee_id, NEW.committee_id);
END;

CREATE TRIGGER user_roles_auth_delete AFTER DELETE ON user_roles BEGIN
    UPDATE committees SET auth_version = auth_version + 1 WHERE id = OLD.committee_id;
END;

CREATE TRIGGER sessions_auth_update AFTER UPDATE ON sessions
    WHEN OLD.stage IS NOT NEW.stage OR OLD.user_id IS NOT NEW.user_id OR OLD.hash IS NOT NEW.hash
      OR OLD.created_at IS NOT NEW.created_at OR OLD.client_addr IS NOT NEW.client_addr OR OLD.user_agent IS NOT NEW.user_agent
BEGIN
    UPDATE committees SET auth_version = auth_version + 1
     WHERE id IN (SELECT committee_id FROM users WHERE id IN (OLD.user_id, NEW.user_id));
END;

CREATE TRIGGER sessions_auth_delete AFTER DELETE ON sessions BEGIN
    UPDATE committees SET auth_version = auth_version + 1 WHERE id = (SELECT committee_id FROM users WHERE id = OLD.user_id);
END;
