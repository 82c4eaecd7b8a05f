package server_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"xieshang/internal/account"
	"xieshang/internal/authz"
	"xieshang/internal/idcard"
	"xieshang/internal/member"
	"xieshang/internal/org"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

func TestOrgSettings(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db)
		s.user("member1", authz.Member)
		off := s.user("office1", authz.Office)
		mc, oc := s.client(), s.client()
		s.login(mc, "member1")
		s.loginStaff(oc, "office1", off.ID)

		if code, _, _ := s.do(mc, "GET", "/org", nil, nil); code != 403 {
			t.Errorf("member sees /org: %d", code)
		}
		if code, _, _ := s.do(mc, "POST", "/org/sector/new", url.Values{"name": {"医卫"}}, nil); code != 403 {
			t.Errorf("member adds a sector: %d", code)
		}
		if code, _, body := s.do(oc, "GET", "/", nil, nil); code != 200 || !strings.Contains(body, `href="/org"`) {
			t.Errorf("office home lacks 组织设置: %d", code)
		}
		for _, name := range []string{"医卫", "教育"} {
			if code, h, _ := s.do(oc, "POST", "/org/sector/new", url.Values{"name": {name}}, nil); code != 303 || h.Get("Location") != "/org?done=added" {
				t.Fatalf("add sector %s: %d", name, code)
			}
		}
		code, _, body := s.do(oc, "POST", "/org/sector/new", url.Values{"name": {"医卫"}}, nil)
		if code != 422 || !strings.Contains(body, "界别“医卫”已存在") || !strings.Contains(body, `id="new-sector-name"`) {
			t.Fatalf("duplicate sector: %d %.3000s", code, body)
		}
		if code, _, _ := s.do(oc, "POST", "/org/nonsense/new", url.Values{"name": {"x"}}, nil); code != 404 {
			t.Errorf("unknown list kind: %d", code)
		}
		items, err := org.NewService(sqldb.Org(db)).Items(ctx, off.Actor(""), org.Sectors)
		if err != nil || len(items) != 2 {
			t.Fatalf("sectors: %v %v", items, err)
		}
		edu := itoa(int(items[1].ID))
		code, _, body = s.do(oc, "POST", "/org/sector/"+edu+"/rename", url.Values{"name": {"医卫"}}, nil)
		if code != 422 || !strings.Contains(body, "界别“医卫”已存在") || !strings.Contains(body, `id="rename-sector-`+edu+`-name"`) {
			t.Fatalf("rename to a taken name: %d %.3000s", code, body)
		}
		if code, _, _ := s.do(oc, "POST", "/org/sector/"+edu+"/rename", url.Values{"name": {"教育界"}}, nil); code != 303 {
			t.Fatalf("rename: %d", code)
		}
		if s.auditCount("sector.rename") != 1 || s.auditCount("sector.create") != 2 {
			t.Errorf("audit: rename %d, create %d", s.auditCount("sector.rename"), s.auditCount("sector.create"))
		}
		if code, _, _ := s.do(oc, "POST", "/org/party/new", url.Values{"name": {"民盟"}}, nil); code != 303 {
			t.Errorf("add party: %d", code)
		}
		if code, _, _ := s.do(oc, "POST", "/org/special_committee/new", url.Values{"name": {"提案委员会"}}, nil); code != 303 {
			t.Errorf("add special committee: %d", code)
		}
		if code, _, _ := s.do(oc, "POST", "/org/units/new", url.Values{"kind": {"handling"}, "category": {"政府部门"}, "name": {"市教育局"}}, nil); code != 303 {
			t.Errorf("add unit: %d", code)
		}
		if code, _, body := s.do(oc, "POST", "/org/units/new", url.Values{"kind": {"handling"}, "name": {""}}, nil); code != 422 || !strings.Contains(body, "请输入名称") {
			t.Errorf("empty unit name: %d", code)
		}
		if code, _, body := s.do(oc, "POST", "/org/terms/new", url.Values{"number": {"x"}, "starts_on": {"2023/1/1"}}, nil); code != 422 || !strings.Contains(body, "届次应填写数字") || !strings.Contains(body, "日期格式") {
			t.Errorf("bad term: %d %.2000s", code, body)
		}
		if code, _, _ := s.do(oc, "POST", "/org/terms/new", url.Values{"number": {"11"}, "starts_on": {"2023-01-01"}, "ends_on": {"2028-01-01"}}, nil); code != 303 {
			t.Errorf("add term: %d", code)
		}
		code, _, body = s.do(oc, "GET", "/org?done=renamed", nil, nil)
		for _, want := range []string{"已改名", "教育界", "民盟", "提案委员会", "市教育局", "承办单位", "第十一届", "2023-01-01"} {
			if !strings.Contains(body, want) {
				t.Errorf("/org lacks %q (%d)", want, code)
			}
		}
	})
}

