package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"xieshang/internal/authz"
	"xieshang/internal/member"
	"xieshang/internal/org"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

// proposalSite is a site with a term, two handling units with a liaison
// each, a proposal-office account, and two members.
type proposalSite struct {
	*site
	lead, co org.Unit
	term     org.Term
}

func newProposalSite(t testing.TB, db *sqldb.DB) *proposalSite {
	s := &proposalSite{site: newSite(t, db)}
	op := authz.SystemActor(s.cid)
	orgs := org.NewService(sqldb.Org(db))
	term, err := orgs.AddTerm(ctx, op, org.Term{Number: 11, StartsOn: time.Date(2023, 1, 10, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	s.term = term
	if s.lead, err = orgs.AddUnit(ctx, op, org.Unit{Kind: org.Handling, Name: "市教育局"}); err != nil {
		t.Fatal(err)
	}
	if s.co, err = orgs.AddUnit(ctx, op, org.Unit{Kind: org.Handling, Name: "市财政局"}); err != nil {
		t.Fatal(err)
	}
	for name, unit := range map[string]int64{"leadunit": s.lead.ID, "counit": s.co.ID} {
		u := s.user(name, authz.UnitLiaison)
		q := "INSERT INTO unit_liaisons (unit_id, user_id) VALUES (?, ?)"
		if db.Dialect == sqldb.Postgres {
			q = "INSERT INTO unit_liaisons (unit_id, user_id) VALUES ($1, $2)"
		}
		if _, err := db.W.Exec(q, unit, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	members := member.NewService(sqldb.Members(db))
	for i, name := range []string{"member1", "member2"} {
		u := s.user(name, authz.Member)
		m, err := members.Create(ctx, op, member.Member{Name: name, Gender: member.Male})
		if err == nil {
			err = members.LinkAccount(ctx, op, m.ID, u.ID)
		}
		if err == nil {
			err = members.SetMembership(ctx, op, m.ID, term.ID, member.Serving, term.StartsOn, time.Time{}, m.Version+1)
		}
		if err != nil {
			t.Fatalf("member %d: %v", i, err)
		}
	}
	return s
}

var versionRe = regexp.MustCompile(`name="version" value="(\d+)"`)

// step posts a step form of proposal path at the version its page shows.
func (s *proposalSite) step(c *http.Client, path, action string, form url.Values) (int, string) {
	s.t.Helper()
	_, _, page := s.do(c, "GET", path, nil, nil)
	m := versionRe.FindStringSubmatch(page)
	if m == nil {
		s.t.Fatalf("%s: no step form on the page for %s: %.3000s", path, action, page)
	}
	if form == nil {
		form = url.Values{}
	}
	form.Set("version", m[1])
	code, h, body := s.do(c, "POST", path+"/do/"+action, form, nil)
	if code == 303 {
		return code, h.Get("Location")
	}
	return code, body
}

func TestProposalPagesJourney(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newProposalSite(t, db)
		off := s.user("tiban", authz.ProposalOffice)
		mc := s.client()
		s.login(mc, "member1")
		draft := url.Values{"title": {"关于加快老旧小区加装电梯的建议"}, "category": {"社会"}, "timing": {"regular"}, "kind": {"individual"},
			"situation": {"全市老旧小区约1200个,多数无电梯。"}, "suggestion": {"一是简化审批;二是加大补贴。"}, "version": {"0"}, "public": {"1"}}
		// A co-signer must serve in the term.
		bad := url.Values{"title": {"关于联名的建议"}, "kind": {"joint"}, "cosigner": {strconv.FormatInt(off.ID, 10)}, "version": {"0"}, "then": {"save"}}
		if code, _, body := s.do(mc, "POST", "/proposals/new", bad, nil); code != 422 || !strings.Contains(body, "不是该届的在任委员") {
			t.Fatalf("non-member co-signer: %d %.3000s", code, body)
		}
		// Autosave creates the draft and answers JSON.
		draft.Set("then", "autosave")
		req := url.Values{}
		for k, v := range draft {
			req[k] = v
		}
		code, h, body := s.do(mc, "POST", "/proposals/new", req, map[string]string{"X-Autosave": "1"})
		var saved struct {
			ID      int64
			Version int
			Action  string
		}
		if code != 200 || json.Unmarshal([]byte(body), &saved) != nil || saved.ID == 0 || !strings.HasSuffix(saved.Action, "/edit") {
			t.Fatalf("autosave: %d %v %s", code, h, body)
		}
		path := "/proposals/" + strconv.FormatInt(saved.ID, 10)
		if _, _, before := s.do(mc, "GET", path, nil, nil); strings.Contains(before, "调研报告.pdf") {
			t.Fatal("attachment before upload")
		} // the page is now cached; the upload below must show nevertheless
		// Attachments: type, content and size are checked.
		if code, _, body := s.uploadAs(mc, path+"/attachments", "attachment", "病毒.exe", []byte("MZ..."), nil); code != 422 || !strings.Contains(body, "附件只能是以下类型") {
			t.Fatalf("exe attachment: %d %.2000s", code, body)
		}
		if code, _, body := s.uploadAs(mc, path+"/attachments", "attachment", "调研.pdf", []byte("MZ pretending"), nil); code != 422 || !strings.Contains(body, "不符") {
			t.Fatalf("renamed attachment: %d %.2000s", code, body)
		}
		if code, h, body := s.uploadAs(mc, path+"/attachments", "attachment", "调研报告.pdf", []byte("%PDF-1.4 调研"), nil); code != 303 {
			t.Fatalf("attachment: %d %v %.2000s", code, h, body)
		}
		_, _, page0 := s.do(mc, "GET", path, nil, nil)
		attachment := regexp.MustCompile(`/attachments/\d+`).FindString(page0)
		if attachment == "" || !strings.Contains(page0, "调研报告.pdf") {
			t.Fatalf("attachment not listed: %.3000s", page0)
		}
		// Submitting without the one-matter promise is refused, naming it.
		draft.Set("then", "submit")
		draft.Set("version", strconv.Itoa(saved.Version))
		code, _, body = s.do(mc, "POST", path+"/edit", draft, nil)
		if code != 422 || !strings.Contains(body, "一事一案") {
			t.Fatalf("submit without promise: %d %.3000s", code, body)
		}
		draft.Set("one_matter", "1")
		draft.Set("title", strings.Repeat("长", 60))
		draft.Set("version", strconv.Itoa(saved.Version+1))
		if code, _, body = s.do(mc, "POST", path+"/edit", draft, nil); code != 422 || !strings.Contains(body, "案由") {
			t.Fatalf("over-long title: %d %.3000s", code, body)
		}
		_, _, page := s.do(mc, "GET", path+"/edit", nil, nil)
		draft.Set("version", versionRe.FindStringSubmatch(page)[1])
		draft.Set("title", "关于加快老旧小区加装电梯的建议")
		if code, h, body = s.do(mc, "POST", path+"/edit", draft, nil); code != 303 || h.Get("Location") != path+"?done=submit" {
			t.Fatalf("submit: %d %v %.3000s", code, h, body)
		}
		// Another member cannot see it.
		m2 := s.client()
		s.login(m2, "member2")
		if code, _, _ := s.do(m2, "GET", path, nil, nil); code != 404 {
			t.Errorf("another member saw the proposal: %d", code)
		}
		if code, _, _ := s.do(m2, "GET", attachment, nil, nil); code != 404 {
			t.Errorf("another member downloaded the attachment: %d", code)
		}
		if code, h, body := s.do(mc, "GET", attachment, nil, nil); code != 200 || body != "%PDF-1.4 调研" || h.Get("Content-Type") != "application/pdf" {
			t.Errorf("download: %d %v", code, h)
		}
		oc := s.client()
		s.loginStaff(oc, "tiban", off.ID)
		if _, _, body := s.do(oc, "GET", "/proposals", nil, nil); !strings.Contains(body, "关于加快老旧小区加装电梯的建议") || !strings.Contains(body, "待审查") {
			t.Fatalf("office queue: %.3000s", body)
		}
		if code, loc := s.step(oc, path, "accept", nil); code != 303 {
			t.Fatalf("accept: %d %.2000s", code, loc)
		}
		if code, body := s.step(oc, path, "accept", nil); code != 409 {
			t.Errorf("accept twice: %d %.1000s", code, body)
		}
		if code, body := s.step(oc, path, "assign", url.Values{"mode": {"joint"}, "lead_unit": {strconv.FormatInt(s.lead.ID, 10)},
			"other_unit": {strconv.FormatInt(s.co.ID, 10)}}); code != 303 {
			t.Fatalf("assign: %d %.3000s", code, body)
		}
		lc, cc := s.client(), s.client()
		s.login(lc, "leadunit")
		s.login(cc, "counit")
		if _, _, body := s.do(lc, "GET", "/proposals", nil, nil); !strings.Contains(body, "关于加快老旧小区加装电梯的建议") {
			t.Fatalf("lead unit list: %.3000s", body)
		}
		unit := func(id int64) url.Values { return url.Values{"unit": {strconv.FormatInt(id, 10)}} }
		for _, c := range []struct {
			c    *http.Client
			unit int64
		}{{lc, s.lead.ID}, {cc, s.co.ID}} {
			if code, body := s.step(c.c, path, "sign_for", unit(c.unit)); code != 303 {
				t.Fatalf("sign for: %d %.3000s", code, body)
			}
		}
		v := unit(s.co.ID)
		v.Set("views", "建议纳入明年财政预算。")
		if code, body := s.step(cc, path, "send_views", v); code != 303 {
			t.Fatalf("views: %d %.3000s", code, body)
		}
		r := unit(s.lead.ID)
		r.Set("class", "A")
		r.Set("contact", "face_to_face")
		r.Set("contacted_on", "2026-11-20")
		if code, body := s.step(lc, path, "reply", r); code != 422 || !strings.Contains(body, "联系人") {
			t.Fatalf("reply without contact person: %d %.3000s", code, body)
		}
		for k, val := range map[string]string{"contact_person": "周科长", "contact_phone": "0952-2012345", "signer": "吴局长",
			"letter": "经研究,明年将完成 100 个小区加装电梯。"} {
			r.Set(k, val)
		}
		if code, body := s.step(lc, path, "reply", r); code != 303 {
			t.Fatalf("reply: %d %.3000s", code, body)
		}
		if code, body := s.step(oc, path, "approve_reply", unit(s.lead.ID)); code != 303 {
			t.Fatalf("approve reply: %d %.3000s", code, body)
		}
		code, h, letter := s.do(mc, "GET", path+"/reply.docx?unit="+strconv.FormatInt(s.lead.ID, 10), nil, nil)
		if code != 200 || !strings.Contains(h.Get("Content-Type"), "wordprocessingml") || !strings.HasPrefix(letter, "PK") {
			t.Fatalf("reply letter: %d %v", code, h)
		}
		if code, body := s.step(mc, path, "evaluate", url.Values{"level": {"satisfied"}}); code != 303 {
			t.Fatalf("evaluate: %d %.3000s", code, body)
		}
		_, _, page = s.do(mc, "GET", path, nil, nil)
		for _, want := range []string{"已办结", "提交提案", "立案", "交办", "签收", "提交协办意见", "答复", "审核通过答复", "评价", "满意"} {
			if !strings.Contains(page, want) {
				t.Errorf("timeline lacks %q", want)
			}
		}
		if code, _, body := s.do(oc, "GET", "/proposals/export?queue=closed", nil, nil); code != 200 || !strings.HasPrefix(body, "PK") {
			t.Errorf("export: %d", code)
		}
		// Published: anybody reads it and its timeline, without the names of those who acted.
		anon := s.client()
		if code, _, body := s.do(anon, "GET", "/public/proposals", nil, nil); code != 200 || !strings.Contains(body, "关于加快老旧小区加装电梯的建议") {
			t.Errorf("public list: %d %.3000s", code, body)
		}
		code, _, body = s.do(anon, "GET", "/public/proposals/"+strconv.FormatInt(saved.ID, 10), nil, nil)
		if code != 200 || !strings.Contains(body, "审核通过答复") || !strings.Contains(body, "明年将完成") || strings.Contains(body, "leadunit") {
			t.Errorf("public page: %d %.4000s", code, body)
		}
		if code, _, _ := s.do(anon, "GET", "/public/proposals/999999", nil, nil); code != 404 {
			t.Errorf("missing public proposal: %d", code)
		}
		code, _, body = s.do(oc, "GET", "/proposals/report", nil, nil)
		if code != 200 || !strings.Contains(body, "平时提案") || !strings.Contains(body, "立案率100.0%") {
			t.Errorf("report page: %d %.4000s", code, body)
		}
		for _, f := range []string{"xlsx", "docx"} {
			if code, _, body := s.do(oc, "GET", "/proposals/report?term=1&session=0&format="+f, nil, nil); code != 200 || !strings.HasPrefix(body, "PK") {
				t.Errorf("report as %s: %d %.300s", f, code, body)
			}
		}
		if _, _, body := s.do(mc, "GET", "/", nil, nil); !strings.Contains(body, "条未读消息") {
			t.Errorf("home lacks the unread count: %.2000s", body)
		}
		code, _, body = s.do(mc, "GET", "/notifications", nil, nil)
		if code != 200 || !strings.Contains(body, "立案") || !strings.Contains(body, "未读") {
			t.Errorf("notifications: %d %.3000s", code, body)
		}
		if m := regexp.MustCompile(`/notifications/(\d+)/open`).FindString(body); m == "" {
			t.Error("no notification link")
		} else if code, h, _ := s.do(mc, "GET", m, nil, nil); code != 303 || !strings.HasPrefix(h.Get("Location"), "/proposals/") {
			t.Errorf("open notification: %d %v", code, h)
		}
		if code, _, _ := s.do(mc, "POST", "/notifications/read-all", url.Values{}, nil); code != 303 {
			t.Errorf("read all: %d", code)
		}
		if _, _, body := s.do(mc, "GET", "/notifications", nil, nil); strings.Contains(body, ">未读<") {
			t.Error("unread after read-all")
		}
		// 先进承办单位 for the year, on the report page and in the report.
		year := strconv.Itoa(time.Now().In(time.FixedZone("CST", 8*3600)).Year())
		if code, _, body := s.do(oc, "POST", "/proposals/excellent-units", url.Values{"year": {year}, "unit_id": {strconv.FormatInt(s.lead.ID, 10)},
			"back": {"term=1&session=0"}}, nil); code != 303 {
			t.Fatalf("commend unit: %d %.2000s", code, body)
		}
		if _, _, body := s.do(oc, "GET", "/proposals/report?term=1&session=0", nil, nil); !strings.Contains(body, "评选先进承办单位1个") {
			t.Errorf("report lacks the commended unit: %.4000s", body)
		}
		if code, _, _ := s.do(mc, "POST", "/proposals/excellent-units", url.Values{"year": {year}, "unit_id": {strconv.FormatInt(s.co.ID, 10)}}, nil); code != 403 {
			t.Errorf("member commended a unit: %d", code)
		}
		if code, _, _ := s.do(mc, "GET", "/proposals/report", nil, nil); code != 403 {
			t.Errorf("member read the report: %d", code)
		}
	})
}

func TestProposalSettings(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newProposalSite(t, db)
		off := s.user("tiban", authz.ProposalOffice)
		oc := s.client()
		s.loginStaff(oc, "tiban", off.ID)
		code, _, body := s.do(oc, "GET", "/proposals/settings", nil, nil)
		if code != 200 || !strings.Contains(body, `value="50"`) || !strings.Contains(body, "生态文明") {
			t.Fatalf("settings: %d %.3000s", code, body)
		}
		form := url.Values{"title_max": {"30"}, "text_max": {"8000"}, "categories": {"经济建设\n社会事业\n其他"}, "two_step_review": {"1"},
			"plenary_open_months": {"2"}, "plenary_close_days": {"0"}, "return_workdays": {"10"}, "views_days": {"30"},
			"reply_months": {"3"}, "max_months": {"2"}, "auto_close_days": {"30"}, "attachment_max_mb": {"20"}, "attachment_types": {"pdf、docx"}}
		code, _, body = s.do(oc, "POST", "/proposals/settings", form, nil)
		if code != 422 || !strings.Contains(body, "含延期的最长办理期限") {
			t.Fatalf("max below reply months: %d %.3000s", code, body)
		}
		form.Set("max_months", "6")
		// A proposal page the office has seen (and is cached) must follow the
		// new rules: with two-step review, 初审 comes before 立案.
		mc0 := s.client()
		s.login(mc0, "member1")
		code, h, body := s.do(mc0, "POST", "/proposals/new", url.Values{"title": {"关于完善公交线网的建议"}, "category": {"社会"},
			"timing": {"regular"}, "situation": {"现状"}, "suggestion": {"建议"}, "version": {"0"}, "then": {"submit"}, "one_matter": {"1"}}, nil)
		if code != 303 {
			t.Fatalf("submit: %d %.2000s", code, body)
		}
		path := strings.TrimSuffix(h.Get("Location"), "?done=submit")
		if _, _, page := s.do(oc, "GET", path, nil, nil); !strings.Contains(page, `id="accept"`) {
			t.Fatalf("one-step review offers no 立案: %.3000s", page)
		}
		if code, _, body = s.do(oc, "POST", "/proposals/settings", form, nil); code != 303 {
			t.Fatalf("save: %d %.3000s", code, body)
		}
		if s.auditCount("proposal.config") != 1 {
			t.Error("settings change not audited")
		}
		if _, _, page := s.do(oc, "GET", path, nil, nil); strings.Contains(page, `id="accept"`) || !strings.Contains(page, "提交初审意见") {
			t.Errorf("proposal page kept the old rules: %.3000s", page)
		}
		mc := s.client()
		s.login(mc, "member1")
		if code, _, body := s.do(mc, "GET", "/proposals/new", nil, nil); code != 200 || !strings.Contains(body, "经济建设") || !strings.Contains(body, "不超过 30 字") {
			t.Errorf("drafting form ignores the rules: %d %.3000s", code, body)
		}
		if code, _, _ := s.do(mc, "POST", "/proposals/settings", form, nil); code != 403 {
			t.Errorf("member changed the rules: %d", code)
		}
	})
}

func TestBulkAssignment(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newProposalSite(t, db)
		off := s.user("tiban", authz.ProposalOffice)
		mc := s.client()
		s.login(mc, "member1")
		oc := s.client()
		s.loginStaff(oc, "tiban", off.ID)
		var ids []string
		for _, title := range []string{"关于发展夜间经济的建议", "关于加强社区养老的建议"} {
			form := url.Values{"title": {title}, "category": {"经济"}, "timing": {"regular"}, "situation": {"现状"},
				"suggestion": {"建议"}, "version": {"0"}, "then": {"submit"}, "one_matter": {"1"}}
			code, h, body := s.do(mc, "POST", "/proposals/new", form, nil)
			if code != 303 {
				t.Fatalf("submit: %d %.2000s", code, body)
			}
			path := strings.TrimSuffix(h.Get("Location"), "?done=submit")
			if code, body := s.step(oc, path, "accept", nil); code != 303 {
				t.Fatalf("accept: %d %.2000s", code, body)
			}
			ids = append(ids, strings.TrimPrefix(path, "/proposals/"))
		}
		_, _, body := s.do(oc, "GET", "/proposals?queue=assign", nil, nil)
		if !strings.Contains(body, "批量交办") || !strings.Contains(body, "关于发展夜间经济的建议") {
			t.Fatalf("assign queue: %.3000s", body)
		}
		// The handling queue is cached; the assignment must show in it.
		if _, _, body := s.do(oc, "GET", "/proposals?queue=handling", nil, nil); strings.Contains(body, "关于发展夜间经济的建议") {
			t.Fatalf("handling queue before assignment: %.2000s", body)
		}
		code, h, body := s.do(oc, "POST", "/proposals/bulk-assign", url.Values{"id": ids, "mode": {"single"},
			"lead_unit": {strconv.FormatInt(s.lead.ID, 10)}}, nil)
		if code != 303 || !strings.Contains(h.Get("Location"), "assigned=2&failed=0") {
			t.Fatalf("bulk assign: %d %v %.2000s", code, h, body)
		}
		if _, _, body := s.do(oc, "GET", h.Get("Location"), nil, nil); !strings.Contains(body, "已交办 2 件提案") {
			t.Errorf("no summary: %.2000s", body)
		}
		if _, _, body := s.do(oc, "GET", "/proposals?queue=handling", nil, nil); !strings.Contains(body, "关于发展夜间经济的建议") {
			t.Errorf("handling queue stale after assignment: %.3000s", body)
		}
		lc := s.client()
		s.login(lc, "leadunit")
		if _, _, body := s.do(lc, "GET", "/proposals", nil, nil); !strings.Contains(body, "关于发展夜间经济的建议") || !strings.Contains(body, "关于加强社区养老的建议") {
			t.Errorf("unit list after bulk assignment: %.3000s", body)
		}
		// Key proposals: chosen, then followed up; others cannot be.
		key, other := "/proposals/"+ids[0], "/proposals/"+ids[1]
		today := time.Now().In(time.FixedZone("CST", 8*3600)).Format(time.DateOnly)
		if code, body := s.step(oc, other, "follow_up", url.Values{"follow_up_kind": {"inspection"}, "on": {today}, "note": {"视察"}}); code != 409 || !strings.Contains(body, "只有重点提案") {
			t.Errorf("follow-up on a plain proposal: %d %.1000s", code, body)
		}
		if code, body := s.step(oc, key, "mark_key", url.Values{"decision": {"2026年第3次主席会议"}, "lead_leader": {"副市长"}, "supervisor": {"副主席"}}); code != 303 {
			t.Fatalf("mark key: %d %.2000s", code, body)
		}
		if code, body := s.step(oc, key, "follow_up", url.Values{"follow_up_kind": {"inspection"}, "on": {today}, "note": {"副主席带队视察夜市项目"}}); code != 303 {
			t.Fatalf("follow-up: %d %.2000s", code, body)
		}
		if _, _, body := s.do(mc, "GET", key, nil, nil); !strings.Contains(body, "副主席带队视察夜市项目") || !strings.Contains(body, "重点提案督办") {
			t.Errorf("key proposal page: %.3000s", body)
		}
		if code, _, _ := s.do(mc, "POST", "/proposals/bulk-assign", url.Values{"id": ids, "mode": {"single"},
			"lead_unit": {strconv.FormatInt(s.lead.ID, 10)}}, nil); code != 403 && code != 409 {
			t.Errorf("member bulk-assigned: %d", code)
		}
	})
}

