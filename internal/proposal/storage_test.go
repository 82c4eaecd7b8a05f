package proposal_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"xieshang/internal/account"
	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/crypt"
	"xieshang/internal/errs"
	"xieshang/internal/member"
	"xieshang/internal/org"
	"xieshang/internal/proposal"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

func TestMain(m *testing.M) { sqldbtest.Main(m) }

var ctx = context.Background()

// start is a Monday in the 2026 calendar, 09:00 China time.
var start = time.Date(2026, 1, 5, 9, 0, 0, 0, proposal.China)

// fixture is a committee with a term, a plenary session, staff, members,
// two handling units with a liaison each, over real storage.
type fixture struct {
	t        *testing.T
	db       *sqldb.DB
	svc      *proposal.Service
	cid      int64
	now      time.Time
	mu       sync.Mutex
	term     org.Term
	session  org.Session
	opens    time.Time
	closes   time.Time
	office   proposal.Who // proposal office (提案办)
	office2  proposal.Who // a second proposal office account
	leader   proposal.Who
	alice    proposal.Who // members
	bob      proposal.Who
	carol    proposal.Who
	lead     org.Unit // handling units
	co       org.Unit
	leadWho  proposal.Who // their liaisons
	coWho    proposal.Who
	accounts *account.Service
	orgs     *org.Service
}

