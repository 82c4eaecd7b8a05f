-- Who holds a role in a committee (the proposal office, to notify it of
-- every submission) was found by scanning all accounts.
CREATE INDEX user_roles_by_role ON user_roles (committee_id, role, user_id);
