package server_test

import (
	"net/url"
	"strings"
	"testing"

	"xieshang/internal/authz"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

func TestCalendarPages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db)
		s.user("member1", authz.Member)
		off := s.user("office1", authz.Office)
		mc := s.client()
		s.login(mc, "member1")
		code, _, body := s.do(mc, "GET", "/calendar?year=2026", nil, nil)
		if code != 200 || !strings.Contains(body, "2026-02-15") || !strings.Contains(body, "系统预置") || strings.Contains(body, "修改本年安排") {
			t.Fatalf("calendar as member: %d %.3000s", code, body)
		}
		if code, _, _ := s.do(mc, "POST", "/calendar/2027", url.Values{"days": {"2027-02-05 休 春节"}}, nil); code != 403 {
			t.Errorf("member edited the calendar: %d", code)
		}
		oc := s.client()
		s.loginStaff(oc, "office1", off.ID)
		before := s.auditCount("calendar.update")
		code, _, body = s.do(oc, "POST", "/calendar/2027", url.Values{"days": {"2027-02-05 休 春节\n2027-02-03 班"}}, nil)
		if code != 422 || !strings.Contains(body, "调休上班日只能是周六或周日") || !strings.Contains(body, "2027-02-03 班") {
			t.Fatalf("weekday as make-up day: %d %.3000s", code, body)
		}
		code, _, body = s.do(oc, "POST", "/calendar/2027", url.Values{"days": {"2027-02-30 休"}}, nil)
		if code != 422 || !strings.Contains(body, "第 1 行的日期") {
			t.Fatalf("bad date: %d %.3000s", code, body)
		}
		code, h, _ := s.do(oc, "POST", "/calendar/2027", url.Values{"days": {"2027-02-05 休 春节\n2027-01-31 班"}}, nil)
		if code != 303 || h.Get("Location") != "/calendar?year=2027&done=1" {
			t.Fatalf("save: %d %v", code, h)
		}
		code, _, body = s.do(mc, "GET", "/calendar?year=2027", nil, nil)
		if code != 200 || !strings.Contains(body, "本会已设置") || !strings.Contains(body, "休(春节)") || strings.Contains(body, "2027-10-01") {
			t.Fatalf("after save: %d %.3000s", code, body)
		}
		if s.auditCount("calendar.update") != before+1 {
			t.Error("calendar change not audited")
		}
	})
}
