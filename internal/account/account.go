// Package account holds users, their sessions and access tokens, and the
// rules of logging in: password policy, lockout, idle timeout and two-factor
// authentication. It is plain Go; storage is reached through Store.
package account

import (
	"context"
	"time"

	"xieshang/internal/audit"
	"xieshang/internal/authz"
)

// CST is China Standard Time, in which users read every time (no DST).
var CST = time.FixedZone("CST", 8*3600)

// Lockout rules (等保 2.0: lock after 5 failures for 15–30 minutes).
const (
	MaxFailedAttempts = 5
	LockDuration      = 15 * time.Minute
)

// User is an account. Mobile may be empty.
type User struct {
	ID                 int64
	CommitteeID        int64
	Username           string
	Name               string
	Mobile             string
	PasswordHash       string
	MustChangePassword bool
	FailedAttempts     int
	LockedUntil        time.Time // zero when not locked
	TOTPSecret         string    // enabled secret, "" when not enrolled
	TOTPPending        string    // secret shown during enrolment, not yet confirmed
	TOTPLastStep       int64
	Disabled           bool
	Roles              []authz.Role
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// Locked reports whether the account is locked at now.
func (u User) Locked(now time.Time) bool { return !u.LockedUntil.IsZero() && now.Before(u.LockedUntil) }

// NeedsTOTP reports whether the user must pass a second factor: always when
// enrolled, and when any role held requires it.
func (u User) NeedsTOTP() bool {
	if u.TOTPSecret != "" {
		return true
	}
	for _, r := range u.Roles {
		if r.NeedsTOTP() {
			return true
		}
	}
	return false
}

// Actor returns the user as an authz actor.
func (u User) Actor(addr string) authz.Actor {
	return authz.Actor{UserID: u.ID, Name: u.Name, CommitteeID: u.CommitteeID, Roles: u.Roles, Addr: addr}
}

// auditFields is what user.update entries compare.
func (u User) auditFields() map[string]any {
	return map[string]any{"username": u.Username, "name": u.Name, "mobile": u.Mobile, "disabled": u.Disabled}
}

// Stage says how far a session has got through login.
type Stage string

const (
	StageTOTP   Stage = "totp"   // password ok, waiting for the second factor
	StageEnroll Stage = "enroll" // password ok, the second factor must be set up first
	StageOK     Stage = "ok"     // fully logged in
)

// Session is a server-side login session. Only the token's hash is stored.
type Session struct {
	Hash       string
	UserID     int64
	Stage      Stage
	CreatedAt  time.Time
	LastSeen   time.Time
	ClientAddr string
	UserAgent  string
	// Versions are the counters of the user's committee that cached pages
	// are keyed by, read in the same statement as the session (storage
	// that cannot leaves them 0: pages then read them themselves).
	Versions CommitteeVersions
}

// CommitteeVersions are counters that every change to a committee's
// directory, or to its proposals, moves in the changing transaction.
type CommitteeVersions struct {
	Directory, Proposals int64
	// Auth moves with every change to the committee's accounts, their
	// roles and their sessions (a session's last-seen time aside): a
	// session and user read at Auth are still current while it stands.
	Auth int64
}

// Token is a personal access token for the API.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	Prefix     string // first characters, shown in lists so users can tell tokens apart
	Hash       string
	Scopes     []Scope
	CreatedAt  time.Time
	ExpiresAt  time.Time
	RevokedAt  time.Time // zero when not revoked
	LastUsedAt time.Time
}

// Scope limits what a token may do.
type Scope string

const (
	ScopeRead  Scope = "read"
	ScopeWrite Scope = "write"
)

// HasScope reports whether t grants s.
func (t Token) HasScope(s Scope) bool {
	for _, x := range t.Scopes {
		if x == s {
			return true
		}
	}
	return false
}

// Active reports whether t can be used at now.
func (t Token) Active(now time.Time) bool {
	return t.RevokedAt.IsZero() && now.Before(t.ExpiresAt)
}

// Store is the storage the account service needs.
type Store interface {
	// InTx runs fn in a write transaction; fn's error rolls it back.
	InTx(ctx context.Context, fn func(Tx) error) error
	// View runs fn in a read-only transaction.
	View(ctx context.Context, fn func(Tx) error) error
	// Peek runs fn without a transaction, for single-statement lookups.
	Peek(ctx context.Context, fn func(Tx) error) error
}

// Tx is one transaction's view of the account tables. Lookups return a
// NotFound error, never a zero value with a nil error.
type Tx interface {
	Now() time.Time
	UserByLogin(ctx context.Context, login string) (User, error)
	UserByID(ctx context.Context, id int64) (User, error)
	InsertUser(ctx context.Context, u *User) error
	UpdateUser(ctx context.Context, u User) error
	SetUserRoles(ctx context.Context, userID, committeeID int64, roles []authz.Role) error
	ListUsers(ctx context.Context, committeeID int64, q string, afterID int64, limit int) ([]User, error)
	CommitteeExists(ctx context.Context, id int64) error

	InsertSession(ctx context.Context, s Session) error
	SessionByHash(ctx context.Context, hash string) (Session, error)
	// SessionUser returns a session with its user (roles included) and
	// the counters of the user's committee.
	SessionUser(ctx context.Context, hash string) (Session, User, error)
	// CommitteeVersions returns the counters of committee id.
	CommitteeVersions(ctx context.Context, id int64) (CommitteeVersions, error)
	UpdateSession(ctx context.Context, s Session) error
	DeleteSession(ctx context.Context, hash string) error
	DeleteUserSessions(ctx context.Context, userID int64, exceptHash string) error

	InsertToken(ctx context.Context, t *Token) error
	TokenByHash(ctx context.Context, hash string) (Token, error)
	TokensOfUser(ctx context.Context, userID int64) ([]Token, error)
	UpdateToken(ctx context.Context, t Token) error

	Audit(ctx context.Context, e audit.Entry) error
}
