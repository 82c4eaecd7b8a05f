package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"xieshang/internal/account"
	"xieshang/internal/api"
	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/httpx"
	"xieshang/internal/member"
	"xieshang/internal/org"
	"xieshang/internal/proposal"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

// desk is the proposal fixture: a term, two members with accounts, the
// proposal office, three handling units and liaisons of two of them.
type desk struct {
	term                    org.Term
	unitA, unitB, unitC     org.Unit
	elsewhere               org.Unit // a handling unit of the other committee
	stranger                account.User
	val                     *responseValidator
	ctJSON                  map[string]string
	proposals               *proposal.Service
	memberUser, member2User account.User
}

// addDesk gives e the proposal fixture and serves e's requests through an
// API that has the proposal service, whatever the server wires.
func addDesk(t *testing.T, e *env) *desk {
	t.Helper()
	d := &desk{ctJSON: map[string]string{"Content-Type": jsonCT}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	op := authz.SystemActor(e.cid)
	orgs := org.NewService(sqldb.Org(e.db))
	members := member.NewService(sqldb.Members(e.db))
	d.proposals = proposal.NewService(sqldb.Proposals(e.db))

	var err error
	d.term, err = orgs.AddTerm(ctx, op, org.Term{Number: 11, StartsOn: time.Date(2023, 1, 10, 0, 0, 0, 0, time.UTC)})
	must(err)
	for _, u := range []struct {
		p    *org.Unit
		name string
	}{{&d.unitA, "示范市教育局"}, {&d.unitB, "示范市财政局"}, {&d.unitC, "示范市卫生健康委员会"}} {
		*u.p, err = orgs.AddUnit(ctx, op, org.Unit{Kind: org.Handling, Name: u.name})
		must(err)
	}
	d.elsewhere, err = orgs.AddUnit(ctx, authz.SystemActor(e.other), org.Unit{Kind: org.Handling, Name: "邻市教育局"})
	must(err)

	rw := []account.Scope{account.ScopeRead, account.ScopeWrite}
	d.member2User = e.user("member2", e.cid, "", authz.Member)
	d.memberUser = e.users["member"]
	e.user("outsider", e.cid, "", authz.Member) // a member of no term
	e.user("propoffice", e.cid, "", authz.ProposalOffice)
	e.user("unitA", e.cid, "13900000001", authz.UnitLiaison)
	e.user("unitB", e.cid, "13900000002", authz.UnitLiaison)
	e.token("member-ro", "member", []account.Scope{account.ScopeRead}, 30)
	for _, name := range []string{"member2", "outsider", "propoffice", "unitA", "unitB"} {
		e.token(name, name, rw, 30)
	}
	must(e.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := tx.LinkLiaison(ctx, d.unitA.ID, e.users["unitA"].ID); err != nil {
			return err
		}
		return tx.LinkLiaison(ctx, d.unitB.ID, e.users["unitB"].ID)
	}))
	mobiles := map[string]string{"member": "13812345678", "member2": "13812345679"}
	for _, name := range []string{"member", "member2"} {
		m, err := members.Create(ctx, op, member.Member{Name: name + "委员", Gender: member.Male, Mobile: mobiles[name],
			Memberships: []member.Membership{{TermID: d.term.ID, Status: member.Serving, StartedOn: d.term.StartsOn}}})
		must(err)
		must(members.LinkAccount(ctx, op, m.ID, e.users[name].ID))
	}

	a := api.New(api.Services{Accounts: e.app.Accounts, Audit: audit.NewViewer(sqldb.AuditLog(e.db)), Members: members,
		Org: orgs, Proposals: d.proposals, Clock: e.db.Clock}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	mux := http.NewServeMux()
	a.Routes(mux)
	mux.HandleFunc("/", a.NotFound)
	e.h = httpx.Log(slog.New(slog.NewTextHandler(io.Discard, nil)), httpx.LimitBody(httpx.MaxBodyBytes, mux))
	d.val = newResponseValidator(t, e)
	return d
}

// call sends a request, checks its status, validates the answer against
// the document and returns the decoded body.
func (d *desk) call(e *env, method, url, token, body string, status int) map[string]any {
	e.t.Helper()
	var r io.Reader
	var header map[string]string
	if body != "" {
		r, header = strings.NewReader(body), d.ctJSON
	}
	w := e.do(method, url, token, header, r)
	if w.Code != status {
		e.t.Fatalf("%s %s as %s: %d, want %d: %s", method, url, token, w.Code, status, w.Body)
	}
	d.val.check(e.t, method, url, header, w)
	var v map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		e.t.Fatalf("%s %s: %v", method, url, err)
	}
	return v
}