func newFixture(t *testing.T, db *sqldb.DB) *fixture {
	t.Helper()
	f := &fixture{t: t, db: db, svc: proposal.NewService(sqldb.Proposals(db)), now: start}
	db.Clock = f.clock
	f.cid = sqldbtest.Committee(t, db, "示范市政协")
	f.accounts = account.NewService(sqldb.Accounts(db), account.Config{})
	f.orgs = org.NewService(sqldb.Org(db))
	staff := f.user(f.cid, "staff", "王办公", authz.Office)
	f.office = f.who(f.user(f.cid, "pro1", "李提案", authz.ProposalOffice))
	f.office2 = f.who(f.user(f.cid, "pro2", "赵提案", authz.ProposalOffice))
	f.leader = f.who(f.user(f.cid, "lead1", "陈主席", authz.Leader))
	f.alice = f.who(f.user(f.cid, "alice", "张委员", authz.Member))
	f.bob = f.who(f.user(f.cid, "bob", "刘委员", authz.Member))
	f.carol = f.who(f.user(f.cid, "carol", "孙委员", authz.Member))
	var err error
	if f.term, err = f.orgs.AddTerm(ctx, staff, org.Term{Number: 11, StartsOn: time.Date(2023, 1, 10, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	sessStart, sessEnd := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 6, 0, 0, 0, 0, time.UTC)
	if f.session, err = f.orgs.AddSession(ctx, staff, f.term.ID, 4, sessStart, sessEnd); err != nil {
		t.Fatal(err)
	}
	f.opens, f.closes = proposal.PlenaryWindow(sessStart, sessEnd, proposal.DefaultConfig())
	f.lead, f.leadWho = f.unit(staff, "市教育局", "13700000001")
	f.co, f.coWho = f.unit(staff, "市财政局", "13700000002")
	return f
}

func (f *fixture) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fixture) setNow(t time.Time) {
	f.mu.Lock()
	f.now = t
	f.mu.Unlock()
}

func (f *fixture) user(cid int64, username, name string, r authz.Role) authz.Actor {
	f.t.Helper()
	u, _, err := f.accounts.CreateUser(ctx, authz.SystemActor(cid), account.NewUser{CommitteeID: cid, Username: username,
		Name: name, Roles: []authz.Role{r}})
	if err != nil {
		f.t.Fatal(err)
	}
	return u.Actor("")
}

// who builds the proposal.Who of an account as the web layer does: the
// units it is a liaison of, read with UnitsOfUser.
func (f *fixture) who(a authz.Actor) proposal.Who {
	f.t.Helper()
	var ids []int64
	err := f.db.View(ctx, func(tx *sqldb.Tx) error {
		var err error
		ids, err = tx.UnitsOfUser(ctx, a.UserID)
		return err
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return proposal.Who{Actor: a, UnitIDs: ids}
}

// unit adds a handling unit and a liaison account linked to it.
func (f *fixture) unit(staff authz.Actor, name, mobile string) (org.Unit, proposal.Who) {
	f.t.Helper()
	u, err := f.orgs.AddUnit(ctx, staff, org.Unit{Kind: org.Handling, Name: name})
	if err != nil {
		f.t.Fatal(err)
	}
	var liaison account.User
	_, err = f.orgs.AddLiaison(ctx, staff, u.ID, func(ctx context.Context, tx org.Tx, u org.Unit, username string) (int64, error) {
		usr, _, err := account.CreateLiaisonAccountTx(ctx, tx.(account.Tx), staff, u.ID, username, name+"联络员", mobile)
		liaison = usr
		return usr.ID, err
	})
	if err != nil {
		f.t.Fatal(err)
	}
	w := f.who(liaison.Actor(""))
	if len(w.UnitIDs) != 1 || w.UnitIDs[0] != u.ID {
		f.t.Fatalf("liaison units %v, want [%d]", w.UnitIDs, u.ID)
	}
	return u, w
}

func content(title string) proposal.Content {
	return proposal.Content{Title: title, Category: "社会", Situation: "全市现有普惠性幼儿园不足。",
		Analysis: "学位缺口集中在新建城区。", Suggestion: "建议新建一批公办幼儿园。"}
}

// draft creates an individual draft by w.
func (f *fixture) draft(w proposal.Who, timing proposal.Timing, title string) proposal.Proposal {
	f.t.Helper()
	p := proposal.Proposal{Kind: proposal.Individual, Timing: timing, TermID: f.term.ID, Content: content(title)}
	if timing == proposal.Plenary {
		p.SessionID = f.session.ID
	}
	p, err := f.svc.Create(ctx, w, p)
	if err != nil {
		f.t.Fatal(err)
	}
	return p
}

// submitted creates and submits an individual proposal by w.
func (f *fixture) submitted(w proposal.Who, timing proposal.Timing, title string) proposal.Proposal {
	f.t.Helper()
	p := f.draft(w, timing, title)
	return f.do(w, p, proposal.Submit{Opens: f.opens, Closes: f.closes}, proposal.Submitted)
}

// do takes step cmd on p as w at p's version and checks the new state.
func (f *fixture) do(w proposal.Who, p proposal.Proposal, cmd proposal.Command, want proposal.State) proposal.Proposal {
	f.t.Helper()
	q, ev, err := f.svc.Do(ctx, w, p.ID, p.Version, cmd)
	if err != nil {
		f.t.Fatalf("%s by %s: %v", cmd.Action(), w.Actor.Name, err)
	}
	if q.State != want || ev.To != want {
		f.t.Fatalf("%s by %s: state %s, want %s", cmd.Action(), w.Actor.Name, q.State, want)
	}
	if q.Version != p.Version+1 {
		f.t.Fatalf("%s: version %d after %d", cmd.Action(), q.Version, p.Version)
	}
	return q
}

// assigned takes a new plenary proposal by w up to a 单办 to unit u.
func (f *fixture) assigned(w proposal.Who, title string, u org.Unit) proposal.Proposal {
	f.t.Helper()
	p := f.submitted(w, proposal.Plenary, title)
	p = f.do(f.office, p, proposal.Accept{}, proposal.Accepted)
	return f.do(f.office, p, proposal.Assign{Mode: proposal.SingleMode,
		Units: []proposal.UnitChoice{{UnitID: u.ID, Name: u.Name}}}, proposal.Assigned)
}

func (f *fixture) stored(id int64) proposal.Proposal {
	f.t.Helper()
	p, err := f.svc.Get(ctx, f.office, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return p
}

func (f *fixture) count(q string, args ...any) int {
	f.t.Helper()
	var n int
	if f.db.Dialect == sqldb.Postgres {
		for i := 1; strings.Contains(q, "?"); i++ {
			q = strings.Replace(q, "?", "$"+strconv.Itoa(i), 1)
		}
	}
	if err := f.db.R.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
	return n
}

func (f *fixture) events(id int64) int {
	return f.count("SELECT COUNT(*) FROM proposal_events WHERE proposal_id = ?", id)
}

func (f *fixture) audits(id int64) int {
	return f.count("SELECT COUNT(*) FROM audit_log WHERE object_type = 'proposal' AND object_id = ?", strconv.FormatInt(id, 10))
}

func reply(class proposal.Class, on time.Time) proposal.Reply {
	return proposal.Reply{Class: class, Contact: proposal.FaceToFace, ContactedOn: on, ContactPerson: "周科长",
		ContactPhone: "0591-87654321", Signer: "吴局长", Letter: "经研究,2026年将新建公办幼儿园6所。"}
}

// TestJointHandlingJourney follows a proposal through 会办, a 不满意, 重新办理
// and a 满意 to its close, with real accounts, units and liaisons, and
// checks its timeline and audit trail.
func TestJointHandlingJourney(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		p := f.submitted(f.alice, proposal.Plenary, "关于增加普惠性幼儿园学位的建议")
		p = f.do(f.office, p, proposal.Accept{Note: "同意立案"}, proposal.Accepted)
		if p.Number != 1 || p.Code() != "第十一届第四次会议第0001号" {
			t.Errorf("number %d, code %q", p.Number, p.Code())
		}
		f.setNow(start.Add(2 * time.Hour))
		p = f.do(f.office, p, proposal.Assign{Mode: proposal.JointMode, Units: []proposal.UnitChoice{
			{UnitID: f.lead.ID, Name: f.lead.Name, Role: proposal.LeadUnit},
			{UnitID: f.co.ID, Name: f.co.Name, Role: proposal.CoUnit}}}, proposal.Assigned)
		// 2026-01-05 + 5 working days = 01-12; reply due three months on, 04-05 is
		// 清明 (a Sunday), so the next working day after the 04-04..06 holiday.
		if got := p.Units[0].ReturnDeadline.In(proposal.China).Format(time.DateOnly); got != "2026-01-12" {
			t.Errorf("return deadline %s", got)
		}
		if got := p.Units[0].DueAt.In(proposal.China).Format(time.DateOnly); got != "2026-04-07" {
			t.Errorf("reply due %s", got)
		}
		p = f.do(f.leadWho, p, proposal.SignFor{}, proposal.Assigned)
		p = f.do(f.coWho, p, proposal.SignFor{}, proposal.Handling)
		f.setNow(start.AddDate(0, 0, 10))
		p = f.do(f.coWho, p, proposal.SendViews{Views: "财政将统筹安排建设经费。"}, proposal.Handling)
		f.setNow(start.AddDate(0, 0, 20))
		p = f.do(f.leadWho, p, proposal.SendReply{Reply: reply(proposal.ClassB, f.clock())}, proposal.ReplyReview)
		p = f.do(f.office, p, proposal.ApproveReply{Unit: f.lead.ID}, proposal.Evaluating)
		p = f.do(f.alice, p, proposal.Evaluate{Level: proposal.Dissatisfied, Comment: "经费没有落实"}, proposal.Evaluating)
		p = f.do(f.office, p, proposal.Rehandle{Note: "请落实经费后重新答复"}, proposal.Rehandling)
		f.setNow(start.AddDate(0, 1, 0))
		p = f.do(f.leadWho, p, proposal.SendReply{Reply: reply(proposal.ClassA, f.clock())}, proposal.ReplyReview)
		p = f.do(f.office, p, proposal.ApproveReply{Unit: f.lead.ID}, proposal.Evaluating)
		p = f.do(f.alice, p, proposal.Evaluate{Level: proposal.Satisfied}, proposal.Closed)

		// What was stored reads back whole.
		got, evs, err := f.svc.Timeline(ctx, f.alice, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != proposal.Closed || got.Version != p.Version || got.Round != 2 || len(got.Replies) != 2 ||
			len(got.Evaluations) != 2 || got.Units[1].Views != "财政将统筹安排建设经费。" || got.Situation != p.Situation ||
			got.ClosedAt.IsZero() || got.TermName != "第十一届" || got.SessionNumber != 4 {
			t.Errorf("stored proposal %+v", got)
		}
		want := []proposal.Action{proposal.ActSubmit, proposal.ActAccept, proposal.ActAssign, proposal.ActSignFor,
			proposal.ActSignFor, proposal.ActSendViews, proposal.ActReply, proposal.ActApproveReply, proposal.ActEvaluate,
			proposal.ActRehandle, proposal.ActReply, proposal.ActApproveReply, proposal.ActEvaluate}
		var acts []proposal.Action
		for i, e := range evs {
			acts = append(acts, e.Action)
			if i > 0 && e.At.Before(evs[i-1].At) {
				t.Errorf("event %d out of order", i)
			}
		}
		if !slices.Equal(acts, want) {
			t.Fatalf("timeline %v, want %v", acts, want)
		}
		if e := evs[1]; e.Details["number"] != "1" || e.ActorID != f.office.Actor.UserID || e.As != proposal.AsOffice ||
			e.From != proposal.Submitted || e.To != proposal.Accepted || e.Note != "同意立案" {
			t.Errorf("accept event %+v", e)
		}
		if e := evs[5]; e.UnitID != f.co.ID || e.UnitFrom != proposal.UnitSigned || e.UnitTo != proposal.UnitViewsSent ||
			e.As != proposal.AsCoUnit || !e.At.Equal(start.AddDate(0, 0, 10)) {
			t.Errorf("views event %+v", e)
		}
		if e := evs[8]; e.Note != "不满意:经费没有落实" || e.Details["level"] != "dissatisfied" {
			t.Errorf("evaluation event %+v", e)
		}
		// One audit entry per step, and one for the creation.
		if n := f.audits(p.ID); n != len(want)+1 {
			t.Errorf("%d audit entries, want %d", n, len(want)+1)
		}
		if n := f.count("SELECT COUNT(*) FROM audit_log WHERE object_type = 'proposal' AND action = 'proposal.reply'"); n != 2 {
			t.Errorf("%d reply audit entries", n)
		}
		// The co-unit still sees it; the proposer's list shows it closed.
		if _, err := f.svc.Get(ctx, f.coWho, p.ID); err != nil {
			t.Errorf("co-unit: %v", err)
		}
		mine, err := f.svc.List(ctx, f.alice, proposal.ListFilter{})
		if err != nil || len(mine) != 1 || mine[0].State != proposal.Closed || mine[0].Code() != "第十一届第四次会议第0001号" {
			t.Errorf("alice's list %+v %v", mine, err)
		}
		v, err := db.VerifyAudit(ctx)
		if err != nil || len(v.Problems) != 0 {
			t.Errorf("audit chain: %v %+v", err, v)
		}
	})
}

// TestNumberingUnderConcurrency accepts 40 proposals from 8 goroutines at
// once: numbers 1..40, none repeated, none skipped; regular proposals
// have their own series; a refused acceptance uses no number.
func TestNumberingUnderConcurrency(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		const n = 40
		ids := make(chan int64, n)
		for i := range n {
			ids <- f.submitted(f.alice, proposal.Plenary, fmt.Sprintf("关于第%d件事的建议", i+1)).ID
		}
		close(ids)
		var wg sync.WaitGroup
		errc := make(chan error, n)
		for g := range 8 {
			who := f.office
			if g%2 == 1 {
				who = f.office2
			}
			wg.Go(func() {
				for id := range ids {
					if _, _, err := f.svc.Do(ctx, who, id, 0, proposal.Accept{}); err != nil {
						errc <- fmt.Errorf("accept %d: %w", id, err)
					}
				}
			})
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Error(err)
		}
		list, err := f.svc.List(ctx, f.office, proposal.ListFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var numbers []int
		for _, s := range list {
			numbers = append(numbers, s.Number)
		}
		slices.Sort(numbers)
		for i, num := range numbers {
			if num != i+1 {
				t.Fatalf("numbers %v: want 1..%d", numbers, n)
			}
		}
		if len(numbers) != n {
			t.Fatalf("%d numbered, want %d", len(numbers), n)
		}

		// A refused acceptance (a member may not accept) takes no number.
		p := f.submitted(f.bob, proposal.Plenary, "关于加强社区养老服务的建议")
		if _, _, err := f.svc.Do(ctx, f.bob, p.ID, p.Version, proposal.Accept{}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("member accepts: %v", err)
		}
		if _, _, err := f.svc.Do(ctx, f.leader, p.ID, p.Version, proposal.Accept{}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("leader accepts in one-step review: %v", err)
		}
		if p = f.do(f.office, p, proposal.Accept{}, proposal.Accepted); p.Number != n+1 {
			t.Errorf("after refused acceptances: number %d, want %d", p.Number, n+1)
		}

		// 平时提案 are numbered in their own series.
		r1 := f.do(f.office, f.submitted(f.bob, proposal.Regular, "关于老旧小区加装电梯的建议"), proposal.Accept{}, proposal.Accepted)
		r2 := f.do(f.office, f.submitted(f.carol, proposal.Regular, "关于规范共享单车停放的建议"), proposal.Accept{}, proposal.Accepted)
		if r1.Number != 1 || r2.Number != 2 || r1.Code() != "平时提案第0001号" {
			t.Errorf("regular numbers %d %d %q", r1.Number, r2.Number, r1.Code())
		}
	})
}

// TestConcurrentSteps has two office staff decide the same proposal at
// once, and one of them press the same button twice: one wins, the other
// gets a Conflict in Chinese, and nothing is doubled.
func TestConcurrentSteps(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		for round := range 3 {
			p := f.submitted(f.alice, proposal.Plenary, fmt.Sprintf("关于第%d个问题的建议", round))
			type attempt struct {
				who proposal.Who
				cmd proposal.Command
			}
			attempts := []attempt{{f.office, proposal.Accept{}}, {f.office2, proposal.Reject{Ground: proposal.GroundNoSuggestion, Note: "无具体建议"}}}
			if round == 1 { // the same step twice at the same version
				attempts[1] = attempt{f.office, proposal.Accept{}}
			}
			if round == 2 { // a member withdraws while the office accepts
				attempts[1] = attempt{f.alice, proposal.Withdraw{Note: "不再提出"}}
			}
			var wg sync.WaitGroup
			ready := make(chan struct{})
			results := make([]error, len(attempts))
			for i, a := range attempts {
				wg.Go(func() {
					<-ready
					_, _, results[i] = f.svc.Do(ctx, a.who, p.ID, p.Version, a.cmd)
				})
			}
			close(ready)
			wg.Wait()
			wins := 0
			for _, err := range results {
				switch {
				case err == nil:
					wins++
				case errs.Is(err, errs.Conflict):
					if msg := errs.Message(err); !strings.Contains(msg, "该提案已被他人处理") || !strings.Contains(msg, "请刷新后重试") {
						t.Errorf("conflict message %q", msg)
					}
				default:
					t.Errorf("round %d: %v", round, err)
				}
			}
			if wins != 1 {
				t.Fatalf("round %d: %d winners (%v)", round, wins, results)
			}
			if n := f.events(p.ID); n != 2 { // submit and the winner
				t.Errorf("round %d: %d events", round, n)
			}
			if n := f.audits(p.ID); n != 3 { // create, submit, the winner
				t.Errorf("round %d: %d audit entries", round, n)
			}
			if got := f.stored(p.ID); got.Version != p.Version+1 {
				t.Errorf("round %d: version %d", round, got.Version)
			}
		}
		// The accepted ones were numbered without a gap.
		list, _ := f.svc.List(ctx, f.office, proposal.ListFilter{States: []proposal.State{proposal.Accepted}})
		var numbers []int
		for _, s := range list {
			numbers = append(numbers, s.Number)
		}
		slices.Sort(numbers)
		for i, num := range numbers {
			if num != i+1 {
				t.Errorf("numbers %v", numbers)
			}
		}
	})
}

