package account_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"xieshang/internal/account"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

// A known session is answered from the cache while nothing about the
// committee's accounts has changed; any change — made through another
// Service (another process) or by plain SQL (the CLI, an operator) —
// is seen by the next request: logout, a role taken away, an account
// disabled, a session's stage, a user renamed. Refreshing the last-seen
// time does not empty the cache, and a cached answer still carries the
// committee's current page counters.
func TestSessionCacheFollowsEveryChange(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		other := account.NewService(sqldb.Accounts(db), account.Config{}) // another process
		u := f.user(f.cid, "zhang", pw, authz.Member, authz.Convener)
		f.user(f.cid, "lixia", pw, authz.Member)
		login := func(name string) string {
			t.Helper()
			res, err := f.svc.Login(ctx, name, pw, account.Meta{})
			if err != nil {
				t.Fatal(err)
			}
			return res.Token
		}
		exec := func(q string) {
			t.Helper()
			if _, err := db.W.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		auth := func(token string) (account.Session, account.User, error) {
			t.Helper()
			return f.svc.Authenticate(ctx, token)
		}
		hits := func() int64 { h, _ := f.svc.SessionCacheStats(); return h }
		tok := login("zhang")
		if _, _, err := auth(tok); err != nil {
			t.Fatal(err)
		}
		h0 := hits()
		sess, got, err := auth(tok)
		if err != nil || hits() != h0+1 || got.Name != "zhang" || !slices.Contains(got.Roles, authz.Convener) {
			t.Fatalf("second request: %v, hits %d→%d, %+v", err, h0, hits(), got)
		}
		got.Roles[0] = authz.Office // a caller's change stays its own
		if _, again, _ := auth(tok); again.Roles[0] == authz.Office {
			t.Fatal("a caller's change reached the cache")
		}
		// The page counters come fresh with a cached answer.
		exec("UPDATE committees SET proposals_version = proposals_version + 5 WHERE id = " + strconv.FormatInt(f.cid, 10))
		if s2, _, _ := auth(tok); s2.Versions.Proposals != sess.Versions.Proposals+5 {
			t.Errorf("proposals version %d, want %d", s2.Versions.Proposals, sess.Versions.Proposals+5)
		}
		uid := strconv.FormatInt(u.ID, 10)
		// A role taken away by plain SQL.
		exec("DELETE FROM user_roles WHERE user_id = " + uid + " AND role = 'convener'")
		if _, got, _ := auth(tok); slices.Contains(got.Roles, authz.Convener) {
			t.Errorf("roles after removal: %v", got.Roles)
		}
		// A rename by plain SQL.
		exec("UPDATE users SET name = '张宏伟' WHERE id = " + uid)
		if _, got, _ := auth(tok); got.Name != "张宏伟" {
			t.Errorf("name after rename: %q", got.Name)
		}
		// Another account's change moves the counter too: correct, if
		// wasteful; a last-seen refresh does not.
		f.advance(2 * time.Minute)
		auth(tok) // refreshes last_seen and caches again
		h1 := hits()
		auth(tok)
		if hits() != h1+1 {
			t.Errorf("a last-seen refresh emptied the cache: hits %d→%d", h1, hits())
		}
		// A stage change (as if the session went back to the second factor).
		exec("UPDATE sessions SET stage = 'totp' WHERE user_id = " + uid)
		if s, _, _ := auth(tok); s.Stage != account.StageTOTP {
			t.Errorf("stage after change: %q", s.Stage)
		}
		exec("UPDATE sessions SET stage = 'ok' WHERE user_id = " + uid)
		// Logout through another process.
		if err := other.Logout(ctx, tok, ""); err != nil {
			t.Fatal(err)
		}
		if _, _, err := auth(tok); !errs.Is(err, errs.Unauthenticated) {
			t.Errorf("after logout elsewhere: %v", err)
		}
		// An account disabled by plain SQL.
		tok = login("zhang")
		auth(tok)
		auth(tok)
		exec("UPDATE users SET disabled = TRUE WHERE id = " + uid)
		if _, _, err := auth(tok); !errs.Is(err, errs.Unauthenticated) {
			t.Errorf("after disabling: %v", err)
		}
		// Sessions deleted wholesale (the CLI ending every session).
		tok2 := login("lixia")
		auth(tok2)
		auth(tok2)
		exec("DELETE FROM sessions")
		if _, _, err := auth(tok2); !errs.Is(err, errs.Unauthenticated) {
			t.Errorf("after deleting every session: %v", err)
		}
	})
}