var oneTimeRe = regexp.MustCompile(`id="one-time">([^<]+)<`)

func TestMemberEditing(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db)
		plain := s.user("member1", authz.Member)
		off := s.user("office1", authz.Office)
		op := authz.SystemActor(s.cid)
		orgs := org.NewService(sqldb.Org(db))
		sec, _ := orgs.AddItem(ctx, op, org.Sectors, "医卫")
		orgs.AddItem(ctx, op, org.Parties, "民盟")
		sc, _ := orgs.AddItem(ctx, op, org.SpecialCommittees, "提案委员会")
		members := member.NewService(sqldb.Members(db))
		mc, oc := s.client(), s.client()
		s.login(mc, "member1")
		s.loginStaff(oc, "office1", off.ID)

		if code, _, _ := s.do(mc, "GET", "/members/new", nil, nil); code != 403 {
			t.Errorf("member sees the create form: %d", code)
		}
		if code, _, body := s.do(oc, "GET", "/members/new", nil, nil); code != 200 || !strings.Contains(body, "同时创建登录账号") || !strings.Contains(body, "提案委员会") {
			t.Fatalf("create form: %d", code)
		}
		// Field errors, nothing written.
		idn := idcard.Make("649901", time.Date(1966, 5, 4, 0, 0, 0, 0, time.UTC), true, 7)
		bad := url.Values{"name": {""}, "gender": {"女"}, "mobile": {"123"}, "id_number": {idn}, "birth_year": {"abc"}, "create_account": {"1"}}
		code, _, body := s.do(oc, "POST", "/members/new", bad, nil)
		if code != 422 || !strings.Contains(body, "请输入姓名") || !strings.Contains(body, "手机号码应为 11 位数字") ||
			!strings.Contains(body, "性别与身份证号不符") || !strings.Contains(body, "出生年份应填写数字") || !strings.Contains(body, `aria-invalid="true"`) {
			t.Fatalf("bad create: %d %.4000s", code, body)
		}
		if n := countMembers(db, s.cid); n != 0 {
			t.Fatalf("%d members written by a refused form", n)
		}
		if code, _, body := s.do(oc, "POST", "/members/new", url.Values{"name": {"张宏伟"}, "gender": {"男"}, "create_account": {"1"}}, nil); code != 422 || !strings.Contains(body, "创建登录账号需要填写手机号码") {
			t.Errorf("account without mobile: %d", code)
		}
		// Success, with an account the member logs in to by mobile.
		form := url.Values{"name": {"张宏伟"}, "gender": {"男"}, "ethnicity": {"汉族"}, "party": {"民盟"}, "sector_id": {itoa(int(sec.ID))},
			"sc": {itoa(int(sc.ID))}, "sc_pos_" + itoa(int(sc.ID)): {"head"}, "employer_title": {"示范市第一人民医院副院长"},
			"mobile": {"13912345678"}, "id_number": {idn}, "address": {"示范市人民路 1 号"}, "standing": {"1"}, "title": {"副主席"},
			"create_account": {"1"}}
		// A mobile already used by a login account: neither the member nor
		// the account is written (one transaction).
		taken := url.Values{}
		for k, v := range form {
			taken[k] = v
		}
		taken.Set("mobile", "13800000000")
		taken.Set("id_number", "")
		if _, _, err := s.app.Accounts.CreateUser(ctx, op, account.NewUser{CommitteeID: s.cid, Username: "holder", Name: "占用者", Mobile: "13800000000"}); err != nil {
			t.Fatal(err)
		}
		users := s.userCount()
		if code, _, body := s.do(oc, "POST", "/members/new", taken, nil); code != 422 || !strings.Contains(body, "已被其他登录账号使用") {
			t.Errorf("taken mobile: %d %.2000s", code, body)
		}
		if n := countMembers(db, s.cid); n != 0 || s.userCount() != users {
			t.Fatalf("half-written: %d members, users %d→%d", n, users, s.userCount())
		}
		code, _, body = s.do(oc, "POST", "/members/new", form, nil)
		m := oneTimeRe.FindStringSubmatch(body)
		if code != 200 || m == nil || !strings.Contains(body, "登录账号已创建") {
			t.Fatalf("create: %d %.4000s", code, body)
		}
		if s.userCount() != users+1 || s.auditCount("member.create") != 1 || s.auditCount("member.link_account") != 1 {
			t.Errorf("users %d→%d, audits create %d link %d", users, s.userCount(), s.auditCount("member.create"), s.auditCount("member.link_account"))
		}
		res, err := s.app.Accounts.Login(ctx, "13912345678", m[1], account.Meta{})
		if err != nil || res.Stage != account.StageOK || !res.User.MustChangePassword {
			t.Fatalf("member login by mobile: %v %+v", err, res)
		}
		list, _ := members.List(ctx, op, member.Filter{})
		zhang, err := members.Get(ctx, op, list[0].ID, true)
		if err != nil || zhang.UserID != res.User.ID || !zhang.Standing || len(zhang.Titles) != 1 || len(zhang.SpecialCommittees) != 1 || zhang.SpecialCommittees[0].Position != member.Head {
			t.Fatalf("stored: %+v %v", zhang, err)
		}
		id := itoa(int(zhang.ID))

		// The special committee page shows the head; the profile links to it.
		if code, _, body := s.do(mc, "GET", "/special-committees/"+itoa(int(sc.ID)), nil, nil); code != 200 || !regexp.MustCompile(`id="heads"><a href="/members/`+id+`">张宏伟`).MatchString(body) {
			t.Errorf("special committee page: %d %.3000s", code, body)
		}
		if code, _, body := s.do(mc, "GET", "/members/"+id, nil, nil); code != 200 || !strings.Contains(body, `href="/special-committees/`+itoa(int(sc.ID))+`"`) || !strings.Contains(body, `href="/sectors/`+itoa(int(sec.ID))+`"`) {
			t.Errorf("profile links: %d", code)
		}

		// Editing: the form carries the version; a stale one is refused.
		code, _, body = s.do(oc, "GET", "/members/"+id+"/edit", nil, nil)
		if code != 200 || !strings.Contains(body, `name="version" value="`+itoa(zhang.Version)+`"`) || !strings.Contains(body, "13912345678") {
			t.Fatalf("edit form: %d %.3000s", code, body)
		}
		edit := memberFormValues(zhang)
		edit.Set("employer_title", "示范市卫健委主任")
		if code, h, _ := s.do(oc, "POST", "/members/"+id+"/edit", edit, nil); code != 303 || h.Get("Location") != "/members/"+id+"?done=saved" {
			t.Fatalf("edit: %d", code)
		}
		edit.Set("employer_title", "过期的修改")
		code, _, body = s.do(oc, "POST", "/members/"+id+"/edit", edit, nil)
		if code != 409 || !strings.Contains(body, "该委员信息已被他人修改") {
			t.Fatalf("stale edit: %d %.3000s", code, body)
		}
		after, _ := members.Get(ctx, op, zhang.ID, true)
		if after.EmployerTitle != "示范市卫健委主任" || after.Version != zhang.Version+1 {
			t.Errorf("after stale edit: %q v%d", after.EmployerTitle, after.Version)
		}
		if code, _, _ := s.do(mc, "POST", "/members/"+id+"/edit", edit, nil); code != 403 {
			t.Errorf("member edits: %d", code)
		}

		// Own contact details: member1 is linked to 李秀兰, not to 张宏伟.
		li, err := members.Create(ctx, op, member.Member{Name: "李秀兰", Gender: member.Female, SectorID: sec.ID, Mobile: "13700000001"})
		if err != nil {
			t.Fatal(err)
		}
		if err := members.LinkAccount(ctx, op, li.ID, plain.ID); err != nil {
			t.Fatal(err)
		}
		lid := itoa(int(li.ID))
		code, _, body = s.do(mc, "GET", "/members/"+lid, nil, nil)
		if code != 200 || !strings.Contains(body, "修改我的联系方式") || !strings.Contains(body, "13700000001") {
			t.Fatalf("own profile: %d %.3000s", code, body)
		}
		if code, _, body := s.do(mc, "GET", "/members/"+id, nil, nil); strings.Contains(body, "修改我的联系方式") {
			t.Errorf("contact form on another's profile: %d", code)
		}
		if code, _, body := s.do(mc, "POST", "/members/"+lid+"/contact", url.Values{"version": {"2"}, "mobile": {"12"}, "address": {"x"}}, nil); code != 422 || !strings.Contains(body, "手机号码应为 11 位数字") {
			t.Errorf("bad contact: %d", code)
		}
		if code, h, _ := s.do(mc, "POST", "/members/"+lid+"/contact", url.Values{"version": {"2"}, "mobile": {"13700000002"}, "address": {"示范市中山路 2 号"}}, nil); code != 303 || h.Get("Location") != "/members/"+lid+"?done=contact" {
			t.Fatalf("contact: %d", code)
		}
		if code, _, _ := s.do(mc, "POST", "/members/"+id+"/contact", url.Values{"version": {itoa(after.Version)}, "mobile": {"13700000003"}}, nil); code != 403 {
			t.Errorf("contact of another member: %d", code)
		}
		if got, _ := members.Get(ctx, op, li.ID, true); got.Mobile != "13700000002" || got.Address != "示范市中山路 2 号" {
			t.Errorf("contact stored: %+v", got)
		}
		if got, _ := members.Get(ctx, op, zhang.ID, true); got.Mobile != "13912345678" {
			t.Errorf("another's contact changed: %q", got.Mobile)
		}

		// Conveners: office staff set them on the sector page; members see them first.
		if code, _, _ := s.do(mc, "POST", "/sectors/"+itoa(int(sec.ID))+"/conveners", url.Values{"member": {lid}}, nil); code != 403 {
			t.Errorf("member sets conveners: %d", code)
		}
		if code, _, _ := s.do(oc, "POST", "/sectors/"+itoa(int(sec.ID))+"/conveners", url.Values{"member": {lid}}, nil); code != 303 {
			t.Fatalf("set conveners: %d", code)
		}
		code, _, body = s.do(mc, "GET", "/sectors/"+itoa(int(sec.ID)), nil, nil)
		if code != 200 || !regexp.MustCompile(`id="conveners"><li><a href="/members/`+lid+`">李秀兰`).MatchString(body) ||
			strings.Index(body, "李秀兰") > strings.Index(body, "张宏伟") || strings.Contains(body, "设置召集人") {
			t.Errorf("sector page: %d %.4000s", code, body)
		}
		if s.auditCount("sector.conveners") != 1 {
			t.Error("conveners not audited")
		}
	})
}

// memberFormValues is the edit form as the browser would post it for m.
func memberFormValues(m member.Member) url.Values {
	v := url.Values{"name": {m.Name}, "gender": {m.Gender}, "ethnicity": {m.Ethnicity}, "party": {m.Party},
		"sector_id": {itoa(int(m.SectorID))}, "employer_title": {m.EmployerTitle}, "mobile": {m.Mobile}, "id_number": {m.IDNumber},
		"address": {m.Address}, "version": {itoa(m.Version)}, "title": m.Titles}
	if m.Standing {
		v.Set("standing", "1")
	}
	for _, sc := range m.SpecialCommittees {
		v.Add("sc", itoa(int(sc.ID)))
		v.Set("sc_pos_"+itoa(int(sc.ID)), string(sc.Position))
	}
	return v
}