// failingNotify is the real storage with Notify, the last write of a
// step, failing: the step must leave nothing behind.
type failingNotify struct{ proposal.Store }

func (s failingNotify) InTx(ctx context.Context, fn func(proposal.Tx) error) error {
	return s.Store.InTx(ctx, func(tx proposal.Tx) error { return fn(notifyFails{tx}) })
}

type notifyFails struct{ proposal.Tx }

func (notifyFails) Notify(context.Context, proposal.Proposal, proposal.Event) error {
	return errors.New("notification queue unavailable")
}

// TestFailedStepLeavesNothing shows that a refused step and a step failing
// after UpdateProposal write no state, version, number, event or audit
// entry.
func TestFailedStepLeavesNothing(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		p := f.submitted(f.alice, proposal.Plenary, "关于治理城市内涝的建议")
		check := func(what string) {
			t.Helper()
			got := f.stored(p.ID)
			if got.State != proposal.Submitted || got.Version != p.Version || got.Number != 0 {
				t.Errorf("%s: state %s, version %d, number %d", what, got.State, got.Version, got.Number)
			}
			if f.events(p.ID) != 1 || f.audits(p.ID) != 2 {
				t.Errorf("%s: %d events, %d audit entries", what, f.events(p.ID), f.audits(p.ID))
			}
			if n := f.count("SELECT COUNT(*) FROM proposal_series"); n != 0 {
				t.Errorf("%s: a number was allotted", what)
			}
		}
		refusals := []struct {
			who  proposal.Who
			cmd  proposal.Command
			kind errs.Kind
		}{
			{f.bob, proposal.Accept{}, errs.Forbidden},                             // not the office
			{f.office, proposal.Reject{Ground: "unknown"}, errs.Invalid},           // bad input
			{f.office, proposal.Transfer{Target: proposal.ToLetter}, errs.Invalid}, // no consent
			{f.alice, proposal.Evaluate{Level: proposal.Satisfied}, errs.Conflict}, // out of order
			{f.leadWho, proposal.SignFor{}, errs.Forbidden},                        // not assigned
		}
		for _, r := range refusals {
			_, _, err := f.svc.Do(ctx, r.who, p.ID, p.Version, r.cmd)
			if !errs.Is(err, r.kind) || errs.Message(err) == "" {
				t.Errorf("%s by %s: %v, want %s", r.cmd.Action(), r.who.Actor.Name, err, r.kind)
			}
			check(string(r.cmd.Action()))
		}
		if _, _, err := f.svc.Do(ctx, f.office, p.ID, p.Version+1, proposal.Accept{}); !errs.Is(err, errs.Conflict) {
			t.Errorf("stale version: %v", err)
		}
		check("stale version")

		broken := proposal.NewService(failingNotify{sqldb.Proposals(db)})
		if _, _, err := broken.Do(ctx, f.office, p.ID, p.Version, proposal.Accept{}); err == nil {
			t.Fatal("the failing step succeeded")
		}
		check("failure after the update")
		if _, err := broken.Create(ctx, f.bob, proposal.Proposal{Kind: proposal.Individual, Timing: proposal.Regular,
			TermID: f.term.ID, Content: proposal.Content{Title: strings.Repeat("长", 51)}}); !errs.Is(err, errs.Invalid) {
			t.Errorf("over-long title: %v", err)
		}
		if n := f.count("SELECT COUNT(*) FROM proposals"); n != 1 {
			t.Errorf("%d proposals stored", n)
		}
		// The same step then works.
		f.do(f.office, p, proposal.Accept{}, proposal.Accepted)
	})
}

