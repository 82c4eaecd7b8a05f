package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
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

// people is the directory fixture: the committee's lists, a term and seven
// members, and one member of the neighbouring committee.
type people struct {
	health, economy, elsewhereSector org.Item
	party                            org.Item
	proposals, elsewhereSpecial      org.Item
	term                             org.Term
	members                          map[string]member.Member // by name
	stranger                         member.Member            // of the other committee
	zhangID                          string                   // 张宏伟's full ID number
}

// addPeople gives e office staff and a leader with tokens, and the
// directory fixture.
func addPeople(t *testing.T, e *env) *people {
	t.Helper()
	rw := []account.Scope{account.ScopeRead, account.ScopeWrite}
	e.user("office", e.cid, "", authz.Office)
	e.user("leader", e.cid, "", authz.Leader)
	e.token("office", "office", rw, 30)
	e.token("office-ro", "office", []account.Scope{account.ScopeRead}, 30)
	e.token("leader", "leader", rw, 30)

	op := authz.SystemActor(e.cid)
	orgs := org.NewService(sqldb.Org(e.db))
	members := member.NewService(sqldb.Members(e.db))
	p := &people{members: map[string]member.Member{}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var err error
	p.health, err = orgs.AddItem(ctx, op, org.Sectors, "医卫")
	must(err)
	p.economy, err = orgs.AddItem(ctx, op, org.Sectors, "经济")
	must(err)
	p.party, err = orgs.AddItem(ctx, op, org.Parties, "民盟")
	must(err)
	p.proposals, err = orgs.AddItem(ctx, op, org.SpecialCommittees, "提案委员会")
	must(err)
	p.elsewhereSector, err = orgs.AddItem(ctx, authz.SystemActor(e.other), org.Sectors, "外市界别")
	must(err)
	p.elsewhereSpecial, err = orgs.AddItem(ctx, authz.SystemActor(e.other), org.SpecialCommittees, "外市专委会")
	must(err)
	p.term, err = orgs.AddTerm(ctx, op, org.Term{Number: 11, StartsOn: time.Date(2023, 1, 10, 0, 0, 0, 0, time.UTC)})
	must(err)

	birth := time.Date(1966, 5, 4, 0, 0, 0, 0, time.UTC)
	p.zhangID = idcard.Make("649901", birth, true, 7)
	for i, m := range []member.Member{
		{Name: "张宏伟", Gender: member.Male, Ethnicity: "汉族", Party: "民盟", SectorID: p.health.ID,
			EmployerTitle: "示范市第一人民医院副院长", Mobile: "13912345678", IDNumber: p.zhangID, Address: "示范市和平路 1 号",
			SpecialCommittees: []member.SpecialCommittee{{ID: p.proposals.ID, Position: member.Deputy}}, Standing: true,
			Memberships: []member.Membership{{TermID: p.term.ID, Status: member.Serving, StartedOn: p.term.StartsOn}}},
		{Name: "李秀兰", Gender: member.Female, SectorID: p.health.ID},
		{Name: "王建国", Gender: member.Male, SectorID: p.economy.ID, Titles: []string{"副主席"}},
		{Name: "赵敏", Gender: member.Female, Party: "民盟"},
		{Name: "陈立新", Gender: member.Male, Mobile: "13700000005"},
		{Name: "刘芳", Gender: member.Female},
		{Name: "张伟", Gender: member.Male, SpecialCommittees: []member.SpecialCommittee{{ID: p.proposals.ID}}},
	} {
		if m.IDNumber == "" {
			m.IDNumber = idcard.Make("649901", time.Date(1970+i, 3, 1, 0, 0, 0, 0, time.UTC), m.Gender == member.Male, i)
		}
		created, err := members.Create(ctx, op, m)
		must(err)
		p.members[m.Name] = created
	}
	p.stranger, err = members.Create(ctx, authz.SystemActor(e.other), member.Member{Name: "外市委员", Gender: member.Male})
	must(err)
	return p
}

func TestMemberScenarios(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		p := addPeople(t, e)
		val := newResponseValidator(t, e)
		ctJSON := map[string]string{"Content-Type": jsonCT}
		itoa := func(id int64) string { return strconv.FormatInt(id, 10) }
		mid := func(name string) string { return itoa(p.members[name].ID) }
		zhang := "/api/v1/members/" + mid("张宏伟")
		newID := idcard.Make("649901", time.Date(1980, 8, 8, 0, 0, 0, 0, time.UTC), false, 42)
		badChecksum := newID[:17] + map[bool]string{true: "1", false: "2"}[newID[17] != '1']
		body := func(fields string) string {
			return `{"name":"孙丽","gender":"女","ethnicity":"回族","party":"民盟","sector_id":` + itoa(p.economy.ID) +
				`,"employer_title":"示范市工商联副主席","mobile":"13600001111","id_number":"` + newID + `"` + fields + `}`
		}
		// The full update of 张宏伟: the same particulars but a new employer.
		zhangBody := func(version int, extra string) string {
			return fmt.Sprintf(`{"version":%d,"name":"张宏伟","gender":"男","ethnicity":"汉族","party":"民盟","sector_id":%d,`+
				`"special_committees":[{"id":%d,"position":"head"}],"employer_title":"示范市卫生健康委员会主任",`+
				`"mobile":"13912345678","id_number":"%s","address":"示范市和平路 1 号","standing":true%s}`,
				version, p.health.ID, p.proposals.ID, p.zhangID, extra)
		}

		e.run(t, val, []scenario{
			// The committee.
			{name: "own committee", method: "GET", url: "/api/v1/committee", token: "member", status: 200,
				fields: map[string]any{"id": e.cid, "name": "示范市政协"}},
			{name: "committee of an administrator", method: "GET", url: "/api/v1/committee", token: "auditor", status: 200,
				fields: map[string]any{"name": "示范市政协"}},

			// Lists, units and terms: read by whoever may view members.
			{name: "member reads sectors", method: "GET", url: "/api/v1/sectors", token: "member", status: 200,
				fields:   map[string]any{"items.0.name": "医卫", "items.0.position": 1, "items.1.name": "经济"},
				excludes: []string{"外市界别"}},
			{name: "member reads parties", method: "GET", url: "/api/v1/parties", token: "member", status: 200,
				fields: map[string]any{"items.0.name": "民盟"}},
			{name: "member reads special committees", method: "GET", url: "/api/v1/special-committees", token: "member",
				status: 200, fields: map[string]any{"items.0.name": "提案委员会"}, excludes: []string{"外市专委会"}},
			{name: "system admin may not read sectors", method: "GET", url: "/api/v1/sectors", token: "admin", status: 403},
			{name: "no units yet", method: "GET", url: "/api/v1/units", token: "member", status: 200,
				fields: map[string]any{"items": []any{}}},
			{name: "member reads terms", method: "GET", url: "/api/v1/terms", token: "member", status: 200,
				fields:   map[string]any{"items.0.number": 11, "items.0.name": "第十一届", "items.0.starts_on": "2023-01-10"},
				excludes: []string{"ends_on"}},

			// Adding to them: office staff only.
			{name: "office adds a sector", method: "POST", url: "/api/v1/sectors", token: "office", header: ctJSON,
				body: `{"name":" 教育 "}`, status: 201, fields: map[string]any{"name": "教育", "position": 3},
				audits: []string{"sector.create"}},
			{name: "office adds a party", method: "POST", url: "/api/v1/parties", token: "office", header: ctJSON,
				body: `{"name":"九三学社"}`, status: 201, fields: map[string]any{"name": "九三学社", "position": 2},
				audits: []string{"party.create"}},
			{name: "office adds a special committee", method: "POST", url: "/api/v1/special-committees", token: "office",
				header: ctJSON, body: `{"name":"文史委员会"}`, status: 201, fields: map[string]any{"name": "文史委员会"},
				audits: []string{"special_committee.create"}},
			{name: "duplicate sector", method: "POST", url: "/api/v1/sectors", token: "office", header: ctJSON,
				body: `{"name":"医卫"}`, status: 422, fields: map[string]any{"errors.0.field": "name", "errors.0.message": "界别“医卫”已存在"}},
			{name: "empty sector name", method: "POST", url: "/api/v1/sectors", token: "office", header: ctJSON,
				body: `{"name":"  "}`, status: 422, fields: map[string]any{"errors.0.field": "name"}},
			{name: "member may not add sectors", method: "POST", url: "/api/v1/sectors", token: "member", header: ctJSON,
				body: `{"name":"体育"}`, status: 403},
			{name: "read-only token may not add sectors", method: "POST", url: "/api/v1/sectors", token: "office-ro", header: ctJSON,
				body: `{"name":"体育"}`, status: 403, contains: []string{"写入"}},
			{name: "sector list grows", method: "GET", url: "/api/v1/sectors", token: "office", status: 200,
				fields: map[string]any{"items.2.name": "教育"}},
			{name: "office adds a handling unit", method: "POST", url: "/api/v1/units", token: "office", header: ctJSON,
				body:   `{"kind":"handling","category":"government","name":"示范市教育局"}`,
				status: 201, fields: map[string]any{"kind": "handling", "kind_name": "承办单位", "category": "government", "name": "示范市教育局"},
				audits: []string{"unit.create"}},
			{name: "office adds an office", method: "POST", url: "/api/v1/units", token: "office", header: ctJSON,
				body: `{"kind":"office","name":"提案委员会办公室"}`, status: 201,
				fields: map[string]any{"kind_name": "机关处室", "category": ""}, audits: []string{"unit.create"}},
			{name: "unit of unknown kind", method: "POST", url: "/api/v1/units", token: "office", header: ctJSON,
				body: `{"kind":"bank","name":"示范市银行"}`, status: 422, fields: map[string]any{"errors.0.field": "kind"}},
			{name: "member may not add units", method: "POST", url: "/api/v1/units", token: "member", header: ctJSON,
				body: `{"kind":"handling","name":"示范市财政局"}`, status: 403},
			{name: "units of one kind", method: "GET", url: "/api/v1/units?kind=handling", token: "leader", status: 200,
				fields: map[string]any{"items.0.name": "示范市教育局"}, excludes: []string{"提案委员会办公室"}},
			{name: "all units", method: "GET", url: "/api/v1/units", token: "member", status: 200,
				contains: []string{"示范市教育局", "提案委员会办公室"}},
			{name: "units of a bad kind", method: "GET", url: "/api/v1/units?kind=bank", token: "member", status: 422,
				fields: map[string]any{"errors.0.field": "kind"}},
			{name: "office adds a term", method: "POST", url: "/api/v1/terms", token: "office", header: ctJSON,
				body:   `{"number":12,"starts_on":"2028-01-10","ends_on":"2033-01-09"}`,
				status: 201, fields: map[string]any{"number": 12, "name": "第十二届", "starts_on": "2028-01-10", "ends_on": "2033-01-09"},
				audits: []string{"term.create"}},
			{name: "term dates malformed", method: "POST", url: "/api/v1/terms", token: "office", header: ctJSON,
				body: `{"number":13,"starts_on":"2033/01/10","ends_on":"soon"}`, status: 422,
				fields: map[string]any{"errors.0.field": "starts_on", "errors.1.field": "ends_on"}},
			{name: "term rules", method: "POST", url: "/api/v1/terms", token: "office", header: ctJSON,
				body: `{"number":0,"starts_on":"2033-01-10","ends_on":"2030-01-01"}`, status: 422,
				fields: map[string]any{"errors.0.field": "number", "errors.1.field": "ends_on"}},
			{name: "duplicate term", method: "POST", url: "/api/v1/terms", token: "office", header: ctJSON,
				body: `{"number":11,"starts_on":"2023-01-10"}`, status: 422, fields: map[string]any{"errors.0.field": "number"}},
			{name: "member may not add terms", method: "POST", url: "/api/v1/terms", token: "member", header: ctJSON,
				body: `{"number":13,"starts_on":"2033-01-10"}`, status: 403},
			{name: "terms in order", method: "GET", url: "/api/v1/terms", token: "member", status: 200,
				fields: map[string]any{"items.0.number": 11, "items.1.number": 12, "items.1.ends_on": "2033-01-09"}},

			// The directory, masked.
			{name: "member lists members masked", method: "GET", url: "/api/v1/members", token: "member", status: 200,
				fields: map[string]any{"items.0.name": "陈立新", "items.1.name": "刘芳", "items.2.name": "李秀兰",
					"items.3.name": "王建国", "items.4.name": "张宏伟", "items.5.name": "张伟", "items.6.name": "赵敏",
					"items.4.mobile": "139****5678", "items.4.sector_name": "医卫", "items.4.standing": true,
					"items.4.birth_year": 1966, "items.4.birth_month": 5, "items.4.birth_day": 4, "items.3.titles.0": "副主席"},
				// Lists carry the masked mobile only; the identity number and
				// address come with a single member.
				contains: []string{`"mobile":"139****5678"`},
				excludes: []string{"13912345678", p.zhangID, "和平路", "外市委员", "next_cursor", `"id_number"`, `"address"`}},
			{name: "first page of two", method: "GET", url: "/api/v1/members?limit=2", token: "member", status: 200,
				fields: map[string]any{"items.0.name": "陈立新", "items.1.name": "刘芳"}, contains: []string{`"next_cursor":"`}},
			{name: "search by initials", method: "GET", url: "/api/v1/members?q=zhw", token: "member", status: 200,
				fields: map[string]any{"items.0.name": "张宏伟"}, excludes: []string{`"name":"张伟"`}},
			{name: "search by full pinyin", method: "GET", url: "/api/v1/members?q=ZhangWei", token: "member", status: 200,
				fields: map[string]any{"items.0.name": "张伟"}, excludes: []string{"张宏伟"}},
			{name: "search by name", method: "GET", url: "/api/v1/members?q=" + url.QueryEscape("秀兰"), token: "member", status: 200,
				fields: map[string]any{"items.0.name": "李秀兰"}, excludes: []string{"张宏伟"}},
			{name: "filter by sector", method: "GET", url: "/api/v1/members?sector=" + itoa(p.health.ID), token: "member", status: 200,
				fields: map[string]any{"items.0.name": "李秀兰", "items.1.name": "张宏伟"}, excludes: []string{"王建国", "赵敏"}},
			{name: "filter by party and special committee", method: "GET",
				url: "/api/v1/members?party=" + url.QueryEscape("民盟") + "&special=" + itoa(p.proposals.ID), token: "member", status: 200,
				fields: map[string]any{"items.0.name": "张宏伟"}, excludes: []string{"赵敏", `"name":"张伟"`}},
			{name: "filter by standing", method: "GET", url: "/api/v1/members?title=" + url.QueryEscape("常委"), token: "member",
				status: 200, fields: map[string]any{"items.0.name": "张宏伟"}, excludes: []string{"王建国"}},
			{name: "filter by title", method: "GET", url: "/api/v1/members?title=" + url.QueryEscape("副主席"), token: "member",
				status: 200, fields: map[string]any{"items.0.name": "王建国"}, excludes: []string{"张宏伟"}},
			{name: "another committee's sector matches nobody", method: "GET", url: "/api/v1/members?sector=" + itoa(p.elsewhereSector.ID),
				token: "member", status: 200, fields: map[string]any{"items": []any{}}},
			{name: "bad filters", method: "GET", url: "/api/v1/members?sector=abc&special=0&title=" + url.QueryEscape("委员"),
				token: "member", status: 422,
				fields: map[string]any{"errors.0.field": "sector", "errors.1.field": "special", "errors.2.field": "title"}},
			{name: "unknown filter", method: "GET", url: "/api/v1/members?gender=" + url.QueryEscape("男"), token: "member",
				status: 422, fields: map[string]any{"errors.0.field": "gender"}},
			{name: "users cursor on members", method: "GET", url: "/api/v1/members?cursor=eyJ2IjoxLCJvbiI6InVzZXJzIiwiayI6NX0",
				token: "member", status: 422, fields: map[string]any{"errors.0.field": "cursor"}},
			{name: "system admin may not list members", method: "GET", url: "/api/v1/members", token: "admin", status: 403},

			// One member.
			{name: "member reads a member masked", method: "GET", url: zhang, token: "member", status: 200,
				fields: map[string]any{"name": "张宏伟", "mobile": "139****5678", "address": "[已隐藏]", "committee_id": e.cid,
					"special_committees.0.name": "提案委员会", "special_committees.0.position": "deputy",
					"special_committees.0.position_name": "副主任", "memberships.0.term_name": "第十一届",
					"memberships.0.status": "serving", "memberships.0.status_name": "在任", "memberships.0.started_on": "2023-01-10",
					"version": 1},
				excludes: []string{"13912345678", p.zhangID, "和平路", "ended_on"}},
			{name: "reveal as member", method: "GET", url: zhang + "?reveal=true", token: "member", status: 403,
				fields: map[string]any{"type": "/api/problems/forbidden"}, excludes: []string{"13912345678"}},
			{name: "reveal as office", method: "GET", url: zhang + "?reveal=true", token: "office", status: 200,
				fields: map[string]any{"mobile": "13912345678", "id_number": p.zhangID, "address": "示范市和平路 1 号"},
				audits: []string{"unmask"}},
			{name: "reveal as leader", method: "GET", url: zhang + "?reveal=true", token: "leader", status: 200,
				fields: map[string]any{"mobile": "13912345678"}, audits: []string{"unmask"}},
			{name: "office reads masked by default", method: "GET", url: zhang + "?reveal=false", token: "office", status: 200,
				fields: map[string]any{"mobile": "139****5678"}, excludes: []string{"13912345678"}},
			{name: "reveal not a boolean", method: "GET", url: zhang + "?reveal=yes", token: "office", status: 422,
				fields: map[string]any{"errors.0.field": "reveal"}},
			{name: "another committee's member", method: "GET", url: "/api/v1/members/" + itoa(p.stranger.ID), token: "office",
				status: 404, fields: map[string]any{"detail": "委员不存在", "type": "/api/problems/not-found"}},
			{name: "another committee's member revealed", method: "GET", url: "/api/v1/members/" + itoa(p.stranger.ID) + "?reveal=true",
				token: "office", status: 404},
			{name: "no such member", method: "GET", url: "/api/v1/members/999999", token: "member", status: 404},
			{name: "member id not a number", method: "GET", url: "/api/v1/members/abc", token: "member", status: 404,
				fields: map[string]any{"detail": "委员不存在"}},
			{name: "system admin may not read members", method: "GET", url: zhang, token: "admin", status: 403},

			// Creating members.
			{name: "office creates a member", method: "POST", url: "/api/v1/members", token: "office", header: ctJSON,
				body:   body(`,"address":"示范市解放路 2 号","special_committees":[{"id":` + itoa(p.proposals.ID) + `}],"titles":["秘书长"]`),
				status: 201, headers: map[string]string{"Location": "/api/v1/members/"},
				fields: map[string]any{"name": "孙丽", "gender": "女", "birth_year": 1980, "birth_month": 8, "birth_day": 8,
					"sector_name": "经济", "mobile": "136****1111", "address": "[已隐藏]", "version": 1,
					"special_committees.0.position": "member", "titles.0": "秘书长", "memberships": []any{}},
				excludes: []string{"13600001111", newID, "解放路"}, audits: []string{"member.create"}},
			{name: "member may not create members", method: "POST", url: "/api/v1/members", token: "member", header: ctJSON,
				body: `{"name":"钱多","gender":"男"}`, status: 403},
			{name: "bad ID checksum", method: "POST", url: "/api/v1/members", token: "office", header: ctJSON,
				body: `{"name":"钱多","gender":"女","id_number":"` + badChecksum + `"}`, status: 422,
				fields: map[string]any{"errors.0.field": "id_number", "errors.0.message": "身份证号校验位不正确,请核对是否抄错"}},
			{name: "ID disagrees with gender", method: "POST", url: "/api/v1/members", token: "office", header: ctJSON,
				body: `{"name":"钱多","gender":"男","id_number":"` + newID + `"}`, status: 422,
				fields: map[string]any{"errors.0.field": "gender"}},
			{name: "member rules", method: "POST", url: "/api/v1/members", token: "office", header: ctJSON,
				body: `{"name":"","gender":"未知","mobile":"12345","titles":["队长"]}`, status: 422,
				fields: map[string]any{"errors.0.field": "name", "errors.1.field": "gender", "errors.2.field": "mobile",
					"errors.3.field": "titles"}},
			{name: "unknown member field", method: "POST", url: "/api/v1/members", token: "office", header: ctJSON,
				body: `{"name":"钱多","gender":"男","nickname":"多多"}`, status: 422,
				fields: map[string]any{"errors.0.field": "nickname"}},
			{name: "member field of the wrong type", method: "POST", url: "/api/v1/members", token: "office", header: ctJSON,
				body: `{"name":"钱多","gender":"男","sector_id":"医卫"}`, status: 422,
				fields: map[string]any{"errors.0.field": "sector_id"}},
			{name: "duplicate ID number", method: "POST", url: "/api/v1/members", token: "office", header: ctJSON,
				body: `{"name":"张红","gender":"男","id_number":"` + p.zhangID + `"}`, status: 422,
				fields: map[string]any{"errors.0.field": "id_number", "errors.0.message": "已有委员使用相同的身份证号或手机号码"}},
			{name: "sector of another committee", method: "POST", url: "/api/v1/members", token: "office", header: ctJSON,
				body: `{"name":"钱多","gender":"男","sector_id":` + itoa(p.elsewhereSector.ID) + `}`, status: 422,
				fields: map[string]any{"errors.0.field": "sector_id"}},
			{name: "special committee of another committee", method: "POST", url: "/api/v1/members", token: "office", header: ctJSON,
				body: `{"name":"钱多","gender":"男","special_committees":[{"id":` + itoa(p.elsewhereSpecial.ID) + `}]}`, status: 422,
				fields: map[string]any{"errors.0.field": "special_committees"}},
			{name: "bad special committee position", method: "POST", url: "/api/v1/members", token: "office", header: ctJSON,
				body:   `{"name":"钱多","gender":"男","special_committees":[{"id":` + itoa(p.proposals.ID) + `,"position":"boss"}]}`,
				status: 422, fields: map[string]any{"errors.0.field": "special_committees"}},

			// Updating members.
			{name: "office updates a member", method: "PUT", url: zhang, token: "office", header: ctJSON, body: zhangBody(1, ""),
				status: 200, fields: map[string]any{"version": 2, "employer_title": "示范市卫生健康委员会主任",
					"special_committees.0.position": "head", "mobile": "139****5678", "memberships.0.term_name": "第十一届"},
				excludes: []string{"13912345678"}, audits: []string{"member.update"}},
			{name: "stale version", method: "PUT", url: zhang, token: "office", header: ctJSON, body: zhangBody(1, ""),
				status: 409, fields: map[string]any{"type": "/api/problems/conflict", "detail": "该委员信息已被他人修改,请刷新后重新编辑"}},
			{name: "no version", method: "PUT", url: zhang, token: "office", header: ctJSON,
				body: `{"name":"张宏伟","gender":"男"}`, status: 422, fields: map[string]any{"errors.0.field": "version"}},
			{name: "update breaking the rules", method: "PUT", url: zhang, token: "office", header: ctJSON,
				body: zhangBody(2, `,"titles":["队长"]`), status: 422, fields: map[string]any{"errors.0.field": "titles"}},
			{name: "member may not update members", method: "PUT", url: zhang, token: "member", header: ctJSON,
				body: zhangBody(2, ""), status: 403},
			{name: "update another committee's member", method: "PUT", url: "/api/v1/members/" + itoa(p.stranger.ID), token: "office",
				header: ctJSON, body: `{"version":1,"name":"外市委员","gender":"男"}`, status: 404},
			{name: "update a missing member", method: "PUT", url: "/api/v1/members/999999", token: "office",
				header: ctJSON, body: `{"version":1,"name":"无名","gender":"男"}`, status: 404},
			{name: "update is read back", method: "GET", url: zhang, token: "member", status: 200,
				fields: map[string]any{"version": 2, "employer_title": "示范市卫生健康委员会主任"}},
			{name: "member methods", method: "DELETE", url: zhang, token: "office", status: 405,
				headers: map[string]string{"Allow": "GET, HEAD, PUT"}},
		})
	})
}

