package account_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"xieshang/internal/account"
	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

func TestMain(m *testing.M) { sqldbtest.Main(m) }

var ctx = context.Background()

// fixture is a committee with a settable clock and helpers to make users.
type fixture struct {
	t   *testing.T
	db  *sqldb.DB
	svc *account.Service
	cid int64
	now time.Time
	mu  sync.Mutex
}

func newFixture(t *testing.T, db *sqldb.DB) *fixture {
	f := &fixture{t: t, db: db, now: time.Date(2026, 11, 30, 1, 0, 0, 0, time.UTC)}
	db.Clock = func() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }
	f.svc = account.NewService(sqldb.Accounts(db), account.Config{})
	f.cid = sqldbtest.Committee(t, db, "示范市政协")
	return f
}

func (f *fixture) advance(d time.Duration) { f.mu.Lock(); f.now = f.now.Add(d); f.mu.Unlock() }

// user creates an account with roles in committee cid and sets its password
// to pw (no forced change).
func (f *fixture) user(cid int64, username, pw string, roles ...authz.Role) account.User {
	f.t.Helper()
	u, _, err := f.svc.CreateUser(ctx, authz.SystemActor(cid), account.NewUser{CommitteeID: cid, Username: username, Name: username, Roles: roles})
	if err != nil {
		f.t.Fatalf("create %s: %v", username, err)
	}
	err = f.db.InTx(ctx, func(tx *sqldb.Tx) error {
		u, err := tx.UserByID(ctx, u.ID)
		if err != nil {
			return err
		}
		u.PasswordHash, u.MustChangePassword = account.HashPassword(pw), false
		return tx.UpdateUser(ctx, u)
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return u
}

func (f *fixture) actions() []string {
	var out []string
	f.db.View(ctx, func(tx *sqldb.Tx) error {
		es, err := tx.AuditEntries(ctx, audit.Filter{Limit: 200})
		if err != nil {
			f.t.Fatal(err)
		}
		for i := len(es) - 1; i >= 0; i-- {
			out = append(out, es[i].Action)
		}
		return nil
	})
	return out
}

const pw = "Secret-Pass-1"

func TestLoginAndLockout(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		f.user(f.cid, "zhangsan", pw, authz.Member)
		m := account.Meta{ClientAddr: "10.0.0.1"}

		res, err := f.svc.Login(ctx, "zhangsan", pw, m)
		if err != nil || res.Stage != account.StageOK || res.Token == "" {
			t.Fatalf("login: %+v %v", res, err)
		}
		if _, err := f.svc.Login(ctx, "nobody", pw, m); !errs.Is(err, errs.Unauthenticated) || errs.Message(err) != "用户名或密码错误" {
			t.Errorf("unknown user: %v", err)
		}
		for i := 1; i <= 4; i++ {
			_, err := f.svc.Login(ctx, "zhangsan", "wrong", m)
			if !errs.Is(err, errs.Unauthenticated) || !strings.Contains(errs.Message(err), "再错") {
				t.Fatalf("failure %d: %v", i, err)
			}
		}
		_, err = f.svc.Login(ctx, "zhangsan", "wrong", m)
		if !errs.Is(err, errs.Locked) || !strings.Contains(errs.Message(err), "2026-11-30 09:15") {
			t.Fatalf("fifth failure: %v", err)
		}
		// Even the right password is refused while locked.
		if _, err := f.svc.Login(ctx, "zhangsan", pw, m); !errs.Is(err, errs.Locked) {
			t.Fatalf("login while locked: %v", err)
		}
		// The existing session ends with the lock.
		if _, _, err := f.svc.Authenticate(ctx, res.Token); !errs.Is(err, errs.Unauthenticated) {
			t.Errorf("session of locked user still valid: %v", err)
		}
		f.advance(account.LockDuration + time.Second)
		if _, err := f.svc.Login(ctx, "zhangsan", pw, m); err != nil {
			t.Fatalf("login after lock expired: %v", err)
		}
		got := strings.Join(f.actions(), " ")
		want := "user.create login.ok login.failed login.failed login.failed login.failed login.failed login.locked login.failed login.ok"
		if got != want {
			t.Errorf("audit:\n got %s\nwant %s", got, want)
		}
	})
}