// TestVisibility checks who sees what: a member only their own and the
// published ones, a liaison only their unit's, staff every submitted one
// of their committee, nobody another committee's.
func TestVisibility(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		draft := f.draft(f.alice, proposal.Regular, "草稿:关于夜间经济的建议")
		secret := f.submitted(f.alice, proposal.Plenary, "关于整治违建的建议")
		toCo := f.assigned(f.alice, "关于完善财政补贴的建议", f.co)
		pub := f.draft(f.alice, proposal.Plenary, "关于推进垃圾分类的建议")
		pub = f.do(f.alice, pub, proposal.Edit{Content: func() proposal.Content {
			c := content(pub.Title)
			c.Public = true
			return c
		}(), Kind: proposal.Individual, Timing: proposal.Plenary, TermID: f.term.ID, SessionID: f.session.ID}, proposal.Draft)
		pub = f.do(f.alice, pub, proposal.Submit{Opens: f.opens, Closes: f.closes}, proposal.Submitted)

		// Another committee with its own office and member.
		other := sqldbtest.Committee(t, db, "示范区政协")
		otherOffice := f.who(f.user(other, "o-pro", "外办", authz.ProposalOffice))
		otherMember := f.who(f.user(other, "o-mem", "外委员", authz.Member))

		sees := func(w proposal.Who, p proposal.Proposal, want bool) {
			t.Helper()
			_, err := f.svc.Get(ctx, w, p.ID)
			if want && err != nil {
				t.Errorf("%s cannot see %q: %v", w.Actor.Name, p.Title, err)
			}
			if !want && (!errs.Is(err, errs.NotFound) || errs.Message(err) != "提案不存在") {
				t.Errorf("%s sees %q: %v", w.Actor.Name, p.Title, err)
			}
			_, _, err = f.svc.Timeline(ctx, w, p.ID)
			if (err == nil) != want {
				t.Errorf("%s timeline of %q: %v", w.Actor.Name, p.Title, err)
			}
		}
		lists := func(w proposal.Who, flt proposal.ListFilter, want ...proposal.Proposal) {
			t.Helper()
			got, err := f.svc.List(ctx, w, flt)
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs, wantIDs []int64
			for _, s := range got {
				gotIDs = append(gotIDs, s.ID)
			}
			for _, p := range want {
				wantIDs = append(wantIDs, p.ID)
			}
			slices.Sort(gotIDs)
			slices.Sort(wantIDs)
			if !slices.Equal(gotIDs, wantIDs) {
				t.Errorf("%s lists %v, want %v", w.Actor.Name, gotIDs, wantIDs)
			}
		}

		for _, p := range []proposal.Proposal{draft, secret, toCo, pub} {
			sees(f.alice, p, true)
			sees(f.bob, p, false)
			sees(otherOffice, p, false)
			sees(otherMember, p, false)
		}
		sees(f.office, draft, false) // a draft is its proposer's own
		sees(f.office, secret, true)
		sees(f.leader, secret, true)
		sees(f.coWho, toCo, true)
		sees(f.leadWho, toCo, false) // a unit never sees another unit's proposal
		sees(f.coWho, secret, false)

		lists(f.alice, proposal.ListFilter{}, draft, secret, toCo, pub)
		lists(f.alice, proposal.ListFilter{UserID: f.bob.Actor.UserID}, draft, secret, toCo, pub) // "mine" is forced
		lists(f.bob, proposal.ListFilter{})
		lists(f.office, proposal.ListFilter{}, secret, toCo, pub)
		lists(f.coWho, proposal.ListFilter{}, toCo)
		lists(f.leadWho, proposal.ListFilter{})
		lists(f.leadWho, proposal.ListFilter{UnitIDs: []int64{f.co.ID}}) // cannot widen to another unit
		lists(otherOffice, proposal.ListFilter{})
		lists(f.bob, proposal.ListFilter{PublicOnly: true}) // public but not yet accepted

		// Once accepted, the public proposal is visible to every account of
		// the committee, and to nobody outside it.
		pub = f.do(f.office, pub, proposal.Accept{}, proposal.Accepted)
		sees(f.bob, pub, true)
		sees(f.leadWho, pub, true)
		sees(otherMember, pub, false)
		lists(f.bob, proposal.ListFilter{PublicOnly: true}, pub)
		lists(f.bob, proposal.ListFilter{})
		lists(otherMember, proposal.ListFilter{PublicOnly: true})

		// A confirmed co-signer sees the joint proposal from the invitation on.
		joint, err := f.svc.Create(ctx, f.alice, proposal.Proposal{Kind: proposal.Joint, Timing: proposal.Regular,
			TermID: f.term.ID, Content: content("关于联合治理河道的建议"),
			CoSigners: []proposal.CoSigner{{UserID: f.carol.Actor.UserID, Name: f.carol.Actor.Name}}})
		if err != nil {
			t.Fatal(err)
		}
		sees(f.carol, joint, false) // listed, not asked yet
		joint = f.do(f.alice, joint, proposal.Invite{}, proposal.Cosigning)
		sees(f.carol, joint, true)
		joint = f.do(f.carol, joint, proposal.Confirm{}, proposal.Cosigning)
		lists(f.carol, proposal.ListFilter{}, joint)
		sees(f.office, joint, false)
		joint = f.do(f.alice, joint, proposal.Submit{}, proposal.Submitted)
		sees(f.office, joint, true)
	})
}

