package sqldb

import (
	"context"
	"database/sql"
	"strings"

	"xieshang/internal/account"
	"xieshang/internal/authz"
	"xieshang/internal/crypt"
	"xieshang/internal/errs"
)

// Accounts returns the account.Store over db.
func Accounts(db *DB) account.Store { return Store[account.Tx]{db} }

const userCols = `id, committee_id, username, name, COALESCE(mobile, ''), password_hash, must_change_password,
	failed_attempts, locked_until, totp_secret, totp_pending, totp_last_step, disabled, created_at, updated_at`

// userColsU is userCols qualified by the alias u, for joins.
const userColsU = `u.id, u.committee_id, u.username, u.name, COALESCE(u.mobile, ''), u.password_hash,
	u.must_change_password, u.failed_attempts, u.locked_until, u.totp_secret, u.totp_pending, u.totp_last_step,
	u.disabled, u.created_at, u.updated_at`

func scanUser(row interface{ Scan(...any) error }) (account.User, error) {
	var u account.User
	err := row.Scan(userDest(&u)...)
	return u, mapErr(err)
}

// userDest returns the scan destinations of userCols for u.
func userDest(u *account.User) []any {
	return []any{&u.ID, &u.CommitteeID, &u.Username, &u.Name, &u.Mobile, &u.PasswordHash, &u.MustChangePassword,
		&u.FailedAttempts, nullTime{&u.LockedUntil}, &u.TOTPSecret, &u.TOTPPending, &u.TOTPLastStep, &u.Disabled,
		nullTime{&u.CreatedAt}, nullTime{&u.UpdatedAt}}
}

// rolesAgg is the expression aggregating a user's roles, in order, into
// one comma-separated string.
func (tx *Tx) rolesAgg() string {
	fn := "group_concat(role, ',' ORDER BY position)"
	if tx.dialect == Postgres {
		fn = "string_agg(role, ',' ORDER BY position)"
	}
	return "COALESCE((SELECT " + fn + " FROM user_roles WHERE user_id = u.id AND committee_id = u.committee_id), '')"
}

func splitRoles(s string) []authz.Role {
	var out []authz.Role
	for _, r := range strings.Split(s, ",") {
		if r != "" {
			out = append(out, authz.Role(r))
		}
	}
	return out
}

// SessionUser returns the session whose token hashes to hash with its user
// and the user's roles, in one statement.
func (tx *Tx) SessionUser(ctx context.Context, hash string) (account.Session, account.User, error) {
	var s account.Session
	var u account.User
	var stage, roles string
	dest := append([]any{&s.Hash, &s.UserID, &stage, nullTime{&s.CreatedAt}, nullTime{&s.LastSeen}, &s.ClientAddr, &s.UserAgent},
		userDest(&u)...)
	dest = append(dest, &roles, &s.Versions.Directory, &s.Versions.Proposals, &s.Versions.Auth)
	// The committee's cache counters come along: a cached page then costs
	// one statement, this one.
	err := tx.queryRow(ctx, "SELECT s.hash, s.user_id, s.stage, s.created_at, s.last_seen, s.client_addr, s.user_agent, "+
		userColsU+", "+tx.rolesAgg()+", COALESCE(c.directory_version, 0), COALESCE(c.proposals_version, 0), COALESCE(c.auth_version, 0)"+
		" FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN committees c ON c.id = u.committee_id WHERE s.hash = ?", hash).Scan(dest...)
	if err != nil {
		return s, u, mapErr(err)
	}
	s.Stage, u.Roles = account.Stage(stage), splitRoles(roles)
	return s, u, tx.openSecrets(&u)
}

// CommitteeVersions returns the counters of committee id (see
// account.CommitteeVersions): one lookup by key.
func (tx *Tx) CommitteeVersions(ctx context.Context, id int64) (account.CommitteeVersions, error) {
	var v account.CommitteeVersions
	err := tx.queryRow(ctx, "SELECT directory_version, proposals_version, auth_version FROM committees WHERE id = ?", id).
		Scan(&v.Directory, &v.Proposals, &v.Auth)
	return v, mapErr(err)
}

// sealSecret seals a TOTP secret for storage when a cipher is configured;
// without one (tests of accounts alone) it is stored as it is.
func (tx *Tx) sealSecret(v string) string {
	if v == "" || tx.db == nil || tx.db.Cipher == nil {
		return v
	}
	return tx.db.Cipher.Seal(v, "user.totp")
}

// openSecrets opens the sealed TOTP secrets of u.
func (tx *Tx) openSecrets(u *account.User) error {
	for _, p := range []*string{&u.TOTPSecret, &u.TOTPPending} {
		if !crypt.IsSealed(*p) {
			continue
		}
		if tx.db == nil || tx.db.Cipher == nil {
			return errs.E(errs.Internal, "未配置加密密钥")
		}
		v, err := tx.db.Cipher.Open(*p, "user.totp")
		if err != nil {
			return errs.Wrap(errs.Internal, err, "敏感字段解密失败")
		}
		*p = v
	}
	return nil
}

