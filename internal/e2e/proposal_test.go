package e2e

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"xieshang/internal/authz"
	"xieshang/internal/member"
	"xieshang/internal/org"
	"xieshang/internal/sqldb"
)

// proposalFixture is a committee ready for proposals: a term, a sector,
// two handling units with a liaison each, a proposal-office account and
// two serving members with accounts.
type proposalFixture struct {
	lead, co         org.Unit
	leadUser, coUser *user // liaisons of lead and co
	office           *user // 提案委员会办公室, with TOTP
	author, cosigner *user // serving members of the term, in sector sectorName
	sectorName       string
}

// newProposalFixture builds the people of a proposal's journey through the
// services, as the office would have set them up.
func (e *env) newProposalFixture() *proposalFixture {
	e.t.Helper()
	t := e.t
	ctx, op := context.Background(), authz.SystemActor(e.committee)
	orgs := org.NewService(sqldb.Org(e.db))
	term, err := orgs.AddTerm(ctx, op, org.Term{Number: 11, StartsOn: time.Date(2023, 1, 10, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("term: %v", err)
	}
	sector, err := orgs.AddItem(ctx, op, org.Sectors, "经济")
	if err != nil {
		t.Fatalf("sector: %v", err)
	}
	f := &proposalFixture{sectorName: sector.Name}
	if f.lead, err = orgs.AddUnit(ctx, op, org.Unit{Kind: org.Handling, Name: "市住房和城乡建设局"}); err != nil {
		t.Fatalf("lead unit: %v", err)
	}
	if f.co, err = orgs.AddUnit(ctx, op, org.Unit{Kind: org.Handling, Name: "市财政局"}); err != nil {
		t.Fatalf("co-unit: %v", err)
	}
	f.leadUser = e.newUser("zhujianju", "王建国", authz.UnitLiaison)
	f.coUser = e.newUser("caizhengju", "刘晓燕", authz.UnitLiaison)
	for _, l := range []struct {
		unit int64
		u    *user
	}{{f.lead.ID, f.leadUser}, {f.co.ID, f.coUser}} {
		q := "INSERT INTO unit_liaisons (unit_id, user_id) VALUES (?, ?)"
		if e.db.Dialect == sqldb.Postgres {
			q = "INSERT INTO unit_liaisons (unit_id, user_id) VALUES ($1, $2)"
		}
		if _, err := e.db.W.Exec(q, l.unit, l.u.ID); err != nil {
			t.Fatalf("liaison of unit %d: %v", l.unit, err)
		}
	}
	f.office = e.newUser("tianyaban", "田亚斌", authz.ProposalOffice)
	e.enrollTOTP(f.office)

	members := member.NewService(sqldb.Members(e.db))
	serving := []member.Membership{{TermID: term.ID, Status: member.Serving, StartedOn: term.StartsOn}}
	addMember := func(username, name, gender, mobile string) *user {
		u := e.newUser(username, name, authz.Member)
		m, err := members.Create(ctx, op, member.Member{Name: name, Gender: gender, SectorID: sector.ID,
			EmployerTitle: "示范市某单位", Mobile: mobile, Memberships: serving})
		if err != nil {
			t.Fatalf("member %s: %v", name, err)
		}
		if err := members.LinkAccount(ctx, op, m.ID, u.ID); err != nil {
			t.Fatalf("link %s: %v", name, err)
		}
		return u
	}
	f.author = addMember("hanmeiling", "韩美玲", member.Female, "13909521234")
	f.cosigner = addMember("chenzhiyuan", "陈志远", member.Male, "13909525678")
	return f
}

// asPerson opens another isolated browser tab at phone width on the same
// application, for another person of a journey; on failure its page is
// recorded too.
func (e *env) asPerson(name string) *env {
	e.t.Helper()
	ctx, tabCtx := newTab(e.t)
	o := *e
	o.ctx = ctx
	e.t.Cleanup(func() {
		if e.t.Failed() {
			o.recordTab(tabCtx, name)
		}
	})
	o.phone()
	return &o
}

// phone makes the tab a 390 px wide phone.
func (e *env) phone() {
	e.t.Helper()
	e.do(chromedp.EmulateViewport(phoneWidth, phoneHeight,
		chromedp.EmulateScale(3), chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait))
}

// recordTab keeps a screenshot and the text of a person's tab.
func (e *env) recordTab(tabCtx context.Context, name string) {
	ctx, cancel := context.WithTimeout(tabCtx, 5*time.Second)
	defer cancel()
	file := e.screenshot(ctx, name+"-failure")
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	e.t.Logf("tab of %s at failure: %s (screenshot %s)\n%s", name, loc, file, text)
}

// acceptDialogs accepts every confirm dialog of the tab, as a person who
// taps 确定, and returns the messages shown so far.
func (e *env) acceptDialogs() func() []string {
	var mu sync.Mutex
	var seen []string
	ctx := e.ctx
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			mu.Lock()
			seen = append(seen, ev.Message)
			mu.Unlock()
			if _, err := chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true}); err != nil {
				return
			}
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(seen)
	}
}