// A party's account puts a collective proposal; a member cannot claim one.
func TestCollectiveProposal(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newProposalSite(t, db)
		s.user("minmeng", authz.Collective)
		cc := s.client()
		s.login(cc, "minmeng")
		form := url.Values{"title": {"关于支持民营企业发展的建议"}, "category": {"经济"}, "timing": {"regular"}, "situation": {"现状"},
			"suggestion": {"建议"}, "version": {"0"}, "then": {"submit"}, "one_matter": {"1"}, "kind": {"individual"}}
		code, h, body := s.do(cc, "POST", "/proposals/new", form, nil)
		if code != 303 {
			t.Fatalf("collective submit: %d %.3000s", code, body)
		}
		_, _, page := s.do(cc, "GET", strings.TrimSuffix(h.Get("Location"), "?done=submit"), nil, nil)
		if !strings.Contains(page, "集体提案") {
			t.Errorf("not a collective proposal: %.3000s", page)
		}
		mc := s.client()
		s.login(mc, "member1")
		form.Set("kind", "collective")
		if code, _, body := s.do(mc, "POST", "/proposals/new", form, nil); code != 422 || !strings.Contains(body, "集体提案单位") {
			t.Errorf("member claimed a collective proposal: %d %.2000s", code, body)
		}
	})
}