// step takes action on proposal id as token at the proposal's current
// version, with the step's fields, and returns the proposal after it.
func (d *desk) step(e *env, id int64, action, token, fields string, status int) map[string]any {
	e.t.Helper()
	return d.call(e, "POST", actionURL(id, action), token, fmt.Sprintf(`{"version":%d%s}`, d.version(e, id), fields), status)
}

// version reads the current version of proposal id from the database.
func (d *desk) version(e *env, id int64) int {
	e.t.Helper()
	var p proposal.Proposal
	err := e.db.View(ctx, func(tx *sqldb.Tx) error {
		var err error
		p, err = tx.ProposalByID(ctx, id)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return p.Version
}

func proposalURL(id int64) string { return "/api/v1/proposals/" + strconv.FormatInt(id, 10) }

func actionURL(id int64, action string) string { return proposalURL(id) + "/actions/" + action }

func num(v any) int64 { f, _ := v.(float64); return int64(f) }

// draftBody is a complete individual regular proposal of the fixture term.
func (d *desk) draftBody(title string) string { return d.draft(title, true) }

// draft is draftBody, public or not.
func (d *desk) draft(title string, public bool) string {
	return `{"kind":"individual","timing":"regular","term_id":` + strconv.FormatInt(d.term.ID, 10) +
		`,"title":"` + title + `","category":"社会","situation":"城区学校午餐供应不均。","analysis":"缺少统一配送。",` +
		`"suggestion":"建立中央厨房统一配送。","public":` + strconv.FormatBool(public) + `}`
}

// accepted creates, submits and accepts a proposal through the API and
// returns its id.
func (d *desk) accepted(e *env, title string, public bool) int64 {
	e.t.Helper()
	p := d.call(e, "POST", "/api/v1/proposals", "member", d.draft(title, public), http.StatusCreated)
	id := num(p["id"])
	d.step(e, id, "submit", "member", "", http.StatusOK)
	d.step(e, id, "accept", "propoffice", `,"note":"同意立案"`, http.StatusOK)
	return id
}

func (d *desk) jointUnits(lead, co org.Unit) string {
	return fmt.Sprintf(`,"mode":"joint","units":[{"unit_id":%d,"role":"lead"},{"unit_id":%d,"role":"co"}]`, lead.ID, co.ID)
}

// TestProposalJourney follows proposals through the API: a member drafts,
// edits and submits; the proposal office accepts and assigns 会办; the
// handling units' liaisons list, sign for, send views, ask for more time
// and reply, refused where the rules say so.
func TestProposalJourney(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		d := addDesk(t, e)

		// The member drafts, edits and submits.
		p := d.call(e, "POST", "/api/v1/proposals", "member", d.draftBody("关于改善中小学午餐供应的建议"), http.StatusCreated)
		p1 := num(p["id"])
		if p["state"] != "draft" || p["state_name"] != "草稿" || p["proposer_name"] != "member名" || num(p["version"]) != 1 {
			t.Fatalf("created %v", p)
		}
		if got := actions(p); !slices.Contains(got, "edit") || !slices.Contains(got, "submit") || slices.Contains(got, "accept") {
			t.Errorf("draft actions %v", got)
		}
		p = d.call(e, "PUT", proposalURL(p1), "member", `{"version":1,"kind":"individual","timing":"regular","term_id":`+
			strconv.FormatInt(d.term.ID, 10)+`,"title":"关于改善中小学午餐供应的建议","category":"社会","situation":"午餐供应不均。",`+
			`"suggestion":"建立中央厨房。"}`, http.StatusOK)
		if num(p["version"]) != 2 || p["analysis"] != "" || p["public"] != false {
			t.Errorf("edited %v", p)
		}
		p = d.step(e, p1, "submit", "member", "", http.StatusOK)
		if p["state"] != "submitted" {
			t.Fatalf("submitted %v", p["state"])
		}

		// The proposal office accepts and assigns it 会办: A leads, B co-handles.
		p = d.step(e, p1, "accept", "propoffice", `,"note":"同意立案"`, http.StatusOK)
		if p["code"] != "平时提案第0001号" || p["state"] != "accepted" {
			t.Fatalf("accepted %v %v", p["code"], p["state"])
		}
		p = d.step(e, p1, "assign", "propoffice", d.jointUnits(d.unitA, d.unitB), http.StatusOK)
		if p["state"] != "assigned" || p["mode"] != "joint" || p["mode_name"] != "会办" {
			t.Fatalf("assigned %v", p)
		}
		units := p["units"].([]any)
		if len(units) != 2 || units[0].(map[string]any)["name"] != "示范市教育局" || units[1].(map[string]any)["role_name"] != "协办" {
			t.Errorf("units %v", units)
		}
		// Another proposal 会办 the other way round, and one for B alone.
		p2 := d.accepted(e, "关于加强社区养老服务的建议", true)
		d.step(e, p2, "assign", "propoffice", d.jointUnits(d.unitB, d.unitA), http.StatusOK)
		p3 := d.accepted(e, "关于优化财政补贴发放的建议", false)
		d.step(e, p3, "assign", "propoffice", fmt.Sprintf(`,"mode":"single","units":[{"unit_id":%d}]`, d.unitB.ID), http.StatusOK)

		// Unit A lists its proposals only.
		list := d.call(e, "GET", "/api/v1/proposals", "unitA", "", http.StatusOK)
		if got := ids(list); !slices.Equal(got, []int64{p2, p1}) {
			t.Errorf("unit A lists %v, want %v", got, []int64{p2, p1})
		}
		list = d.call(e, "GET", "/api/v1/proposals?state=assigned", "unitB", "", http.StatusOK)
		if got := ids(list); !slices.Equal(got, []int64{p3, p2, p1}) {
			t.Errorf("unit B lists %v", got)
		}

		// A signs for P1; replying before B's views are in is refused.
		p = d.call(e, "GET", proposalURL(p1), "unitA", "", http.StatusOK)
		if got := actions(p); !slices.Equal(got, []string{"sign_for", "request_return"}) {
			t.Errorf("unit A may %v", got)
		}
		if p["proposer_mobile"] != "13812345678" {
			t.Errorf("the handling unit lacks the proposer's mobile: %v", p["proposer_mobile"])
		}
		if p = d.call(e, "GET", proposalURL(p1), "propoffice", "", http.StatusOK); p["proposer_mobile"] != nil {
			t.Errorf("the office gets the proposer's mobile: %v", p["proposer_mobile"])
		}
		p = d.step(e, p1, "sign_for", "unitA", "", http.StatusOK)
		if u := p["units"].([]any)[0].(map[string]any); u["state"] != "signed" || u["signed_at"] == nil {
			t.Errorf("signed %v", u)
		}
		reply := fmt.Sprintf(`,"unit_id":%d,"reply":{"class":"A","contact":"face_to_face","contacted_on":"2026-12-01",`+
			`"contact_person":"李明","contact_phone":"0951-1234567","signer":"王局长","letter":"已列入明年计划。"}`, d.unitA.ID)
		pr := d.step(e, p1, "reply", "unitA", reply, http.StatusConflict)
		if !strings.Contains(pr["detail"].(string), "协办单位尚未提交协办意见") {
			t.Errorf("early reply: %v", pr["detail"])
		}
		// A asks for more time.
		p = d.step(e, p1, "request_extension", "unitA", `,"until":"2027-04-30","reason":"需要财政预算配合"`, http.StatusOK)
		if ex := p["extensions"].([]any); len(ex) != 1 || ex[0].(map[string]any)["status"] != "pending" {
			t.Errorf("extensions %v", p["extensions"])
		}
		// B signs for P1 and sends its views.
		d.step(e, p1, "sign_for", "unitB", "", http.StatusOK)
		p = d.step(e, p1, "send_views", "unitB", `,"views":"同意主办单位意见,配合做好资金保障。"`, http.StatusOK)
		if u := p["units"].([]any)[1].(map[string]any); u["state"] != "views_sent" || u["views"] == "" {
			t.Errorf("views %v", u)
		}
		// A replies; the reply's rules are checked field by field first.
		pr = d.step(e, p1, "reply", "unitA", fmt.Sprintf(`,"reply":{"class":"E","contact":"phone","contacted_on":"2026-12-01",`+
			`"contact_person":"李明","contact_phone":"0951-1234567"}`), http.StatusUnprocessableEntity)
		if got := fieldNames(pr); !slices.Equal(got, []string{"reply.class", "reply.letter"}) {
			t.Errorf("bad reply fields %v: %v", got, pr)
		}
		p = d.step(e, p1, "reply", "unitA", reply, http.StatusOK)
		if p["state"] != "reply_review" || len(p["replies"].([]any)) != 1 {
			t.Fatalf("replied %v", p["state"])
		}
		if r := p["replies"].([]any)[0].(map[string]any); r["contacted_on"] != "2026-12-01" || r["class"] != "A" || r["status"] != "pending" {
			t.Errorf("reply %v", r)
		}
		if ex := p["extensions"].([]any)[0].(map[string]any); ex["status"] != "lapsed" {
			t.Errorf("extension after reply %v", ex)
		}
		tl := p["timeline"].([]any)
		var steps []string
		for _, ev := range tl {
			steps = append(steps, ev.(map[string]any)["action"].(string))
		}
		want := []string{"edit", "submit", "accept", "assign", "sign_for", "request_extension", "sign_for", "send_views", "reply"}
		if !slices.Equal(steps, want) {
			t.Errorf("timeline %v, want %v", steps, want)
		}

		// On P2, A co-handles: it signs for and sends views, but may not
		// ask for more time nor reply.
		d.step(e, p2, "sign_for", "unitA", "", http.StatusOK)
		pr = d.step(e, p2, "request_extension", "unitA", `,"until":"2027-04-30","reason":"需要时间"`, http.StatusForbidden)
		if !strings.Contains(pr["detail"].(string), "不承担此项办理工作") {
			t.Errorf("co-unit extension: %v", pr["detail"])
		}
		d.step(e, p2, "send_views", "unitA", `,"views":"建议与民政部门联合推进。"`, http.StatusOK)

		// B asks to return P3 (a reason is required), which A cannot see:
		// it is not public.
		pr = d.step(e, p3, "request_return", "unitB", `,"reason":"  "`, http.StatusUnprocessableEntity)
		if got := fieldNames(pr); !slices.Equal(got, []string{"reason"}) {
			t.Errorf("return without reason: %v", pr)
		}
		p = d.step(e, p3, "request_return", "unitB", `,"reason":"不属于本单位职责,建议改由市卫生健康委员会办理"`, http.StatusOK)
		if u := p["units"].([]any)[0].(map[string]any); u["state"] != "return_requested" {
			t.Errorf("return requested %v", u)
		}
		d.step(e, p3, "request_return", "unitA", `,"reason":"不属于本单位职责"`, http.StatusNotFound)
		d.call(e, "GET", proposalURL(p3), "unitA", "", http.StatusNotFound)

		// The office's queues.
		list = d.call(e, "GET", "/api/v1/proposals?state=reply_review,assigned&limit=1", "propoffice", "", http.StatusOK)
		if got := ids(list); !slices.Equal(got, []int64{p3}) || list["next_cursor"] == nil {
			t.Errorf("office page 1: %v", list)
		}
		list = d.call(e, "GET", "/api/v1/proposals?state=reply_review&state=assigned&limit=1&cursor="+list["next_cursor"].(string),
			"propoffice", "", http.StatusOK)
		if got := ids(list); !slices.Equal(got, []int64{p2}) {
			t.Errorf("office page 2: %v", list)
		}
		list = d.call(e, "GET", "/api/v1/proposals?state=reply_review", "propoffice", "", http.StatusOK)
		if got := ids(list); !slices.Equal(got, []int64{p1}) {
			t.Errorf("replies to review: %v", got)
		}
		it := list["items"].([]any)[0].(map[string]any)
		if it["code"] != "平时提案第0001号" || it["state_name"] != "答复待审核" || it["overdue"] != false || it["kind"] != "individual" {
			t.Errorf("summary %v", it)
		}
		// The member sees their own, another member none of them.
		list = d.call(e, "GET", "/api/v1/proposals?mine=1", "member", "", http.StatusOK)
		if got := ids(list); len(got) != 3 {
			t.Errorf("member's own: %v", got)
		}
		list = d.call(e, "GET", "/api/v1/proposals", "member2", "", http.StatusOK)
		if got := ids(list); len(got) != 0 {
			t.Errorf("another member sees %v", got)
		}
		list = d.call(e, "GET", "/api/v1/proposals?public=1", "member2", "", http.StatusOK)
		if got := ids(list); !slices.Equal(got, []int64{p2}) { // P1 was made private when edited, P3 never was public
			t.Errorf("public: %v", got)
		}

		// The error scenarios, against the state reached.
		v1 := strconv.Itoa(d.version(e, p1))
		v2 := strconv.Itoa(d.version(e, p2))
		term := strconv.FormatInt(d.term.ID, 10)
		e.run(t, d.val, []scenario{
			{name: "stale version", method: "POST", url: actionURL(p2, "sign_for"), token: "unitB", header: d.ctJSON,
				body: `{"version":` + strconv.Itoa(d.version(e, p2)-1) + `}`, status: 409,
				fields: map[string]any{"type": "/api/problems/conflict"}, contains: []string{"已被他人处理"}},
			{name: "step out of order", method: "POST", url: actionURL(p1, "accept"), token: "propoffice", header: d.ctJSON,
				body: `{"version":` + v1 + `}`, status: 409, contains: []string{"答复待审核"}},
			{name: "another member's proposal", method: "POST", url: actionURL(p1, "withdraw"), token: "member2", header: d.ctJSON,
				body: `{"version":` + v1 + `}`, status: 404, fields: map[string]any{"detail": "提案不存在"}},
			{name: "another member reads it", method: "GET", url: proposalURL(p1), token: "member2", status: 404},
			{name: "proposer may not act for the office", method: "POST", url: actionURL(p1, "approve_reply"), token: "member",
				header: d.ctJSON, body: `{"version":` + v1 + `,"unit_id":` + strconv.FormatInt(d.unitA.ID, 10) + `}`, status: 403},
			{name: "read-only token", method: "POST", url: actionURL(p1, "withdraw"), token: "member-ro", header: d.ctJSON,
				body: `{"version":` + v1 + `}`, status: 403, contains: []string{"写入"}},
			{name: "read-only token may not create", method: "POST", url: "/api/v1/proposals", token: "member-ro", header: d.ctJSON,
				body: d.draftBody("只读"), status: 403},
			{name: "unknown action", method: "POST", url: actionURL(p1, "approve_everything"), token: "propoffice", header: d.ctJSON,
				body: `{"version":` + v1 + `}`, status: 404, contains: []string{"没有“approve_everything”这项操作"}},
			{name: "edit is not an action", method: "POST", url: actionURL(p1, "edit"), token: "member", header: d.ctJSON,
				body: `{"version":` + v1 + `}`, status: 404, contains: []string{"PUT"}},
			{name: "no such proposal", method: "GET", url: proposalURL(999999), token: "propoffice", status: 404},
			{name: "no version", method: "POST", url: actionURL(p2, "send_views"), token: "unitB", header: d.ctJSON,
				body: `{"views":"同意"}`, status: 422, fields: map[string]any{"errors.0.field": "version"}},
			{name: "field the step does not use", method: "POST", url: actionURL(p2, "sign_for"), token: "unitB", header: d.ctJSON,
				body: `{"version":` + v2 + `,"views":"同意"}`, status: 422,
				fields: map[string]any{"errors.0.field": "views", "errors.0.message": "操作“签收”不使用字段“views”"}},
			{name: "unknown field", method: "POST", url: actionURL(p2, "sign_for"), token: "unitB", header: d.ctJSON,
				body: `{"version":` + v2 + `,"signature":"x"}`, status: 422, fields: map[string]any{"errors.0.field": "signature"}},
			{name: "bad date", method: "POST", url: actionURL(p2, "request_extension"), token: "unitB", header: d.ctJSON,
				body: `{"version":` + v2 + `,"until":"2027/04/30","reason":"需要时间"}`, status: 422,
				fields: map[string]any{"errors.0.field": "until"}},
			{name: "extension before signing for", method: "POST", url: actionURL(p2, "request_extension"), token: "unitB",
				header: d.ctJSON, body: `{"version":` + v2 + `,"until":"2027-12-31","reason":"需要时间"}`, status: 409,
				contains: []string{"签收"}},
			{name: "unit of another committee", method: "POST", url: actionURL(p3, "approve_return"), token: "propoffice", header: d.ctJSON,
				body:   `{"version":` + strconv.Itoa(d.version(e, p3)) + `,"unit_id":` + strconv.FormatInt(d.unitB.ID, 10) + `,"replacement_unit_id":` + strconv.FormatInt(d.elsewhere.ID, 10) + `}`,
				status: 422, fields: map[string]any{"errors.0.field": "replacement_unit_id"}, contains: []string{"不存在"}},
			{name: "office approves the return to another unit", method: "POST", url: actionURL(p3, "approve_return"), token: "propoffice",
				header: d.ctJSON, body: `{"version":` + strconv.Itoa(d.version(e, p3)) + `,"unit_id":` + strconv.FormatInt(d.unitB.ID, 10) +
					`,"replacement_unit_id":` + strconv.FormatInt(d.unitC.ID, 10) + `,"note":"改由卫健委办理"}`,
				status: 200, fields: map[string]any{"units.0.state": "returned", "units.1.name": "示范市卫生健康委员会",
					"units.1.state": "assigned", "state": "assigned"}, audits: []string{"proposal.approve_return"}},

			// Drafts: bad input names the field, and nothing is written.
			{name: "title too long", method: "POST", url: "/api/v1/proposals", token: "member", header: d.ctJSON,
				body: d.draftBody(strings.Repeat("长", 51)), status: 422, fields: map[string]any{"errors.0.field": "title"}},
			{name: "term of nowhere", method: "POST", url: "/api/v1/proposals", token: "member", header: d.ctJSON,
				body: `{"kind":"individual","timing":"regular","term_id":999999,"title":"无届"}`, status: 422,
				fields: map[string]any{"errors.0.field": "term_id"}},
			{name: "plenary without a session", method: "POST", url: "/api/v1/proposals", token: "member", header: d.ctJSON,
				body: `{"kind":"individual","timing":"plenary","term_id":` + term + `,"title":"大会"}`, status: 422,
				fields: map[string]any{"errors.0.field": "session_id"}},
			{name: "co-signer not a member of the term", method: "POST", url: "/api/v1/proposals", token: "member", header: d.ctJSON,
				body: `{"kind":"joint","timing":"regular","term_id":` + term + `,"title":"联名","cosigners":[` +
					strconv.FormatInt(d.member2User.ID, 10) + `,` + strconv.FormatInt(e.users["propoffice"].ID, 10) + `]}`,
				status: 422, fields: map[string]any{"errors.0.field": "cosigners"}, contains: []string{"不是该届的在任委员"}},
			{name: "proposer not a member of the term", method: "POST", url: "/api/v1/proposals", token: "outsider", header: d.ctJSON,
				body: d.draftBody("非本届委员"), status: 422, fields: map[string]any{"errors.0.field": "term_id"}},
			{name: "office staff do not propose", method: "POST", url: "/api/v1/proposals", token: "propoffice", header: d.ctJSON,
				body: d.draftBody("办公室"), status: 403},
			{name: "joint draft", method: "POST", url: "/api/v1/proposals", token: "member", header: d.ctJSON,
				body: `{"kind":"joint","timing":"regular","term_id":` + term + `,"title":"联名提案","cosigners":[` +
					strconv.FormatInt(d.member2User.ID, 10) + `]}`,
				status: 201, headers: map[string]string{"Location": "/api/v1/proposals/"},
				fields: map[string]any{"cosigners.0.name": "member2委员", "cosigners.0.status": "invited", "state": "draft"},
				audits: []string{"proposal.create"}},
			{name: "bad list filters", method: "GET", url: "/api/v1/proposals?state=bogus&mine=2&term_id=x", token: "propoffice", status: 422,
				fields: map[string]any{"errors.0.field": "term_id", "errors.1.field": "mine", "errors.2.field": "state"}},
			{name: "unknown list filter", method: "GET", url: "/api/v1/proposals?unit=1", token: "propoffice", status: 422,
				fields: map[string]any{"errors.0.field": "unit"}},
			{name: "members cursor on proposals", method: "GET", url: "/api/v1/proposals?cursor=eyJ2IjoxLCJvbiI6Im1lbWJlcnMiLCJrIjo1fQ",
				token: "propoffice", status: 422, fields: map[string]any{"errors.0.field": "cursor"}},
			{name: "action methods", method: "GET", url: actionURL(p1, "reply"), token: "propoffice", status: 405,
				headers: map[string]string{"Allow": "POST"}},
		})
	})
}