func TestUnlockBySecurityAdmin(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		u := f.user(f.cid, "zhangsan", pw, authz.Member)
		sec := f.user(f.cid, "secadmin", pw, authz.SecAdmin)
		sys := f.user(f.cid, "sysadmin", pw, authz.SysAdmin)
		for range account.MaxFailedAttempts {
			f.svc.Login(ctx, "zhangsan", "wrong", account.Meta{})
		}
		if err := f.svc.Unlock(ctx, sys.Actor(""), u.ID); !errs.Is(err, errs.Forbidden) {
			t.Errorf("system admin unlocked: %v", err)
		}
		if err := f.svc.Unlock(ctx, sec.Actor(""), u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Login(ctx, "zhangsan", pw, account.Meta{}); err != nil {
			t.Errorf("login after unlock: %v", err)
		}
	})
}

func TestLoginByMobile(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		_, _, err := f.svc.CreateUser(ctx, authz.SystemActor(f.cid), account.NewUser{CommitteeID: f.cid, Username: "lisi", Name: "李四", Mobile: "13912345678"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Login(ctx, "13912345678", "wrong", account.Meta{})
		if !errs.Is(err, errs.Unauthenticated) || !strings.Contains(errs.Message(err), "再错 4 次") {
			t.Errorf("mobile login did not find the user: %v", err)
		}
	})
}

func TestIdleTimeoutAndLogout(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		f.user(f.cid, "zhangsan", pw, authz.Member)
		res, _ := f.svc.Login(ctx, "zhangsan", pw, account.Meta{})
		f.advance(29 * time.Minute)
		if _, _, err := f.svc.Authenticate(ctx, res.Token); err != nil {
			t.Fatalf("within idle time: %v", err)
		}
		f.advance(29 * time.Minute) // activity above refreshed last_seen
		if _, _, err := f.svc.Authenticate(ctx, res.Token); err != nil {
			t.Fatalf("after refresh: %v", err)
		}
		f.advance(31 * time.Minute)
		_, _, err := f.svc.Authenticate(ctx, res.Token)
		if !errs.Is(err, errs.Unauthenticated) || !strings.Contains(errs.Message(err), "30 分钟未操作") {
			t.Fatalf("idle session: %v", err)
		}
		res, _ = f.svc.Login(ctx, "zhangsan", pw, account.Meta{})
		if err := f.svc.Logout(ctx, res.Token, ""); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.Authenticate(ctx, res.Token); !errs.Is(err, errs.Unauthenticated) {
			t.Errorf("session after logout: %v", err)
		}
		if _, _, err := f.svc.Authenticate(ctx, "forged-token"); !errs.Is(err, errs.Unauthenticated) {
			t.Errorf("forged token: %v", err)
		}
	})
}

func TestForcedPasswordChange(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		sys := f.user(f.cid, "sysadmin", pw, authz.SysAdmin)
		u, temp, err := f.svc.CreateUser(ctx, sys.Actor(""), account.NewUser{CommitteeID: f.cid, Username: "wangwu", Name: "王五"})
		if err != nil {
			t.Fatal(err)
		}
		res, err := f.svc.Login(ctx, "wangwu", temp, account.Meta{})
		if err != nil || !res.User.MustChangePassword {
			t.Fatalf("first login: %v, must change = %v", err, res.User.MustChangePassword)
		}
		other, _ := f.svc.Login(ctx, "wangwu", temp, account.Meta{})
		actor := res.User.Actor("")
		bad := []struct {
			cur, next, confirm, field string
		}{
			{temp, "short1A", "short1A", "new_password"},
			{temp, "alllowercase", "alllowercase", "new_password"},
			{temp, "Good-Pass-1", "Good-Pass-2", "confirm_password"},
			{temp, temp, temp, "new_password"},
			{"", "Good-Pass-1", "Good-Pass-1", "current_password"},
			{"Wrong-Pass-1", "Good-Pass-1", "Good-Pass-1", "current_password"},
		}
		for _, b := range bad {
			err := f.svc.ChangePassword(ctx, actor, res.Token, b.cur, b.next, b.confirm)
			fields := errs.FieldsOf(err)
			if len(fields) == 0 || fields[0].Field != b.field {
				t.Errorf("change %+v: %v", b, err)
			}
		}
		if err := f.svc.ChangePassword(ctx, actor, res.Token, temp, "Good-Pass-1", "Good-Pass-1"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.Authenticate(ctx, res.Token); err != nil {
			t.Errorf("current session ended: %v", err)
		}
		if _, _, err := f.svc.Authenticate(ctx, other.Token); !errs.Is(err, errs.Unauthenticated) {
			t.Errorf("other session survived password change: %v", err)
		}
		res, err = f.svc.Login(ctx, "wangwu", "Good-Pass-1", account.Meta{})
		if err != nil || res.User.MustChangePassword {
			t.Fatalf("login with new password: %v", err)
		}
		// An admin reset forces a change again.
		temp2, err := f.svc.ResetPassword(ctx, sys.Actor(""), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.Authenticate(ctx, res.Token); !errs.Is(err, errs.Unauthenticated) {
			t.Error("session survived reset")
		}
		res, err = f.svc.Login(ctx, "wangwu", temp2, account.Meta{})
		if err != nil || !res.User.MustChangePassword {
			t.Fatalf("after reset: %v", err)
		}
	})
}