// TestListFilters checks the filters of ListProposals: states, overdue at
// a fixed clock, title, key, counts by state and cursor pages.
func TestListFilters(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		late := f.assigned(f.alice, "关于缓解学校周边拥堵的建议", f.lead)
		replied := f.assigned(f.bob, "关于增设公共充电桩的建议", f.co)
		replied = f.do(f.coWho, replied, proposal.SignFor{}, proposal.Handling)
		replied = f.do(f.coWho, replied, proposal.SendReply{Reply: reply(proposal.ClassA, f.clock())}, proposal.ReplyReview)
		waiting := f.submitted(f.carol, proposal.Regular, "关于改善农贸市场环境的建议")
		f.draft(f.carol, proposal.Regular, "草稿")
		late = f.do(f.office, late, proposal.MarkKey{Key: true, Info: proposal.KeyInfo{Decision: "2026年第1次主席会议",
			LeadLeader: "副市长", Supervisor: "副主席"}}, proposal.Assigned)
		due := late.Units[0].DueAt

		ids := func(ss []proposal.Summary) []int64 {
			var out []int64
			for _, s := range ss {
				out = append(out, s.ID)
			}
			return out
		}
		list := func(flt proposal.ListFilter) []proposal.Summary {
			t.Helper()
			got, err := f.svc.List(ctx, f.office, flt)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		if got := ids(list(proposal.ListFilter{States: []proposal.State{proposal.Assigned, proposal.Submitted}})); !slices.Equal(got, []int64{waiting.ID, late.ID}) {
			t.Errorf("by state %v", got)
		}
		if got := list(proposal.ListFilter{OverdueOnly: true}); len(got) != 0 {
			t.Errorf("overdue before the deadline: %v", ids(got))
		}
		// A day after the deadline, by the database's clock and by an
		// explicit time: only the proposal without a reply is late.
		f.setNow(due.Add(24 * time.Hour))
		got := list(proposal.ListFilter{OverdueOnly: true})
		if !slices.Equal(ids(got), []int64{late.ID}) || !got[0].Overdue(f.clock()) || !got[0].DueAt.Equal(due) {
			t.Errorf("overdue %+v", got)
		}
		if got := list(proposal.ListFilter{OverdueOnly: true, Now: due.Add(-time.Hour)}); len(got) != 0 {
			t.Errorf("overdue at an earlier time: %v", ids(got))
		}
		if got := list(proposal.ListFilter{KeyOnly: true}); !slices.Equal(ids(got), []int64{late.ID}) || !got[0].Key {
			t.Errorf("key %v", ids(got))
		}
		if got := list(proposal.ListFilter{Title: "充电桩"}); !slices.Equal(ids(got), []int64{replied.ID}) {
			t.Errorf("title %v", ids(got))
		}
		if got := list(proposal.ListFilter{Title: "100%_"}); len(got) != 0 {
			t.Errorf("wildcards are literal: %v", ids(got))
		}
		if got := list(proposal.ListFilter{Timing: proposal.Regular}); !slices.Equal(ids(got), []int64{waiting.ID}) {
			t.Errorf("timing %v", ids(got))
		}
		if got := list(proposal.ListFilter{UserID: f.bob.Actor.UserID}); !slices.Equal(ids(got), []int64{replied.ID}) {
			t.Errorf("by proposer %v", ids(got))
		}
		if got := list(proposal.ListFilter{TermID: f.term.ID, SessionID: f.session.ID}); !slices.Equal(ids(got), []int64{replied.ID, late.ID}) {
			t.Errorf("by session %v", ids(got))
		}

		var counts map[proposal.State]int
		err := db.View(ctx, func(tx *sqldb.Tx) error {
			var err error
			counts, err = tx.CountProposalsByState(ctx, f.cid)
			return err
		})
		if err != nil || counts[proposal.Assigned] != 1 || counts[proposal.ReplyReview] != 1 ||
			counts[proposal.Submitted] != 1 || counts[proposal.Draft] != 1 {
			t.Errorf("counts %v %v", counts, err)
		}

		// Whole series for the yearly report.
		series, err := f.svc.SeriesOf(ctx, f.office, f.term.ID, f.session.ID)
		if err != nil || len(series) != 2 || series[0].ID != late.ID || len(series[1].Replies) != 1 {
			t.Errorf("session series %v", err)
		}
		if regular, err := f.svc.SeriesOf(ctx, f.office, f.term.ID, 0); err != nil || len(regular) != 2 {
			t.Errorf("regular series %d %v", len(regular), err)
		}

		// Cursor pages, newest first.
		for i := range 5 {
			f.submitted(f.bob, proposal.Regular, fmt.Sprintf("分页测试%d", i))
		}
		var pages [][]int64
		var seen []int64
		for before := int64(0); ; {
			page := list(proposal.ListFilter{Title: "分页测试", Limit: 2, BeforeID: before})
			if len(page) == 0 {
				break
			}
			pages = append(pages, ids(page))
			seen = append(seen, ids(page)...)
			before = page[len(page)-1].ID
		}
		if len(pages) != 3 || len(seen) != 5 || !slices.IsSortedFunc(seen, func(a, b int64) int { return int(b - a) }) {
			t.Errorf("pages %v", pages)
		}
	})
}