// TestProposalAssignErrors checks the assignment's input against the
// committee's units and the modes' rules.
func TestProposalAssignErrors(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		d := addDesk(t, e)
		id := d.accepted(e, "关于完善公共交通的建议", true)
		for _, c := range []struct{ fields, field string }{
			{`,"mode":"joint","units":[{"unit_id":999999,"role":"lead"}]`, "units"},
			{`,"mode":"joint","units":[{"unit_id":` + strconv.FormatInt(d.unitA.ID, 10) + `,"role":"lead"}]`, "units"},
			{`,"mode":"single","units":[]`, "units"},
			{`,"mode":"together","units":[{"unit_id":` + strconv.FormatInt(d.unitA.ID, 10) + `,"role":"lead"}]`, "mode"},
		} {
			pr := d.step(e, id, "assign", "propoffice", c.fields, http.StatusUnprocessableEntity)
			if got := fieldNames(pr); len(got) == 0 || got[0] != c.field {
				t.Errorf("%s: fields %v", c.fields, pr)
			}
		}
		p := d.call(e, "GET", proposalURL(id), "propoffice", "", http.StatusOK)
		if p["state"] != "accepted" || len(p["units"].([]any)) != 0 {
			t.Errorf("after refused assignments: %v", p)
		}
		if got := actions(p); !slices.Contains(got, "assign") || !slices.Contains(got, "mark_key") {
			t.Errorf("office may %v", got)
		}
		p = d.step(e, id, "mark_key", "propoffice", `,"decision":"2026年第3次主席会议","lead_leader":"副市长","supervisor":"政协副主席"`, http.StatusOK)
		if ki, _ := p["key_info"].(map[string]any); p["key"] != true || ki["decision"] != "2026年第3次主席会议" {
			t.Errorf("key %v", p)
		}
	})
}