func TestTOTPRequiredForStaff(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		f.user(f.cid, "office1", pw, authz.Office)
		res, err := f.svc.Login(ctx, "office1", pw, account.Meta{})
		if err != nil || res.Stage != account.StageEnroll {
			t.Fatalf("staff without 2FA: stage %q, %v", res.Stage, err)
		}
		en, err := f.svc.BeginTOTPEnrollment(ctx, res.Token)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := f.svc.BeginTOTPEnrollment(ctx, res.Token)
		if again.Secret != en.Secret || !strings.HasPrefix(en.URL, "otpauth://totp/") {
			t.Errorf("enrolment not stable: %+v %+v", en, again)
		}
		if err := f.svc.ConfirmTOTPEnrollment(ctx, res.Token, "000000", ""); errs.FieldsOf(err) == nil {
			t.Errorf("wrong code accepted at enrolment: %v", err)
		}
		code, _ := account.TOTPCode(en.Secret, account.TOTPStep(f.now))
		if err := f.svc.ConfirmTOTPEnrollment(ctx, res.Token, code, ""); err != nil {
			t.Fatal(err)
		}
		sess, _, err := f.svc.Authenticate(ctx, res.Token)
		if err != nil || sess.Stage != account.StageOK {
			t.Fatalf("after enrolment: %v %v", sess.Stage, err)
		}
		// Next login asks for the code; the enrolment code cannot be replayed.
		f.advance(10 * time.Second)
		res, _ = f.svc.Login(ctx, "office1", pw, account.Meta{})
		if res.Stage != account.StageTOTP {
			t.Fatalf("stage %q", res.Stage)
		}
		if err := f.svc.VerifyTOTP(ctx, res.Token, code, ""); errs.FieldsOf(err) == nil {
			t.Errorf("replayed code: %v", err)
		}
		f.advance(30 * time.Second)
		code2, _ := account.TOTPCode(en.Secret, account.TOTPStep(f.now))
		if err := f.svc.VerifyTOTP(ctx, res.Token, code2, ""); err != nil {
			t.Fatal(err)
		}
		// Five wrong codes lock the account and end the half-done session.
		res, _ = f.svc.Login(ctx, "office1", pw, account.Meta{})
		for i := range account.MaxFailedAttempts {
			err = f.svc.VerifyTOTP(ctx, res.Token, "999999", "")
			if i < account.MaxFailedAttempts-1 && errs.FieldsOf(err) == nil {
				t.Fatalf("wrong code %d: %v", i, err)
			}
		}
		if !errs.Is(err, errs.Locked) {
			t.Fatalf("after five wrong codes: %v", err)
		}
		// Members need no second factor unless they enrol.
		f.user(f.cid, "member1", pw, authz.Member)
		if res, _ := f.svc.Login(ctx, "member1", pw, account.Meta{}); res.Stage != account.StageOK {
			t.Errorf("member stage %q", res.Stage)
		}
	})
}

func TestResetTOTP(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		u := f.user(f.cid, "member1", pw, authz.Member)
		sec := f.user(f.cid, "sec", pw, authz.SecAdmin)
		res, _ := f.svc.Login(ctx, "member1", pw, account.Meta{})
		en, _ := f.svc.BeginTOTPEnrollment(ctx, res.Token)
		code, _ := account.TOTPCode(en.Secret, account.TOTPStep(f.now))
		if err := f.svc.ConfirmTOTPEnrollment(ctx, res.Token, code, ""); err != nil {
			t.Fatal(err)
		}
		if res, _ := f.svc.Login(ctx, "member1", pw, account.Meta{}); res.Stage != account.StageTOTP {
			t.Fatalf("enrolled member stage %q", res.Stage)
		}
		if err := f.svc.ResetTOTP(ctx, u.Actor(""), u.ID); !errs.Is(err, errs.Forbidden) {
			t.Errorf("member reset own 2FA: %v", err)
		}
		if err := f.svc.ResetTOTP(ctx, sec.Actor(""), u.ID); err != nil {
			t.Fatal(err)
		}
		if res, _ := f.svc.Login(ctx, "member1", pw, account.Meta{}); res.Stage != account.StageOK {
			t.Errorf("after reset stage %q", res.Stage)
		}
	})
}

