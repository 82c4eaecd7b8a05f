package server_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"xieshang/internal/account"
	"xieshang/internal/authz"
	"xieshang/internal/member"
	"xieshang/internal/org"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

// TestPlenarySessions adds plenary sessions to a term on /org.
func TestPlenarySessions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db)
		s.user("member1", authz.Member)
		off := s.user("office1", authz.Office)
		mc, oc := s.client(), s.client()
		s.login(mc, "member1")
		s.loginStaff(oc, "office1", off.ID)
		if code, _, _ := s.do(oc, "POST", "/org/terms/new", url.Values{"number": {"11"}, "starts_on": {"2023-01-10"}, "ends_on": {"2028-01-09"}}, nil); code != 303 {
			t.Fatalf("add term: %d", code)
		}
		orgs := org.NewService(sqldb.Org(db))
		terms, err := orgs.Terms(ctx, off.Actor(""))
		if err != nil || len(terms) != 1 {
			t.Fatalf("terms: %v %v", terms, err)
		}
		tid := itoa(int(terms[0].ID))
		path := "/org/terms/" + tid + "/sessions/new"
		pre := "session-" + tid + "-"

		// Bad dates: the errors stand beside this term's form, nothing is written.
		for _, tc := range []struct {
			name  string
			form  url.Values
			field string
			msg   string
		}{
			{"malformed", url.Values{"number": {"2"}, "starts_on": {"2024/3/1"}, "ends_on": {"2024-03-04"}}, "starts_on", "日期格式应为 年-月-日"},
			{"reversed", url.Values{"number": {"2"}, "starts_on": {"2024-03-04"}, "ends_on": {"2024-03-01"}}, "ends_on", "结束日期不能早于开始日期"},
			{"before the term", url.Values{"number": {"2"}, "starts_on": {"2022-03-01"}, "ends_on": {"2022-03-04"}}, "starts_on", "任期内"},
			{"after the term", url.Values{"number": {"2"}, "starts_on": {"2028-03-01"}, "ends_on": {"2028-03-04"}}, "ends_on", "任期内"},
			{"no number", url.Values{"number": {""}, "starts_on": {"2024-03-01"}, "ends_on": {"2024-03-04"}}, "number", "会议次数应填写数字"},
		} {
			code, _, body := s.do(oc, "POST", path, tc.form, nil)
			errID := `id="` + pre + tc.field + `-error">`
			i := strings.Index(body, errID)
			if code != 422 || i < 0 || !strings.Contains(body[i:], tc.msg) || !strings.Contains(body, `id="`+pre+tc.field+`" name="`+tc.field+`"`) {
				t.Errorf("%s: %d, want 422 with %q beside %s: %.4000s", tc.name, code, tc.msg, errID, body)
			}
		}
		if n := s.auditCount("session.create"); n != 0 {
			t.Fatalf("refused sessions audited %d times", n)
		}
		if list, _ := orgs.Sessions(ctx, off.Actor(""), terms[0].ID); len(list) != 0 {
			t.Fatalf("refused sessions written: %+v", list)
		}

		// Success; a session on the term's first day is within the term.
		for _, f := range []url.Values{
			{"number": {"1"}, "starts_on": {"2023-01-10"}, "ends_on": {"2023-01-13"}},
			{"number": {"2"}, "starts_on": {"2024-03-01"}, "ends_on": {"2024-03-01"}},
		} {
			if code, h, body := s.do(oc, "POST", path, f, nil); code != 303 || h.Get("Location") != "/org?done=added" {
				t.Fatalf("add session %s: %d %.3000s", f.Get("number"), code, body)
			}
		}
		code, _, body := s.do(oc, "POST", path, url.Values{"number": {"2"}, "starts_on": {"2024-05-01"}, "ends_on": {"2024-05-02"}}, nil)
		if code != 422 || !strings.Contains(body, "第十一届第二次会议已存在") || !strings.Contains(body, `id="`+pre+`number-error"`) {
			t.Errorf("duplicate number: %d %.3000s", code, body)
		}
		code, _, body = s.do(oc, "GET", "/org?done=added", nil, nil)
		for _, want := range []string{"第十一届第一次会议(2023-01-10 至 2023-01-13)", "第十一届第二次会议(2024-03-01 至 2024-03-01)"} {
			if code != 200 || !strings.Contains(body, want) {
				t.Errorf("/org lacks %q (%d)", want, code)
			}
		}
		if n := s.auditCount("session.create"); n != 2 {
			t.Errorf("session.create audited %d times, want 2", n)
		}

		// Members may not; nor may anyone reach a term that does not exist.
		if code, _, _ := s.do(mc, "POST", path, url.Values{"number": {"3"}, "starts_on": {"2025-03-01"}, "ends_on": {"2025-03-04"}}, nil); code != 403 {
			t.Errorf("member adds a session: %d", code)
		}
		if code, _, _ := s.do(oc, "POST", "/org/terms/999999/sessions/new", url.Values{"number": {"3"}, "starts_on": {"2025-03-01"}, "ends_on": {"2025-03-04"}}, nil); code != 404 {
			t.Errorf("session of a missing term: %d", code)
		}
		if list, _ := orgs.Sessions(ctx, off.Actor(""), terms[0].ID); len(list) != 2 {
			t.Errorf("sessions: %+v", list)
		}
	})
}