// TestConfigAndAttachments stores a committee's rules and an attachment.
func TestConfigAndAttachments(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		cfg := proposal.DefaultConfig()
		cfg.TwoStepReview, cfg.Categories = true, []string{"经济", "民生"}
		err := db.InTx(ctx, func(tx *sqldb.Tx) error { return tx.SetProposalConfig(ctx, f.cid, cfg) })
		if err != nil {
			t.Fatal(err)
		}
		c := content("关于提高低保标准的建议")
		if _, err := f.svc.Create(ctx, f.alice, proposal.Proposal{Kind: proposal.Individual, Timing: proposal.Regular,
			TermID: f.term.ID, Content: c}); len(errs.FieldsOf(err)) != 1 || errs.FieldsOf(err)[0].Field != "category" {
			t.Errorf("a category the committee does not use: %v", err)
		}
		c.Category = "民生"
		p, err := f.svc.Create(ctx, f.alice, proposal.Proposal{Kind: proposal.Individual, Timing: proposal.Regular,
			TermID: f.term.ID, Content: c})
		if err != nil {
			t.Fatal(err)
		}
		p = f.do(f.alice, p, proposal.Submit{}, proposal.Submitted)
		if _, _, err := f.svc.Do(ctx, f.office, p.ID, p.Version, proposal.Accept{}); !errs.Is(err, errs.Conflict) {
			t.Errorf("accept before the first review: %v", err)
		}
		p = f.do(f.office, p, proposal.FirstReview{Note: "建议立案"}, proposal.FirstReviewed)
		p = f.do(f.leader, p, proposal.Accept{}, proposal.Accepted)
		if p.Number != 1 || f.stored(p.ID).ReviewNote != "建议立案" {
			t.Errorf("number %d, review note %q", p.Number, f.stored(p.ID).ReviewNote)
		}

		a := proposal.Attachment{ProposalID: p.ID, Name: "调研报告.pdf", ContentType: "application/pdf",
			Data: []byte("%PDF-1.7 调研报告"), UploadedBy: f.alice.Actor.UserID}
		if err := db.InTx(ctx, func(tx *sqldb.Tx) error { return tx.InsertProposalAttachment(ctx, &a) }); err != nil {
			t.Fatal(err)
		}
		err = db.View(ctx, func(tx *sqldb.Tx) error {
			list, err := tx.ProposalAttachments(ctx, p.ID)
			if err != nil {
				return err
			}
			if len(list) != 1 || list[0].Data != nil || list[0].Size != int64(len(a.Data)) || list[0].SHA256 != a.SHA256 ||
				list[0].Name != a.Name || list[0].CreatedAt.IsZero() {
				t.Errorf("attachments %+v", list)
			}
			got, err := tx.ProposalAttachment(ctx, a.ID)
			if err != nil {
				return err
			}
			if string(got.Data) != string(a.Data) || len(a.SHA256) != 64 {
				t.Errorf("attachment %+v", got)
			}
			if _, err := tx.ProposalAttachment(ctx, a.ID+1); !errs.Is(err, errs.NotFound) {
				t.Errorf("missing attachment: %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestServiceReadHelpers checks what pages ask of the service besides
// lists: the actor with their units, the rules, the office's counts, the
// submission window of a plenary session and the proposer's mobile for
// the handling unit only.
func TestServiceReadHelpers(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		w, err := f.svc.Who(ctx, f.leadWho.Actor)
		if err != nil || !slices.Equal(w.UnitIDs, []int64{f.lead.ID}) {
			t.Errorf("liaison who %+v %v", w, err)
		}
		if w, err := f.svc.Who(ctx, f.alice.Actor); err != nil || len(w.UnitIDs) != 0 {
			t.Errorf("member who %+v %v", w, err)
		}
		if cfg, err := f.svc.Config(ctx, f.cid); err != nil || cfg.TitleMax != 50 || len(cfg.Categories) != 6 {
			t.Errorf("default config %+v %v", cfg, err)
		}

		// 大会提案 go in within the session's window only.
		in := f.draft(f.alice, proposal.Plenary, "关于发展银发经济的建议")
		if in, _, err = f.svc.SubmitPlenary(ctx, f.alice, in.ID, in.Version); err != nil || in.State != proposal.Submitted {
			t.Fatalf("submit in the window: %v", err)
		}
		f.setNow(time.Date(2026, 3, 9, 9, 0, 0, 0, proposal.China))
		late := f.draft(f.alice, proposal.Plenary, "关于完善托育服务的建议")
		if _, _, err := f.svc.SubmitPlenary(ctx, f.alice, late.ID, late.Version); !errs.Is(err, errs.Conflict) ||
			!strings.Contains(errs.Message(err), "不在大会提案征集期内") {
			t.Errorf("submit after the window: %v", err)
		}
		regular := f.draft(f.alice, proposal.Regular, "关于完善托育服务的建议")
		if _, _, err := f.svc.SubmitPlenary(ctx, f.alice, regular.ID, regular.Version); !errs.Is(err, errs.Invalid) {
			t.Errorf("a regular proposal submitted as a plenary one: %v", err)
		}
		if _, _, err := f.svc.SubmitPlenary(ctx, f.bob, late.ID, late.Version); !errs.Is(err, errs.NotFound) {
			t.Errorf("submit another's draft: %v", err)
		}

		counts, err := f.svc.CountByState(ctx, f.office)
		if err != nil || counts[proposal.Submitted] != 1 || counts[proposal.Draft] != 2 {
			t.Errorf("counts %v %v", counts, err)
		}
		if _, err := f.svc.CountByState(ctx, f.alice); !errs.Is(err, errs.Forbidden) {
			t.Errorf("member counts: %v", err)
		}

		// The proposer's mobile: to the unit handling it, and nobody else.
		u, _, err := f.accounts.CreateUser(ctx, authz.SystemActor(f.cid), account.NewUser{CommitteeID: f.cid,
			Username: "dave", Name: "周委员", Mobile: "13900001111", Roles: []authz.Role{authz.Member}})
		if err != nil {
			t.Fatal(err)
		}
		dave := u.Actor("")
		f.setNow(start)
		p := f.assigned(f.who(dave), "关于保护古树名木的建议", f.lead)
		if m, err := f.svc.ProposerMobile(ctx, f.leadWho.Actor, p.ID); err != nil || m != "13900001111" {
			t.Errorf("unit sees %q %v", m, err)
		}
		if _, err := f.svc.ProposerMobile(ctx, f.office.Actor, p.ID); !errs.Is(err, errs.Forbidden) {
			t.Errorf("office: %v", err)
		}
		if _, err := f.svc.ProposerMobile(ctx, f.coWho.Actor, p.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("another unit: %v", err)
		}
	})
}

// 并案: the merged proposal ends merged, its proposer becomes a proposer of
// the main one (who may then see it), and both timelines and audit trails
// record the step; the main proposal's proposer is told.
func TestMergeIntoMainProposal(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		f.setNow(f.opens.Add(24 * time.Hour))
		main := f.submitted(f.alice, proposal.Plenary, "关于增加普惠性幼儿园学位的建议")
		other := f.submitted(f.bob, proposal.Plenary, "关于扩大公办幼儿园供给的建议")
		if _, err := f.svc.Get(ctx, f.bob, main.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("bob sees alice's proposal before the merge: %v", err)
		}
		mainEvents, mainAudits := f.events(main.ID), f.audits(main.ID)
		f.do(f.office, other, proposal.Merge{Into: main.ID, Note: "内容相近"}, proposal.Merged)

		got := f.stored(main.ID)
		if got.State != proposal.Submitted || !slices.Contains(got.Proposers(), f.bob.Actor.UserID) {
			t.Fatalf("main proposal: state %s, proposers %v", got.State, got.Proposers())
		}
		if _, err := f.svc.Get(ctx, f.bob, main.ID); err != nil {
			t.Errorf("bob, now a proposer, cannot see the main proposal: %v", err)
		}
		if n := f.events(main.ID); n != mainEvents+1 {
			t.Errorf("main proposal has %d events, want %d", n, mainEvents+1)
		}
		if n := f.audits(main.ID); n != mainAudits+1 {
			t.Errorf("main proposal has %d audit entries, want %d", n, mainAudits+1)
		}
		_, tl, err := f.svc.Timeline(ctx, f.alice, main.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := tl[len(tl)-1]
		if last.Action != proposal.ActMerge || !strings.Contains(last.Note, "关于扩大公办幼儿园供给的建议") {
			t.Errorf("main timeline ends with %s %q", last.Action, last.Note)
		}
		if n := f.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'proposal.merge'", f.alice.Actor.UserID); n != 1 {
			t.Errorf("alice has %d merge notifications, want 1", n)
		}
	})
}

// aliceServes makes alice's account a member record (张委员) serving in
// the fixture's term, and returns the member service and the member.
func (f *fixture) aliceServes() (*member.Service, member.Member) {
	f.t.Helper()
	c, err := crypt.New(crypt.SM4GCM, crypt.GenerateKey())
	if err != nil {
		f.t.Fatal(err)
	}
	f.db.Cipher = c
	members := member.NewService(sqldb.Members(f.db))
	op := authz.SystemActor(f.cid)
	m, err := members.Create(ctx, op, member.Member{Name: "张委员", Gender: member.Male})
	if err == nil {
		err = members.LinkAccount(ctx, op, m.ID, f.alice.Actor.UserID)
	}
	if err == nil {
		err = members.SetMembership(ctx, op, m.ID, f.term.ID, member.Serving, f.term.StartsOn, time.Time{}, m.Version+1)
	}
	if err != nil {
		f.t.Fatal(err)
	}
	return members, m
}

// The drafting form's term is the latest: found with the serving members
// in one statement, or on its own when none of them serves.
func TestLatestTermServing(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		other := sqldbtest.Committee(t, db, "另一政协")
		f.aliceServes()
		db.Peek(ctx, func(tx *sqldb.Tx) error {
			term, names, err := tx.LatestTermServing(ctx, f.cid, []int64{f.alice.Actor.UserID, f.office.Actor.UserID})
			if err != nil || term != f.term.ID || names[f.alice.Actor.UserID] != "张委员" || len(names) != 1 {
				t.Errorf("serving member: term %d names %v err %v", term, names, err)
			}
			term, names, err = tx.LatestTermServing(ctx, f.cid, []int64{f.office.Actor.UserID})
			if err != nil || term != f.term.ID || len(names) != 0 {
				t.Errorf("no serving member: term %d names %v err %v", term, names, err)
			}
			if _, _, err := tx.LatestTermServing(ctx, other, []int64{f.alice.Actor.UserID}); !errs.Is(err, errs.NotFound) {
				t.Errorf("committee without terms: %v", err)
			}
			return nil
		})
	})
}

