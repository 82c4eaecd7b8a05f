package server_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"xieshang/internal/authz"
	"xieshang/internal/idcard"
	"xieshang/internal/member"
	"xieshang/internal/org"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

func TestDirectoryAndProfile(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db)
		s.user("member1", authz.Member)
		off := s.user("office1", authz.Office)
		op := authz.SystemActor(s.cid)
		orgs := org.NewService(sqldb.Org(db))
		sec, err := orgs.AddItem(ctx, op, org.Sectors, "医卫")
		if err != nil {
			t.Fatal(err)
		}
		members := member.NewService(sqldb.Members(db))
		birth := time.Date(1966, 5, 4, 0, 0, 0, 0, time.UTC)
		m, err := members.Create(ctx, op, member.Member{Name: "张宏伟", Gender: member.Male, Party: "民盟", SectorID: sec.ID,
			EmployerTitle: "示范市第一人民医院副院长", Mobile: "13912345678", IDNumber: idcard.Make("649901", birth, true, 7)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := members.Create(ctx, op, member.Member{Name: "李秀兰", Gender: member.Female, SectorID: sec.ID}); err != nil {
			t.Fatal(err)
		}
		mc := s.client()
		s.login(mc, "member1")
		code, _, body := s.do(mc, "GET", "/members?q=zhw", nil, nil)
		if code != 200 || !strings.Contains(body, "张宏伟") || strings.Contains(body, "李秀兰") || !strings.Contains(body, "139****5678") || strings.Contains(body, "13912345678") {
			t.Fatalf("directory search: %d %.2000s", code, body)
		}
		code, _, body = s.do(mc, "GET", "/members/"+itoa(int(m.ID)), nil, nil)
		if code != 200 || !strings.Contains(body, "6499**********") || strings.Contains(body, "显示完整") {
			t.Fatalf("profile as member: %d %.3000s", code, body)
		}
		if code, _, _ := s.do(mc, "POST", "/members/"+itoa(int(m.ID))+"/reveal", url.Values{}, nil); code != 403 {
			t.Errorf("member revealed: %d", code)
		}
		// Office staff must pass TOTP first; give their session the last stage directly.
		oc := s.client()
		s.loginStaff(oc, "office1", off.ID)
		before := s.auditCount("unmask")
		code, _, body = s.do(oc, "POST", "/members/"+itoa(int(m.ID))+"/reveal", url.Values{}, nil)
		if code != 200 || !strings.Contains(body, "13912345678") || !strings.Contains(body, m.IDNumber) {
			t.Fatalf("reveal: %d %.3000s", code, body)
		}
		if s.auditCount("unmask") != before+1 {
			t.Error("reveal not audited")
		}
		if code, _, _ := s.do(mc, "GET", "/members/999999", nil, nil); code != 404 {
			t.Errorf("missing member: %d", code)
		}
		// The directory's cached bodies follow changes and the viewer's role.
		if _, _, body := s.do(oc, "GET", "/members?q=zhw", nil, nil); !strings.Contains(body, "添加委员") {
			t.Errorf("office staff lack the add link: %.2000s", body)
		}
		if _, _, body := s.do(mc, "GET", "/members?q=zhw", nil, nil); strings.Contains(body, "添加委员") || !strings.Contains(body, "张宏伟") {
			t.Errorf("member sees the office's page: %.2000s", body)
		}
		m, _ = members.Get(ctx, op, m.ID, true)
		m.EmployerTitle = "示范市中医院院长"
		if _, err := members.Update(ctx, op, m); err != nil {
			t.Fatal(err)
		}
		if _, _, body := s.do(mc, "GET", "/members?q=zhw", nil, nil); !strings.Contains(body, "示范市中医院院长") {
			t.Errorf("directory stale after an edit: %.3000s", body)
		}
		if err := orgs.RenameItem(ctx, op, org.Sectors, sec.ID, "医药卫生"); err != nil {
			t.Fatal(err)
		}
		if _, _, body := s.do(mc, "GET", "/members?q=zhw", nil, nil); !strings.Contains(body, "医药卫生") {
			t.Errorf("directory stale after a sector rename: %.3000s", body)
		}
	})
}