func TestRolesAndSeparationOfDuties(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		sys := f.user(f.cid, "sys", pw, authz.SysAdmin)
		sec := f.user(f.cid, "sec", pw, authz.SecAdmin)
		u := f.user(f.cid, "member1", pw, authz.Member)
		if err := f.svc.SetRoles(ctx, sys.Actor(""), u.ID, []authz.Role{authz.Office}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("system admin assigned roles: %v", err)
		}
		if err := f.svc.SetRoles(ctx, sec.Actor(""), sec.ID, []authz.Role{authz.SecAdmin}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("security admin changed own roles: %v", err)
		}
		if err := f.svc.SetRoles(ctx, sec.Actor(""), u.ID, []authz.Role{authz.SysAdmin, authz.AuditAdmin}); !errs.Is(err, errs.Invalid) {
			t.Errorf("two admin roles: %v", err)
		}
		if err := f.svc.SetRoles(ctx, sec.Actor(""), u.ID, []authz.Role{authz.Member, authz.Convener}); err != nil {
			t.Fatal(err)
		}
		got, _ := f.svc.User(ctx, sec.Actor(""), u.ID)
		if len(got.Roles) != 2 || got.Roles[1] != authz.Convener {
			t.Errorf("roles = %v", got.Roles)
		}
		// A system admin creates accounts but cannot give them roles.
		_, _, err := f.svc.CreateUser(ctx, sys.Actor(""), account.NewUser{CommitteeID: f.cid, Username: "xyz1", Name: "x", Roles: []authz.Role{authz.Office}})
		if !errs.Is(err, errs.Forbidden) {
			t.Errorf("system admin created with roles: %v", err)
		}
		if _, _, err := f.svc.CreateUser(ctx, sec.Actor(""), account.NewUser{CommitteeID: f.cid, Username: "xyz2", Name: "x"}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("security admin created account: %v", err)
		}
	})
}

func TestCommitteeIsolation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		other := sqldbtest.Committee(t, db, "示范区政协")
		sysA := f.user(f.cid, "sysa", pw, authz.SysAdmin)
		secA := f.user(f.cid, "seca", pw, authz.SecAdmin)
		b := f.user(other, "memberb", pw, authz.Member)
		f.user(f.cid, "membera", pw, authz.Member)
		if _, err := f.svc.User(ctx, sysA.Actor(""), b.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("read other committee's user: %v", err)
		}
		if _, err := f.svc.ResetPassword(ctx, sysA.Actor(""), b.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("reset other committee's user: %v", err)
		}
		if err := f.svc.Unlock(ctx, secA.Actor(""), b.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("unlock other committee's user: %v", err)
		}
		if _, _, err := f.svc.CreateUser(ctx, sysA.Actor(""), account.NewUser{CommitteeID: other, Username: "zz1", Name: "z"}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("create in other committee: %v", err)
		}
		list, err := f.svc.Users(ctx, sysA.Actor(""), "", 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range list {
			if u.CommitteeID != f.cid {
				t.Errorf("list shows %s of committee %d", u.Username, u.CommitteeID)
			}
		}
		if len(list) != 3 {
			t.Errorf("list has %d users", len(list))
		}
		// Cursor pagination walks the same list in pages.
		page1, _ := f.svc.Users(ctx, sysA.Actor(""), "", 0, 2)
		page2, _ := f.svc.Users(ctx, sysA.Actor(""), "", page1[1].ID, 2)
		if len(page1) != 2 || len(page2) != 1 || page2[0].ID != list[2].ID {
			t.Errorf("pages %v %v", page1, page2)
		}
		if _, err := f.svc.Users(ctx, b.Actor(""), "", 0, 10); !errs.Is(err, errs.Forbidden) {
			t.Errorf("member listed users: %v", err)
		}
		v := audit.NewViewer(sqldb.AuditLog(db))
		auditB := f.user(other, "auditb", pw, authz.AuditAdmin)
		es, err := v.List(ctx, auditB.Actor(""), audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			if e.CommitteeID != other && e.CommitteeID != 0 {
				t.Errorf("audit admin of B sees entry of committee %d: %s", e.CommitteeID, e.Action)
			}
		}
		if _, err := v.List(ctx, sysA.Actor(""), audit.Filter{}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("system admin read audit: %v", err)
		}
	})
}