// firstField is the field named by err's first field error ("" if none).
func firstField(err error) string {
	if fs := errs.FieldsOf(err); len(fs) > 0 {
		return fs[0].Field
	}
	return ""
}

// The drafting form's term check is remembered under the committee's
// directory version: asked again with the version it was answered under,
// it answers from memory; once a membership changes, the version moves and
// the new version is answered afresh.
func TestTermCheckUnderDirectoryVersion(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		members, m := f.aliceServes()
		op := authz.SystemActor(f.cid)
		version := func() int64 {
			var v int64
			if err := db.View(ctx, func(tx *sqldb.Tx) error {
				var err error
				v, err = tx.DirectoryVersion(ctx, f.cid)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return v
		}
		check := func(w proposal.Who, dir int64) (int64, error) {
			e := proposal.Edit{Kind: proposal.Individual, Timing: proposal.Regular}
			err := f.svc.CheckDraftInCurrentTerm(ctx, w, &e, dir)
			return e.TermID, err
		}
		v1 := version()
		if term, err := check(f.alice, v1); err != nil || term != f.term.ID {
			t.Fatalf("serving member: term %d, %v", term, err)
		}
		if term, err := check(f.bob, v1); firstField(err) != "term_id" || term != f.term.ID {
			t.Errorf("not a member: term %d, %v", term, err)
		}
		got, _ := members.Get(ctx, op, m.ID, false)
		if err := members.SetMembership(ctx, op, m.ID, f.term.ID, member.Resigned, f.term.StartsOn, f.term.StartsOn.AddDate(1, 0, 0), got.Version); err != nil {
			t.Fatal(err)
		}
		v2 := version()
		if v2 == v1 {
			t.Fatal("a membership change did not move the directory version")
		}
		if _, err := check(f.alice, v1); err != nil {
			t.Errorf("under the old version the remembered answer stands: %v", err)
		}
		if _, err := check(f.alice, v2); firstField(err) != "term_id" || !strings.Contains(errs.Message(err), "不是该届的在任委员") {
			t.Errorf("resigned member, new version: %v", err)
		}
		if _, err := check(f.alice, 0); firstField(err) != "term_id" {
			t.Errorf("resigned member, no version (no cache): %v", err)
		}
		// A collective proposal from a member's account is refused by the
		// full check.
		e := proposal.Edit{Kind: proposal.Collective, Timing: proposal.Regular}
		if err := f.svc.CheckDraftInCurrentTerm(ctx, f.bob, &e, v2); firstField(err) != "kind" {
			t.Errorf("collective from a member: %v", err)
		}
		// A committee without terms: no term, ValidateDraft names it.
		other := sqldbtest.Committee(t, db, "另一政协")
		stranger := f.who(f.user(other, "stranger", "外委员", authz.Member))
		if term, err := check(stranger, 1); err != nil || term != 0 {
			t.Errorf("committee without terms: term %d, %v", term, err)
		}
	})
}