// TestMembershipStatus sets a member's standing on the profile and filters
// the directory by it.
func TestMembershipStatus(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db)
		s.user("member1", authz.Member)
		off := s.user("office1", authz.Office)
		op := authz.SystemActor(s.cid)
		orgs := org.NewService(sqldb.Org(db))
		term, err := orgs.AddTerm(ctx, op, org.Term{Number: 11, StartsOn: time.Date(2023, 1, 10, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		members := member.NewService(sqldb.Members(db))
		serving := []member.Membership{{TermID: term.ID, Status: member.Serving, StartedOn: term.StartsOn}}
		zhang, err := members.Create(ctx, op, member.Member{Name: "张宏伟", Gender: member.Male, Memberships: serving})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := members.Create(ctx, op, member.Member{Name: "李秀兰", Gender: member.Female, Memberships: serving}); err != nil {
			t.Fatal(err)
		}
		wang, err := members.Create(ctx, op, member.Member{Name: "王建国", Gender: member.Male, Memberships: serving})
		if err != nil {
			t.Fatal(err)
		}
		mc, oc := s.client(), s.client()
		s.login(mc, "member1")
		s.loginStaff(oc, "office1", off.ID)
		id, tid := itoa(int(zhang.ID)), itoa(int(term.ID))
		path := "/members/" + id + "/memberships/" + tid
		pre := "ms-" + tid + "-"

		code, _, body := s.do(oc, "GET", "/members/"+id, nil, nil)
		if code != 200 || !strings.Contains(body, `action="`+path+`"`) || !strings.Contains(body, `name="version" value="`+itoa(zhang.Version)+`"`) {
			t.Fatalf("profile lacks the membership form: %d %.4000s", code, body)
		}
		if code, _, body := s.do(mc, "GET", "/members/"+id, nil, nil); code != 200 || strings.Contains(body, `action="`+path+`"`) {
			t.Errorf("member sees the membership form: %d", code)
		}

		// 辞去 needs an end date.
		code, _, body = s.do(oc, "POST", path, url.Values{"version": {itoa(zhang.Version)}, "status": {"resigned"}}, nil)
		if i := strings.Index(body, `id="`+pre+`ended_on-error">`); code != 422 || i < 0 || !strings.Contains(body[i:], "辞去或撤销须填写结束日期") {
			t.Fatalf("resigned without an end: %d %.4000s", code, body)
		}
		if s.auditCount("member.membership") != 0 {
			t.Fatal("refused membership audited")
		}
		if code, _, _ := s.do(mc, "POST", path, url.Values{"version": {itoa(zhang.Version)}, "status": {"resigned"}, "ended_on": {"2025-06-30"}}, nil); code != 403 {
			t.Errorf("member sets a membership: %d", code)
		}
		code, h, _ := s.do(oc, "POST", path, url.Values{"version": {itoa(zhang.Version)}, "status": {"resigned"}, "ended_on": {"2025-06-30"}}, nil)
		if code != 303 || h.Get("Location") != "/members/"+id+"?done=membership" {
			t.Fatalf("resign: %d %s", code, h.Get("Location"))
		}
		got, err := members.Get(ctx, op, zhang.ID, false)
		if err != nil || got.Version != zhang.Version+1 || len(got.Memberships) != 1 || got.Memberships[0].Status != member.Resigned ||
			got.Memberships[0].EndedOn.Format(time.DateOnly) != "2025-06-30" {
			t.Fatalf("stored: %+v %v", got, err)
		}
		if s.auditCount("member.membership") != 1 {
			t.Error("membership not audited")
		}

		// A stale version is refused.
		code, _, body = s.do(oc, "POST", path, url.Values{"version": {itoa(zhang.Version)}, "status": {"serving"}}, nil)
		if code != 409 || !strings.Contains(body, "该委员信息已被他人修改") {
			t.Errorf("stale membership: %d %.3000s", code, body)
		}
		if after, _ := members.Get(ctx, op, zhang.ID, false); after.Memberships[0].Status != member.Resigned || after.Version != got.Version {
			t.Errorf("stale form written: %+v", after)
		}

		// Revoked on the first day of the term: the end is not before the
		// start, which defaults to the term's.
		wid := itoa(int(wang.ID))
		code, h, body = s.do(oc, "POST", "/members/"+wid+"/memberships/"+tid, url.Values{"version": {itoa(wang.Version)}, "status": {"revoked"}, "ended_on": {"2023-01-10"}}, nil)
		if code != 303 || h.Get("Location") != "/members/"+wid+"?done=membership" {
			t.Fatalf("revoke on the term's first day: %d %.4000s", code, body)
		}
		code, _, body = s.do(oc, "POST", "/members/"+wid+"/memberships/"+tid, url.Values{"version": {itoa(wang.Version + 1)}, "status": {"revoked"}, "ended_on": {"2023-01-09"}}, nil)
		if code != 422 || !strings.Contains(body, "结束日期不能早于开始日期") {
			t.Errorf("revoke before the term: %d %.4000s", code, body)
		}

		// The directory's 状态 filter.
		for _, tc := range []struct {
			status     string
			has, lacks []string
		}{
			{"resigned", []string{"张宏伟"}, []string{"李秀兰", "王建国"}},
			{"serving", []string{"李秀兰"}, []string{"张宏伟", "王建国"}},
			{"revoked", []string{"王建国"}, []string{"张宏伟", "李秀兰"}},
			{"", []string{"张宏伟", "李秀兰", "王建国"}, nil},
		} {
			code, _, body := s.do(mc, "GET", "/members?status="+tc.status, nil, nil)
			if code != 200 {
				t.Errorf("status=%s: %d", tc.status, code)
			}
			for _, n := range tc.has {
				if !strings.Contains(body, ">"+n+"</a>") {
					t.Errorf("status=%s lacks %s", tc.status, n)
				}
			}
			for _, n := range tc.lacks {
				if strings.Contains(body, ">"+n+"</a>") { // the search box's placeholder names 张宏伟
					t.Errorf("status=%s lists %s", tc.status, n)
				}
			}
		}
		if _, _, body := s.do(mc, "GET", "/members?status=resigned", nil, nil); !strings.Contains(body, `<option value="resigned" selected>`) {
			t.Errorf("filter does not keep its choice: %.3000s", body)
		}
	})
}