// TestMemberPagination walks the directory page by page: the same members
// in pinyin order whatever the page size, with filters kept across pages.
func TestMemberPagination(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		p := addPeople(t, e)
		type item struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		}
		type list struct {
			Items      []item  `json:"items"`
			NextCursor *string `json:"next_cursor"`
		}
		walk := func(query string, limit int) []string {
			var out []string
			next := ""
			for pages := 0; ; pages++ {
				if pages > 20 {
					t.Fatalf("%s: no last page", query)
				}
				u := fmt.Sprintf("/api/v1/members?limit=%d%s", limit, query)
				if next != "" {
					u += "&cursor=" + url.QueryEscape(next)
				}
				var l list
				e.getJSON(u, "member", &l)
				if len(l.Items) > limit || len(l.Items) == 0 && l.NextCursor != nil {
					t.Fatalf("%s: page of %d, next %v", u, len(l.Items), l.NextCursor)
				}
				for _, it := range l.Items {
					out = append(out, it.Name)
				}
				if l.NextCursor == nil {
					return out
				}
				next = *l.NextCursor
			}
		}
		want := []string{"陈立新", "刘芳", "李秀兰", "王建国", "张宏伟", "张伟", "赵敏"}
		for _, limit := range []int{1, 2, 3, 7, 50} {
			if got := walk("", limit); !slices.Equal(got, want) {
				t.Errorf("limit %d: %v, want %v", limit, got, want)
			}
		}
		if got := walk("&sector="+strconv.FormatInt(p.health.ID, 10), 1); !slices.Equal(got, []string{"李秀兰", "张宏伟"}) {
			t.Errorf("sector walk: %v", got)
		}
		if got := walk("&q=zh", 2); !slices.Equal(got, []string{"张宏伟", "张伟", "赵敏"}) {
			t.Errorf("search walk: %v", got)
		}

		// Two members of one name keep their places by id across pages.
		members := member.NewService(sqldb.Members(db))
		for range 2 {
			if _, err := members.Create(ctx, authz.SystemActor(e.cid), member.Member{Name: "张伟", Gender: member.Male}); err != nil {
				t.Fatal(err)
			}
		}
		got := walk("&q="+url.QueryEscape("张伟"), 1)
		if !slices.Equal(got, []string{"张伟", "张伟", "张伟"}) {
			t.Errorf("namesakes: %v", got)
		}
		var all list
		e.getJSON("/api/v1/members?q="+url.QueryEscape("张伟"), "member", &all)
		if len(all.Items) != 3 || !slices.IsSortedFunc(all.Items, func(a, b item) int { return int(a.ID - b.ID) }) {
			t.Errorf("namesakes not in id order: %+v", all.Items)
		}
	})
}