// Submitting a new regular proposal is one transaction: a refusal leaves
// no draft behind.
func TestSubmitNewIsAtomic(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newProposalSite(t, db)
		mc := s.client()
		s.login(mc, "member1")
		count := func() int {
			var n int
			db.R.QueryRow("SELECT COUNT(*) FROM proposals").Scan(&n)
			return n
		}
		form := url.Values{"title": {"关于加强校园周边交通管理的建议"}, "category": {"社会"}, "timing": {"regular"}, "situation": {"现状"},
			"version": {"0"}, "then": {"submit"}, "one_matter": {"1"}}
		if code, _, body := s.do(mc, "POST", "/proposals/new", form, nil); code != 422 || !strings.Contains(body, "建议") {
			t.Fatalf("submit without suggestion: %d %.2000s", code, body)
		}
		if n := count(); n != 0 {
			t.Fatalf("a refused submission left %d proposals", n)
		}
		form.Set("suggestion", "一是增设护学岗;二是规范接送车辆停放。")
		if code, h, body := s.do(mc, "POST", "/proposals/new", form, nil); code != 303 || !strings.HasSuffix(h.Get("Location"), "?done=submit") {
			t.Fatalf("submit: %d %v %.2000s", code, h, body)
		}
		if n := count(); n != 1 {
			t.Errorf("%d proposals after one submission", n)
		}
	})
}