// A new 平时提案 submitted at once is written in one go — on PostgreSQL
// the proposal, its people and its first event in one statement — and
// leaves what a draft created and then submitted leaves, but for one audit
// entry instead of two.
func TestCreateAndSubmit(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		p, ev, err := f.svc.CreateAndSubmit(ctx, f.alice, proposal.Proposal{Kind: proposal.Individual, Timing: proposal.Regular,
			TermID: f.term.ID, Content: content("关于加强校园周边交通管理的建议")})
		if err != nil {
			t.Fatal(err)
		}
		if p.State != proposal.Submitted || ev.ProposalID != p.ID || ev.Action != proposal.ActSubmit {
			t.Fatalf("state %s event %+v", p.State, ev)
		}
		got := f.stored(p.ID)
		if got.State != proposal.Submitted || got.SubmittedAt.IsZero() || got.Version != p.Version {
			t.Errorf("stored: %s %v v%d (returned v%d)", got.State, got.SubmittedAt, got.Version, p.Version)
		}
		_, tl, err := f.svc.Timeline(ctx, f.alice, p.ID)
		if err != nil || len(tl) != 1 || tl[0].Action != proposal.ActSubmit || tl[0].ActorID != f.alice.Actor.UserID || !tl[0].At.Equal(ev.At) {
			t.Errorf("timeline %+v %v", tl, err)
		}
		if n := f.audits(p.ID); n != 1 {
			t.Errorf("%d audit entries, want 1 (the submission)", n)
		}
		var changes string
		if err := db.View(ctx, func(tx *sqldb.Tx) error {
			es, err := tx.AuditEntries(ctx, audit.Filter{ObjectType: "proposal", ObjectID: strconv.FormatInt(p.ID, 10)})
			if err == nil && len(es) == 1 && es[0].Action == "proposal.submit" {
				changes = es[0].ChangesJSON
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"关于加强校园周边交通管理的建议", `"kind"`, `"submitted"`} {
			if !strings.Contains(changes, want) {
				t.Errorf("the submission's audit entry %q lacks %s", changes, want)
			}
		}
		if n := f.count("SELECT COUNT(*) FROM proposal_people WHERE proposal_id = ? AND user_id = ? AND role = 'proposer'", p.ID, f.alice.Actor.UserID); n != 1 {
			t.Errorf("%d proposer rows", n)
		}
		if n := f.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'proposal.submit'", f.office.Actor.UserID); n != 1 {
			t.Errorf("the proposal office has %d submission notices", n)
		}
		mine, err := f.svc.List(ctx, f.alice, proposal.ListFilter{UserID: f.alice.Actor.UserID})
		if err != nil || len(mine) != 1 || mine[0].ID != p.ID {
			t.Errorf("alice's list: %v %v", mine, err)
		}
	})
}