// TestCreateMemberThenRead follows the Location of a created member and
// reveals it as office staff.
func TestCreateMemberThenRead(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		addPeople(t, e)
		id := idcard.Make("649901", time.Date(1975, 2, 3, 0, 0, 0, 0, time.UTC), true, 11)
		w := e.do("POST", "/api/v1/members", "office", map[string]string{"Content-Type": jsonCT},
			strings.NewReader(`{"name":"周强","gender":"男","mobile":"13511112222","id_number":"`+id+`"}`))
		if w.Code != http.StatusCreated {
			t.Fatalf("create: %d %s", w.Code, w.Body)
		}
		var created struct {
			ID     int64  `json:"id"`
			Mobile string `json:"mobile"`
		}
		json.Unmarshal(w.Body.Bytes(), &created)
		loc := w.Header().Get("Location")
		if loc != "/api/v1/members/"+strconv.FormatInt(created.ID, 10) || created.Mobile != "135****2222" {
			t.Fatalf("Location %q, created %+v", loc, created)
		}
		var got map[string]any
		e.getJSON(loc, "member", &got)
		if got["name"] != "周强" || got["mobile"] != "135****2222" || got["birth_year"] != float64(1975) {
			t.Errorf("read back %v", got)
		}
		e.getJSON(loc+"?reveal=true", "office", &got)
		if got["mobile"] != "13511112222" || got["id_number"] != id {
			t.Errorf("revealed %v", got)
		}
	})
}