// A member sets a notification address; a step then e-mails them (a mail
// task is queued) besides the in-app message.
func TestNotificationEmail(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newProposalSite(t, db)
		off := s.user("tiban", authz.ProposalOffice)
		mc := s.client()
		s.login(mc, "member1")
		if code, _, body := s.do(mc, "POST", "/security/email", url.Values{"email": {"不是邮箱"}}, nil); code != 422 || !strings.Contains(body, "邮箱地址格式不正确") {
			t.Fatalf("bad address: %d %.2000s", code, body)
		}
		if code, _, _ := s.do(mc, "POST", "/security/email", url.Values{"email": {"member1@example.cn"}}, nil); code != 303 {
			t.Fatalf("set address: %d", code)
		}
		if _, _, body := s.do(mc, "GET", "/security", nil, nil); !strings.Contains(body, "member1@example.cn") {
			t.Errorf("address not shown: %.2000s", body)
		}
		code, h, body := s.do(mc, "POST", "/proposals/new", url.Values{"title": {"关于优化政务服务的建议"}, "category": {"政治"},
			"timing": {"regular"}, "situation": {"现状"}, "suggestion": {"建议"}, "version": {"0"}, "then": {"submit"}, "one_matter": {"1"}}, nil)
		if code != 303 {
			t.Fatalf("submit: %d %.2000s", code, body)
		}
		oc := s.client()
		s.loginStaff(oc, "tiban", off.ID)
		if code, body := s.step(oc, strings.TrimSuffix(h.Get("Location"), "?done=submit"), "accept", nil); code != 303 {
			t.Fatalf("accept: %d %.2000s", code, body)
		}
		var n int
		q := "SELECT COUNT(*) FROM outbox_tasks WHERE kind = 'mail' AND payload LIKE '%member1@example.cn%'"
		if err := db.R.QueryRow(q).Scan(&n); err != nil || n != 1 {
			t.Errorf("mail tasks for the proposer: %d %v", n, err)
		}
		if s.auditCount("user.email") != 1 {
			t.Error("address change not audited")
		}
	})
}