// TestLiaisonAccounts gives a handling unit a liaison account on /org.
func TestLiaisonAccounts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db)
		s.user("member1", authz.Member)
		off := s.user("office1", authz.Office)
		op := authz.SystemActor(s.cid)
		orgs := org.NewService(sqldb.Org(db))
		unit, err := orgs.AddUnit(ctx, op, org.Unit{Kind: org.Handling, Name: "示范市教育局"})
		if err != nil {
			t.Fatal(err)
		}
		mc, oc := s.client(), s.client()
		s.login(mc, "member1")
		s.loginStaff(oc, "office1", off.ID)
		uid := itoa(int(unit.ID))
		path := "/org/units/" + uid + "/liaisons/new"
		pre := "liaison-" + uid + "-"

		code, _, body := s.do(oc, "GET", "/org", nil, nil)
		if code != 200 || !strings.Contains(body, `action="`+path+`"`) || !strings.Contains(body, "添加联络员账号") {
			t.Fatalf("/org lacks the liaison form: %d", code)
		}
		liaisons := func() []org.Liaison {
			t.Helper()
			ls, err := orgs.Liaisons(ctx, off.Actor(""), unit.ID)
			if err != nil {
				t.Fatal(err)
			}
			return ls
		}

		// A mobile taken by another account: neither account nor link.
		if _, _, err := s.app.Accounts.CreateUser(ctx, op, account.NewUser{CommitteeID: s.cid, Username: "holder", Name: "占用者", Mobile: "13800000000"}); err != nil {
			t.Fatal(err)
		}
		users := s.userCount()
		code, _, body = s.do(oc, "POST", path, url.Values{"name": {"王联络"}, "mobile": {"13800000000"}}, nil)
		if i := strings.Index(body, `id="`+pre+`mobile-error">`); code != 422 || i < 0 || !strings.Contains(body[i:], "该手机号已被其他登录账号使用") ||
			strings.Contains(body, `id="one-time"`) {
			t.Fatalf("taken mobile: %d %.4000s", code, body)
		}
		if code, _, body := s.do(oc, "POST", path, url.Values{"name": {"王联络"}, "mobile": {""}}, nil); code != 422 || !strings.Contains(body, `id="`+pre+`mobile-error"`) {
			t.Errorf("no mobile: %d %.3000s", code, body)
		}
		if s.userCount() != users || len(liaisons()) != 0 || s.auditCount("unit.liaison_add") != 0 {
			t.Fatalf("half-written: users %d→%d, liaisons %v", users, s.userCount(), liaisons())
		}

		// Members may not.
		if code, _, _ := s.do(mc, "POST", path, url.Values{"name": {"王联络"}, "mobile": {"13911112222"}}, nil); code != 403 {
			t.Errorf("member adds a liaison: %d", code)
		}
		if s.userCount() != users {
			t.Fatal("member's request wrote an account")
		}

		// Success: the password is shown once, and logs in by mobile.
		code, h, body := s.do(oc, "POST", path, url.Values{"name": {"王联络"}, "mobile": {"13911112222"}}, nil)
		m := oneTimeRe.FindStringSubmatch(body)
		if code != 200 || m == nil || !strings.Contains(body, "联络员账号已创建:用户名 u"+uid+"-1") || h.Get("Cache-Control") != "no-store" {
			t.Fatalf("add liaison: %d %v %.4000s", code, h.Get("Cache-Control"), body)
		}
		res, err := s.app.Accounts.Login(ctx, "13911112222", m[1], account.Meta{})
		if err != nil || res.Stage != account.StageOK || !res.User.MustChangePassword || !slices.Equal(res.User.Roles, []authz.Role{authz.UnitLiaison}) {
			t.Fatalf("liaison login: %v %+v", err, res)
		}
		ls := liaisons()
		if len(ls) != 1 || ls[0].UserID != res.User.ID || ls[0].Username != "u"+uid+"-1" || ls[0].Name != "王联络" {
			t.Fatalf("liaisons: %+v", ls)
		}
		if s.userCount() != users+1 || s.auditCount("unit.liaison_add") != 1 {
			t.Errorf("users %d→%d, liaison_add audited %d", users, s.userCount(), s.auditCount("unit.liaison_add"))
		}
		// Shown once: the page afterwards lists the liaison, masked, without the password.
		code, _, body = s.do(oc, "GET", "/org", nil, nil)
		if code != 200 || strings.Contains(body, m[1]) || strings.Contains(body, `id="one-time"`) ||
			!strings.Contains(body, "联络员 王联络(用户名 u"+uid+"-1,手机 139****2222)") || strings.Contains(body, "13911112222") {
			t.Errorf("/org after: %d %.4000s", code, body)
		}
	})
}
