package account_test

import (
	"testing"

	"xieshang/internal/account"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

func TestCreateMemberAccount(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		office := f.user(f.cid, "office1", pw, authz.Office).Actor("")
		sys := f.user(f.cid, "sys1", pw, authz.SysAdmin).Actor("")
		plain := f.user(f.cid, "member1", pw, authz.Member).Actor("")

		if _, _, err := f.svc.CreateMemberAccount(ctx, office, 7, "张宏伟", ""); errs.FieldsOf(err) == nil || errs.FieldsOf(err)[0].Field != "mobile" {
			t.Fatalf("no mobile: %v", err)
		}
		for _, by := range []authz.Actor{sys, plain} {
			if _, _, err := f.svc.CreateMemberAccount(ctx, by, 7, "张宏伟", "13912345678"); !errs.Is(err, errs.Forbidden) {
				t.Errorf("%v created a member account: %v", by.Roles, err)
			}
		}
		u, pw, err := f.svc.CreateMemberAccount(ctx, office, 7, "张宏伟", "13912345678")
		if err != nil {
			t.Fatal(err)
		}
		if u.Username != account.MemberUsername(7) || len(u.Roles) != 1 || u.Roles[0] != authz.Member || !u.MustChangePassword {
			t.Errorf("account: %+v", u)
		}
		res, err := f.svc.Login(ctx, "13912345678", pw, account.Meta{})
		if err != nil || res.Stage != account.StageOK || res.User.ID != u.ID {
			t.Fatalf("login by mobile: %v %+v", err, res)
		}
		if _, _, err := f.svc.CreateMemberAccount(ctx, office, 8, "李秀兰", "13912345678"); errs.FieldsOf(err) == nil || errs.FieldsOf(err)[0].Field != "mobile" {
			t.Errorf("taken mobile: %v", err)
		}
		acts := f.actions()
		if acts[len(acts)-2] != "user.create" {
			t.Errorf("not audited: %v", acts)
		}
	})
}