func (tx *Tx) userWhere(ctx context.Context, where string, args ...any) (account.User, error) {
	u, err := scanUser(tx.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE "+where+tx.forUpdate(), args...))
	if err == nil {
		err = tx.openSecrets(&u)
	}
	if errs.Is(err, errs.NotFound) {
		return u, errs.Wrap(errs.NotFound, err, "账号不存在")
	}
	if err != nil {
		return u, err
	}
	u.Roles, err = tx.rolesOf(ctx, u.ID, u.CommitteeID)
	return u, err
}

func (tx *Tx) rolesOf(ctx context.Context, userID, committeeID int64) ([]authz.Role, error) {
	rows, err := tx.query(ctx, "SELECT role FROM user_roles WHERE user_id = ? AND committee_id = ? ORDER BY position", userID, committeeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []authz.Role
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		out = append(out, authz.Role(r))
	}
	return out, mapErr(rows.Err())
}

// UserByLogin returns the user whose username or mobile is login, locked
// for update inside write transactions on PostgreSQL.
func (tx *Tx) UserByLogin(ctx context.Context, login string) (account.User, error) {
	return tx.userWhere(ctx, "username = ? OR mobile = ?", login, login)
}

// UserByID returns user id.
func (tx *Tx) UserByID(ctx context.Context, id int64) (account.User, error) {
	return tx.userWhere(ctx, "id = ?", id)
}

// InsertUser inserts u and sets its ID. A taken username or mobile is a
// Conflict.
func (tx *Tx) InsertUser(ctx context.Context, u *account.User) error {
	id, err := tx.insert(ctx, `INSERT INTO users (committee_id, username, name, mobile, password_hash, must_change_password,
		failed_attempts, locked_until, totp_secret, totp_pending, totp_last_step, disabled, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.CommitteeID, u.Username, u.Name, nullStr(u.Mobile), u.PasswordHash, u.MustChangePassword, u.FailedAttempts,
		tx.ts(u.LockedUntil), tx.sealSecret(u.TOTPSecret), tx.sealSecret(u.TOTPPending), u.TOTPLastStep, u.Disabled, tx.ts(u.CreatedAt), tx.ts(u.UpdatedAt))
	u.ID = id
	return err
}

// UpdateUser writes every mutable column of u.
func (tx *Tx) UpdateUser(ctx context.Context, u account.User) error {
	res, err := tx.exec(ctx, `UPDATE users SET name = ?, mobile = ?, password_hash = ?, must_change_password = ?,
		failed_attempts = ?, locked_until = ?, totp_secret = ?, totp_pending = ?, totp_last_step = ?, disabled = ?,
		updated_at = ? WHERE id = ?`,
		u.Name, nullStr(u.Mobile), u.PasswordHash, u.MustChangePassword, u.FailedAttempts, tx.ts(u.LockedUntil),
		tx.sealSecret(u.TOTPSecret), tx.sealSecret(u.TOTPPending), u.TOTPLastStep, u.Disabled, tx.ts(tx.now), u.ID)
	return oneRow(res, err, "账号不存在")
}

func oneRow(res sql.Result, err error, notFound string) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return errs.E(errs.NotFound, "%s", notFound)
	}
	return nil
}

// SetUserRoles replaces the user's roles in committeeID, keeping order.
func (tx *Tx) SetUserRoles(ctx context.Context, userID, committeeID int64, roles []authz.Role) error {
	if _, err := tx.exec(ctx, "DELETE FROM user_roles WHERE user_id = ? AND committee_id = ?", userID, committeeID); err != nil {
		return err
	}
	for i, r := range roles {
		if _, err := tx.exec(ctx, "INSERT INTO user_roles (user_id, committee_id, role, position) VALUES (?, ?, ?, ?)",
			userID, committeeID, string(r), i); err != nil {
			return err
		}
	}
	return nil
}

// ListUsers returns up to limit users of committeeID with id > afterID whose
// name, username or mobile contains q.
func (tx *Tx) ListUsers(ctx context.Context, committeeID int64, q string, afterID int64, limit int) ([]account.User, error) {
	where := "committee_id = ? AND id > ?"
	args := []any{committeeID, afterID}
	if q != "" {
		like := "%" + escapeLike(q) + "%"
		where += ` AND (name LIKE ? ESCAPE '\' OR username LIKE ? ESCAPE '\' OR mobile LIKE ? ESCAPE '\')`
		args = append(args, like, like, like)
	}
	args = append(args, limit)
	rows, err := tx.query(ctx, "SELECT "+userCols+" FROM users WHERE "+where+" ORDER BY id LIMIT ?", args...)
	if err != nil {
		return nil, err
	}
	var out []account.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err == nil {
			err = tx.openSecrets(&u)
		}
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapErr(err)
	}
	for i := range out {
		if out[i].Roles, err = tx.rolesOf(ctx, out[i].ID, out[i].CommitteeID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

const sessionCols = "hash, user_id, stage, created_at, last_seen, client_addr, user_agent"

// InsertSession stores a new session.
func (tx *Tx) InsertSession(ctx context.Context, s account.Session) error {
	_, err := tx.exec(ctx, "INSERT INTO sessions ("+sessionCols+") VALUES (?, ?, ?, ?, ?, ?, ?)",
		s.Hash, s.UserID, string(s.Stage), tx.ts(s.CreatedAt), tx.ts(s.LastSeen), s.ClientAddr, s.UserAgent)
	return err
}

// SessionByHash returns the session whose token hashes to hash.
func (tx *Tx) SessionByHash(ctx context.Context, hash string) (account.Session, error) {
	var s account.Session
	var stage string
	err := tx.queryRow(ctx, "SELECT "+sessionCols+" FROM sessions WHERE hash = ?", hash).Scan(
		&s.Hash, &s.UserID, &stage, nullTime{&s.CreatedAt}, nullTime{&s.LastSeen}, &s.ClientAddr, &s.UserAgent)
	s.Stage = account.Stage(stage)
	return s, mapErr(err)
}

// UpdateSession writes the stage and last-seen time of s.
func (tx *Tx) UpdateSession(ctx context.Context, s account.Session) error {
	res, err := tx.exec(ctx, "UPDATE sessions SET stage = ?, last_seen = ? WHERE hash = ?", string(s.Stage), tx.ts(s.LastSeen), s.Hash)
	return oneRow(res, err, "会话不存在")
}

// DeleteSession removes one session.
func (tx *Tx) DeleteSession(ctx context.Context, hash string) error {
	_, err := tx.exec(ctx, "DELETE FROM sessions WHERE hash = ?", hash)
	return err
}

// DeleteUserSessions removes every session of userID but exceptHash.
func (tx *Tx) DeleteUserSessions(ctx context.Context, userID int64, exceptHash string) error {
	_, err := tx.exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND hash <> ?", userID, exceptHash)
	return err
}

const tokenCols = "id, user_id, name, prefix, hash, scopes, created_at, expires_at, revoked_at, last_used_at"

func scanToken(row interface{ Scan(...any) error }) (account.Token, error) {
	var t account.Token
	var scopes string
	err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.Hash, &scopes, nullTime{&t.CreatedAt},
		nullTime{&t.ExpiresAt}, nullTime{&t.RevokedAt}, nullTime{&t.LastUsedAt})
	for _, s := range strings.Split(scopes, ",") {
		if s != "" {
			t.Scopes = append(t.Scopes, account.Scope(s))
		}
	}
	return t, mapErr(err)
}

func joinScopes(sc []account.Scope) string {
	s := make([]string, len(sc))
	for i, x := range sc {
		s[i] = string(x)
	}
	return strings.Join(s, ",")
}

// InsertToken stores t and sets its ID.
func (tx *Tx) InsertToken(ctx context.Context, t *account.Token) error {
	id, err := tx.insert(ctx, `INSERT INTO api_tokens (user_id, name, prefix, hash, scopes, created_at, expires_at,
		revoked_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.UserID, t.Name, t.Prefix, t.Hash, joinScopes(t.Scopes), tx.ts(t.CreatedAt), tx.ts(t.ExpiresAt),
		tx.ts(t.RevokedAt), tx.ts(t.LastUsedAt))
	t.ID = id
	return err
}

// TokenByHash returns the token with the given hash.
func (tx *Tx) TokenByHash(ctx context.Context, hash string) (account.Token, error) {
	return scanToken(tx.queryRow(ctx, "SELECT "+tokenCols+" FROM api_tokens WHERE hash = ?", hash))
}

// TokensOfUser lists a user's tokens, newest first.
func (tx *Tx) TokensOfUser(ctx context.Context, userID int64) ([]account.Token, error) {
	rows, err := tx.query(ctx, "SELECT "+tokenCols+" FROM api_tokens WHERE user_id = ? ORDER BY id DESC", userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []account.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, mapErr(rows.Err())
}

// UpdateToken writes the revocation and last-use times of t.
func (tx *Tx) UpdateToken(ctx context.Context, t account.Token) error {
	res, err := tx.exec(ctx, "UPDATE api_tokens SET revoked_at = ?, last_used_at = ? WHERE id = ?",
		tx.ts(t.RevokedAt), tx.ts(t.LastUsedAt), t.ID)
	return oneRow(res, err, "令牌不存在")
}