func actions(p map[string]any) []string {
	var out []string
	for _, a := range p["available_actions"].([]any) {
		out = append(out, a.(map[string]any)["action"].(string))
	}
	return out
}

func ids(list map[string]any) []int64 {
	var out []int64
	for _, it := range list["items"].([]any) {
		out = append(out, num(it.(map[string]any)["id"]))
	}
	return out
}

func fieldNames(p map[string]any) []string {
	var out []string
	fs, _ := p["errors"].([]any)
	for _, f := range fs {
		out = append(out, f.(map[string]any)["field"].(string))
	}
	return out
}

// TestPlenarySubmission submits 大会提案 within and outside their session's
// submission window.
func TestPlenarySubmission(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		d := addDesk(t, e)
		orgs := org.NewService(sqldb.Org(db))
		op := authz.SystemActor(e.cid)
		soon, err := orgs.AddSession(ctx, op, d.term.ID, 4, time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC),
			time.Date(2027, 1, 13, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		later, err := orgs.AddSession(ctx, op, d.term.ID, 5, time.Date(2028, 1, 10, 0, 0, 0, 0, time.UTC),
			time.Date(2028, 1, 13, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		body := func(session org.Session) string {
			return strings.Replace(d.draftBody("关于发展夜间经济的建议"), `"timing":"regular"`,
				`"timing":"plenary","session_id":`+strconv.FormatInt(session.ID, 10), 1)
		}
		id := num(d.call(e, "POST", "/api/v1/proposals", "member", body(soon), http.StatusCreated)["id"])
		if p := d.step(e, id, "submit", "member", "", http.StatusOK); p["state"] != "submitted" || p["timing_name"] != "大会提案" {
			t.Errorf("submitted %v %v", p["state"], p["timing_name"])
		}
		id = num(d.call(e, "POST", "/api/v1/proposals", "member", body(later), http.StatusCreated)["id"])
		p := d.step(e, id, "submit", "member", "", http.StatusConflict)
		if !strings.Contains(p["detail"].(string), "不在大会提案征集期内") {
			t.Errorf("out of window: %v", p["detail"])
		}
		d.step(e, id, "submit", "member2", "", http.StatusNotFound)
		// A session of the term must be given, and be of that term.
		p = d.call(e, "POST", "/api/v1/proposals", "member", strings.Replace(body(soon),
			`"session_id":`+strconv.FormatInt(soon.ID, 10), `"session_id":999999`, 1), http.StatusUnprocessableEntity)
		if got := fieldNames(p); !slices.Equal(got, []string{"session_id"}) {
			t.Errorf("unknown session: %v", p)
		}
	})
}