// The system administrator sets a member's notification address for them:
// a bad address changes nothing (not even the name sent with it); a good
// one is stored, shown, audited with the address redacted, and used.
func TestAdminSetsMemberEmail(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newProposalSite(t, db)
		admin := s.user("sysadmin", authz.SysAdmin)
		ac := s.client()
		s.loginStaff(ac, "sysadmin", admin.ID)
		var memberID int64
		if err := db.R.QueryRow("SELECT id FROM users WHERE username = 'member1'").Scan(&memberID); err != nil {
			t.Fatal(err)
		}
		path := "/admin/users/" + strconv.FormatInt(memberID, 10)
		form := url.Values{"name": {"member1 改名"}, "mobile": {""}, "email": {"不是邮箱"}}
		if code, _, body := s.do(ac, "POST", path+"/edit", form, nil); code != 422 || !strings.Contains(body, "邮箱地址格式不正确") {
			t.Fatalf("bad address: %d %.2000s", code, body)
		}
		var name, email string
		db.R.QueryRow("SELECT name, email FROM users WHERE username = 'member1'").Scan(&name, &email)
		if name != "member1" || email != "" {
			t.Fatalf("a refused edit wrote name %q email %q", name, email)
		}
		form.Set("email", "member1@example.cn")
		if code, h, body := s.do(ac, "POST", path+"/edit", form, nil); code != 303 || !strings.HasSuffix(h.Get("Location"), "?done=saved") {
			t.Fatalf("set address: %d %.2000s", code, body)
		}
		if _, _, body := s.do(ac, "GET", path, nil, nil); !strings.Contains(body, `value="member1@example.cn"`) {
			t.Errorf("address not on the account page: %.3000s", body)
		}
		var changes string
		db.R.QueryRow("SELECT changes FROM audit_log WHERE action = 'user.update' ORDER BY seq DESC LIMIT 1").Scan(&changes)
		if strings.Contains(changes, "member1@example.cn") || !strings.Contains(changes, `"email"`) {
			t.Errorf("audit entry of the edit: %s", changes)
		}
		mc := s.client()
		s.login(mc, "member2")
		if code, _, _ := s.do(mc, "POST", path+"/edit", url.Values{"name": {"x"}, "email": {"x@example.cn"}}, nil); code != 403 {
			t.Errorf("a member edits another's account: %d", code)
		}
	})
}