// step presses the button with the given id on the proposal page and
// checks that the step was taken: back on the proposal page, with the
// flash and no error.
func (e *env) step(proposal, buttonID string) {
	e.t.Helper()
	if status := e.press("#" + buttonID); status != 200 {
		e.t.Fatalf("step %s: status %d; page says %q", buttonID, status, e.text("main"))
	}
	e.wantPath(proposal)
	e.wantText("main .alert.ok", "已办理")
}

// timelineSteps returns the step names of the timeline of the page shown.
func (e *env) timelineSteps() []string {
	e.t.Helper()
	return e.texts("section#timeline ol.timeline li > strong")
}

// The journey at phone width: a member drafts a joint proposal
// (saved as she types), a co-signer confirms, the proposal office accepts
// it and assigns it 会办, the 协办 unit sends views, the 主办 replies, the
// member is 不满意, the office orders 重新办理, the second reply satisfies
// both proposers and the proposal closes; the member's timeline, like a
// parcel tracker, shows every step.
func TestProposalJourneyOnPhone(t *testing.T) {
	e := newEnv(t)
	f := e.newProposalFixture()
	e.phone()
	lead, co := strconv.FormatInt(f.lead.ID, 10), strconv.FormatInt(f.co.ID, 10)
	const title = "关于加快老旧小区加装电梯的建议"

	// 韩美玲 starts a proposal from her list.
	e.loginAs(f.author)
	e.open("/proposals")
	e.press("#new-proposal")
	e.wantPath("/proposals/new")
	e.wantText("main", "一事一案")
	e.checkPhoneLayout()
	e.do(chromedp.SetValue(chromedp.ID("category"), "社会"),
		chromedp.SetValue(chromedp.ID("kind"), "joint"))
	// She picks her co-signer in the multi-select.
	cosigner := strconv.FormatInt(f.cosigner.ID, 10)
	options := e.texts("#cosigner option")
	if !slices.Contains(options, "陈志远("+f.sectorName+")") {
		t.Fatalf("co-signer choices %v lack 陈志远(%s)", options, f.sectorName)
	}
	if slices.ContainsFunc(options, func(o string) bool { return strings.HasPrefix(o, f.author.Name) }) {
		t.Errorf("co-signer choices %v offer the author herself", options)
	}
	e.do(chromedp.SetValue(chromedp.ID("cosigner"), cosigner))
	e.fill("situation", "全市建成于2000年以前的老旧小区约1200个,多数住宅为六层无电梯,老年居民上下楼困难。")
	e.fill("analysis", "审批环节多、资金分担难、低层住户意见不一,是加装进展缓慢的主要原因。")
	e.fill("suggestion", "一是简化审批,实行联合审查;二是加大财政补贴,允许提取住房公积金;三是建立协商议事机制。")
	e.click(`input[name=public]`)
	// Typing the title saves the draft after a pause: the address becomes
	// the draft's and the form says so.
	e.do(chromedp.Click(chromedp.ID("title")), chromedp.SendKeys(chromedp.ID("title"), title))
	typed := time.Now()
	editPath := regexp.MustCompile(`^/proposals/(\d+)/edit$`)
	for !editPath.MatchString(e.path()) || !strings.Contains(e.text(".autosave-status"), "草稿已自动保存") {
		if time.Since(typed) > 8*time.Second {
			t.Fatalf("8 s after typing the title: page %s, status %q; want /proposals/{id}/edit and 草稿已自动保存",
				e.path(), e.text(".autosave-status"))
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("autosaved %.1f s after typing", time.Since(typed).Seconds())
	id := editPath.FindStringSubmatch(e.path())[1]
	proposal := "/proposals/" + id
	if got := eval[string](e, `document.getElementById("proposal-form").getAttribute("action")`); got != proposal+"/edit" {
		t.Errorf("after the autosave the form posts to %s, want %s", got, proposal+"/edit")
	}
	// She promises one matter and invites her co-signer.
	e.click(`input[name=one_matter]`)
	e.press("#invite")
	e.wantPath(proposal)
	e.wantText("main .alert.ok", "已邀请联名人确认")
	e.wantText("main h1", title) // typed, not set: what the person typed was kept
	e.wantText("main .meta .badge", "待联名确认")
	e.wantText("main dl.kv", "陈志远")
	e.checkPhoneLayout()

	// 陈志远 finds the invitation on his phone and confirms.
	cs := e.asPerson("cosigner")
	cs.loginAs(f.cosigner)
	cs.open("/proposals")
	cs.press(fmt.Sprintf(`main a[href=%q]`, proposal))
	cs.wantPath(proposal)
	cs.wantText("#steps", "韩美玲 邀请您作为联名人")
	cs.checkPhoneLayout()
	cs.submit(proposal + "/do/confirm")
	cs.wantPath(proposal)
	cs.wantText("main dl.kv", "已确认")

	// 韩美玲 submits.
	e.open(proposal)
	e.submit(proposal + "/do/submit")
	e.wantPath(proposal)
	e.wantText("main .meta .badge", "待审查")

	// The proposal office accepts it and assigns it 会办.
	off := e.asPerson("office")
	dialogs := off.acceptDialogs()
	off.loginAs(f.office)
	off.open("/proposals")
	off.wantText("main", title)
	off.checkPhoneLayout()
	off.open(proposal)
	off.checkPhoneLayout()
	off.step(proposal, "accept")
	off.wantText("#proposal-code", "号")
	off.do(chromedp.SetValue(chromedp.ID("mode"), "joint"),
		chromedp.SetValue(chromedp.ID("lead_unit"), lead))
	off.click(fmt.Sprintf(`input[name=other_unit][value=%q]`, co))
	off.step(proposal, "assign")
	off.wantText("#units", "会办")
	off.wantText("#units", "市住房和城乡建设局")
	off.wantText("#units", "市财政局")

	// The 协办 unit signs for it and sends its views to the 主办.
	cu := e.asPerson("co-unit")
	cu.loginAs(f.coUser)
	cu.open("/proposals")
	cu.wantText("main", title)
	cu.open(proposal)
	cu.checkPhoneLayout()
	if cu.text("#reply-"+co) != "" || cu.text("#sign-"+lead) != "" {
		t.Error("the 协办 unit is offered the 主办's steps")
	}
	cu.step(proposal, "sign-"+co)
	cu.fill("send_views-views", "建议将加装电梯补贴纳入明年财政预算,市级按每台15万元补助。")
	cu.step(proposal, "views-"+co)
	cu.wantText("#units", "纳入明年财政预算")

	// The 主办 unit signs for it and replies.
	lu := e.asPerson("lead-unit")
	lu.loginAs(f.leadUser)
	lu.open(proposal)
	lu.wantText("#units", "纳入明年财政预算") // the 协办's views reach the 主办
	lu.step(proposal, "sign-"+lead)
	reply := func(class, letter string) {
		lu.checkPhoneLayout()
		lu.do(chromedp.SetValue(chromedp.ID("class"), class),
			chromedp.SetValue(chromedp.ID("contact"), "face_to_face"))
		if got := eval[string](lu, `document.getElementById("contacted_on").value`); got == "" {
			t.Error("the contact date has no default")
		}
		lu.fill("contact_person", "周科长")
		lu.fill("contact_phone", "0951-6012345")
		lu.fill("signer", "吴局长")
		lu.fill("letter", letter)
		lu.step(proposal, "reply-"+lead)
	}
	reply("B", "您提出的关于加快老旧小区加装电梯的建议收悉。我局将会同有关部门研究简化审批流程。")
	lu.wantText("#replies", "第 1 轮")

	// The office approves the reply.
	off.open(proposal)
	off.step(proposal, "approve-"+lead)
	off.wantText("main .meta .badge", "待评价")

	// 韩美玲 reads the reply and is not satisfied.
	e.open(proposal)
	e.wantText("#replies", "简化审批流程")
	e.checkPhoneLayout()
	e.click(`input[name=level][value=dissatisfied]`)
	e.fill("comment", "答复未提出具体措施和时间表。")
	e.step(proposal, "evaluate")
	e.wantText("#evaluations", "不满意")

	// The office orders 重新办理, confirming the dialog.
	off.open(proposal)
	off.fill("rehandle-note", "请针对补贴标准和审批时限提出具体措施。")
	off.step(proposal, "rehandle")
	if got := dialogs(); !slices.ContainsFunc(got, func(m string) bool { return strings.Contains(m, "重新办理") }) {
		t.Errorf("no confirm dialog before 重新办理; dialogs: %q", got)
	}
	off.wantText("main .meta .badge", "重新办理中")

	// The 主办 replies again and the office approves.
	lu.open(proposal)
	reply("A", "经研究,明年将完成100个小区加装电梯,审批时限压缩至15个工作日,每台补贴15万元。")
	lu.wantText("#replies", "第 2 轮")
	off.open(proposal)
	off.step(proposal, "approve-"+lead)

	// Both proposers are satisfied; the proposal closes.
	e.open(proposal)
	e.click(`input[name=level][value=satisfied]`)
	e.step(proposal, "evaluate")
	e.wantText("main .meta .badge", "待评价") // 陈志远 has not evaluated yet
	cs.open(proposal)
	cs.wantText("#replies", "审批时限压缩至15个工作日")
	cs.click(`input[name=level][value=satisfied]`)
	cs.step(proposal, "evaluate")
	cs.wantText("main .meta .badge", "已办结")

	// 韩美玲's timeline shows every step in order, on a phone.
	e.open(proposal)
	e.wantText("main .meta .badge", "已办结")
	if e.text("#steps") != "" {
		t.Errorf("a closed proposal still offers steps: %q", e.text("#steps"))
	}
	// Pressing 邀请联名 saves the form first (修改提案), then invites.
	want := []struct{ step, actor string }{
		{"修改提案", "韩美玲"}, {"邀请联名", "韩美玲"}, {"确认联名", "陈志远"}, {"提交提案", "韩美玲"},
		{"立案", "田亚斌"}, {"交办", "田亚斌"}, {"签收", "刘晓燕"}, {"提交协办意见", "刘晓燕"},
		{"签收", "王建国"}, {"答复", "王建国"}, {"审核通过答复", "田亚斌"}, {"评价", "韩美玲"},
		{"重新办理", "田亚斌"}, {"答复", "王建国"}, {"审核通过答复", "田亚斌"}, {"评价", "韩美玲"}, {"评价", "陈志远"},
	}
	var wantSteps []string
	for _, w := range want {
		wantSteps = append(wantSteps, w.step)
	}
	if got := e.timelineSteps(); !slices.Equal(got, wantSteps) {
		t.Errorf("timeline steps\n got %q\nwant %q", got, wantSteps)
	}
	items := e.texts("section#timeline ol.timeline li")
	for i, w := range want {
		if i < len(items) && !strings.Contains(items[i], w.actor) {
			t.Errorf("timeline step %d %q does not name %s", i+1, items[i], w.actor)
		}
	}
	if i := slices.IndexFunc(items, func(s string) bool { return strings.Contains(s, "不满意") }); i != 11 {
		t.Errorf("the 不满意 verdict is at timeline step %d, want 12", i+1)
	}
	if n := len(items); n > 0 && !strings.Contains(items[n-1], "已办结") {
		t.Errorf("last timeline step %q does not show 已办结", items[n-1])
	}
	e.checkPhoneLayout()
	if w := eval[int](e, `document.documentElement.scrollWidth`); w > phoneWidth {
		t.Errorf("the closed proposal's page is %d px wide on a %d px phone", w, phoneWidth)
	}
	if os.Getenv("E2E_ARTIFACTS") != "" { // a full screenshot of this long page takes seconds
		t.Logf("closed proposal on a phone: %s", e.screenshot(e.ctx, "proposal-closed-390"))
	}
}