func TestCreateUserValidationWritesNothing(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		sys := f.user(f.cid, "sys", pw, authz.SysAdmin)
		before := len(f.actions())
		bad := []struct {
			n     account.NewUser
			field string
		}{
			{account.NewUser{CommitteeID: f.cid, Username: "", Name: "x"}, "username"},
			{account.NewUser{CommitteeID: f.cid, Username: "9abc", Name: "x"}, "username"},
			{account.NewUser{CommitteeID: f.cid, Username: "abc", Name: ""}, "name"},
			{account.NewUser{CommitteeID: f.cid, Username: "abc", Name: "x", Mobile: "12345"}, "mobile"},
			{account.NewUser{CommitteeID: f.cid, Username: "sys", Name: "x"}, "username"},
		}
		for _, b := range bad {
			_, _, err := f.svc.CreateUser(ctx, sys.Actor(""), b.n)
			fs := errs.FieldsOf(err)
			if len(fs) == 0 || fs[0].Field != b.field {
				t.Errorf("%+v: %v", b.n, err)
			}
		}
		if after := len(f.actions()); after != before {
			t.Errorf("failed creates wrote %d audit entries", after-before)
		}
	})
}

func TestTokens(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		u := f.user(f.cid, "member1", pw, authz.Member)
		other := f.user(f.cid, "member2", pw, authz.Member)
		if _, _, err := f.svc.CreateToken(ctx, u.Actor(""), account.NewToken{Name: "", Scopes: nil, Days: 0}); len(errs.FieldsOf(err)) != 3 {
			t.Errorf("bad token input: %v", err)
		}
		tok, plain, err := f.svc.CreateToken(ctx, u.Actor(""), account.NewToken{Name: "对接系统", Scopes: []account.Scope{account.ScopeRead}, Days: 30})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(plain, account.TokenPrefix) || strings.Contains(tok.Hash, plain) {
			t.Fatalf("token %q hash %q", plain, tok.Hash)
		}
		got, owner, err := f.svc.AuthenticateToken(ctx, plain, "")
		if err != nil || owner.ID != u.ID || !got.HasScope(account.ScopeRead) || got.HasScope(account.ScopeWrite) {
			t.Fatalf("authenticate: %v %v", got, err)
		}
		if _, _, err := f.svc.AuthenticateToken(ctx, plain+"x", ""); !errs.Is(err, errs.Unauthenticated) {
			t.Errorf("altered token: %v", err)
		}
		if err := f.svc.RevokeToken(ctx, other.Actor(""), tok.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("revoked someone else's token: %v", err)
		}
		if err := f.svc.RevokeToken(ctx, u.Actor(""), tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.AuthenticateToken(ctx, plain, ""); errs.Message(err) != "访问令牌已被撤销" {
			t.Errorf("revoked token: %v", err)
		}
		_, plain2, _ := f.svc.CreateToken(ctx, u.Actor(""), account.NewToken{Name: "短期", Scopes: []account.Scope{account.ScopeRead}, Days: 1})
		f.advance(25 * time.Hour)
		if _, _, err := f.svc.AuthenticateToken(ctx, plain2, ""); errs.Message(err) != "访问令牌已过期" {
			t.Errorf("expired token: %v", err)
		}
	})
}

// TestConcurrentLoginFailuresCount checks that parallel wrong passwords are
// all counted: the lock is not lost to a race.
func TestConcurrentLoginFailuresCount(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		f.user(f.cid, "zhangsan", pw, authz.Member)
		var wg sync.WaitGroup
		for range account.MaxFailedAttempts {
			wg.Add(1)
			go func() { defer wg.Done(); f.svc.Login(ctx, "zhangsan", "wrong", account.Meta{}) }()
		}
		wg.Wait()
		if _, err := f.svc.Login(ctx, "zhangsan", pw, account.Meta{}); !errs.Is(err, errs.Locked) {
			t.Errorf("after %d parallel failures: %v", account.MaxFailedAttempts, err)
		}
		v, _ := db.VerifyAudit(ctx)
		if len(v.Problems) != 0 {
			t.Errorf("chain: %v", v.Problems)
		}
	})
}
