package proposal

import (
	"strings"
	"testing"
	"time"

	"xieshang/internal/errs"
)

func step(t *testing.T, p Proposal, w Who, cmd Command, now time.Time, cfg Config, want State) Proposal {
	t.Helper()
	q, ev, err := Apply(p, w, cmd, now, cfg)
	if err != nil {
		t.Fatalf("%s by %s: %v", cmd.Action(), w.Actor.Name, err)
	}
	if q.State != want {
		t.Fatalf("%s by %s: state %s, want %s", cmd.Action(), w.Actor.Name, q.State, want)
	}
	if ev.At != now || ev.ActorID != w.Actor.UserID {
		t.Fatalf("%s: event %+v", cmd.Action(), ev)
	}
	return q
}

func refused(t *testing.T, p Proposal, w Who, cmd Command, now time.Time, cfg Config, kind errs.Kind, msg string) error {
	t.Helper()
	q, _, err := Apply(p, w, cmd, now, cfg)
	if !errs.Is(err, kind) || !strings.Contains(errs.Message(err), msg) {
		t.Fatalf("%s by %s: got %v, want %s containing %q", cmd.Action(), w.Actor.Name, err, kind, msg)
	}
	if q.State != p.State {
		t.Fatalf("refused %s changed the state", cmd.Action())
	}
	return err
}

func individualDraft() Proposal {
	return Proposal{ID: 20, CommitteeID: 1, Kind: Individual, Timing: Plenary, TermID: 1, SessionID: 3,
		TermName: "第十一届", SessionNumber: 3, Content: content(), ProposerUserID: proposerID, ProposerName: "张三",
		State: Draft, Version: 1}
}

// TestJourneyJointHandling follows an individual proposal from
// submission through 会办, a 不满意, 重新办理 and a 满意 to its close.
func TestJourneyJointHandling(t *testing.T) {
	cfg := DefaultConfig()
	now := t0
	opens, closes := PlenaryWindow(t0.AddDate(0, 0, 10), t0.AddDate(0, 0, 14), cfg)
	p := individualDraft()
	p = step(t, p, whoProposer, Submit{Opens: opens, Closes: closes}, now, cfg, Submitted)
	refused(t, p, whoProposer, Edit{Content: content(), Kind: Individual, Timing: Plenary, TermID: 1, SessionID: 3}, now, cfg,
		errs.Conflict, "该提案已提交,不能再修改")
	p = step(t, p, whoOffice, Accept{Number: 123}, now, cfg, Accepted)
	if p.Code() != "第十一届第三次会议第0123号" {
		t.Errorf("code %q", p.Code())
	}
	refused(t, p, whoProposer, Edit{Content: content()}, now, cfg, errs.Conflict, "该提案已立案,不能再修改")

	now = now.Add(time.Hour)
	d := Schedule(now, cfg, Weekdays{})
	p = step(t, p, whoOffice, Assign{Mode: JointMode, Units: []UnitChoice{{leadUnitID, "市教育局", LeadUnit},
		{coUnitID, "市财政局", CoUnit}}, Deadlines: d}, now, cfg, Assigned)
	p = step(t, p, whoLead, SignFor{}, now, cfg, Assigned) // unit resolved from the liaison's units
	p = step(t, p, whoCo, SignFor{Unit: coUnitID}, now, cfg, Handling)
	refused(t, p, whoCo, SendReply{Unit: coUnitID, Reply: goodReply(ClassA)}, now, cfg, errs.Forbidden, "")
	refused(t, p, whoLead, SendReply{Reply: goodReply(ClassA)}, now, cfg, errs.Conflict, "协办单位尚未提交协办意见")
	if err := Allowed(p, whoLead, ActReply, 0, now, cfg); !errs.Is(err, errs.Conflict) {
		t.Errorf("Allowed lets the lead reply before the views: %v", err)
	}
	now = now.AddDate(0, 0, 7)
	p = step(t, p, whoCo, SendViews{Views: "财政将统筹安排经费。"}, now, cfg, Handling)
	now = now.AddDate(0, 0, 20)
	p = step(t, p, whoLead, SendReply{Reply: goodReply(ClassB)}, now, cfg, ReplyReview)
	p = step(t, p, whoOffice, SendBackReply{Unit: leadUnitID, Reason: "请补充经费来源"}, now, cfg, Handling)
	p = step(t, p, whoLead, SendReply{Reply: goodReply(ClassB)}, now, cfg, ReplyReview)
	p, ev, err := Apply(p, whoOffice, ApproveReply{Unit: leadUnitID}, now, cfg)
	if err != nil || p.State != Evaluating || !p.ApprovedAt.Equal(now) {
		t.Fatalf("approve: %v, %s", err, p.State)
	}
	if !hasUser(ev.Notify, proposerID) {
		t.Errorf("the proposer is not told to evaluate: %+v", ev.Notify)
	}
	p = step(t, p, whoProposer, Evaluate{Level: Dissatisfied, Comment: "经费没有落实"}, now, cfg, Evaluating)
	p = step(t, p, whoOffice, Rehandle{Deadlines: Schedule(now, cfg, Weekdays{}), Note: "请重新办理"}, now, cfg, Rehandling)
	if p.Round != 2 || p.Units[0].State != UnitSigned || p.Units[1].State != UnitViewsSent {
		t.Fatalf("after rehandling: round %d, units %+v", p.Round, p.Units)
	}
	now = now.AddDate(0, 0, 30)
	p = step(t, p, whoLead, SendReply{Reply: goodReply(ClassA)}, now, cfg, ReplyReview)
	p = step(t, p, whoOffice, ApproveReply{Unit: leadUnitID}, now, cfg, Evaluating)
	refused(t, p, whoOffice, Rehandle{Deadlines: Schedule(now, cfg, Weekdays{})}, now, cfg, errs.Conflict, "已重新办理过一次")
	p = step(t, p, whoProposer, Evaluate{Level: Satisfied}, now, cfg, Closed)
	if len(p.Replies) != 3 || p.Replies[0].Status != ReplySentBack || p.Replies[2].Round != 2 {
		t.Errorf("replies %+v", p.Replies)
	}
	refused(t, p, whoLead, SendReply{Reply: goodReply(ClassA)}, now, cfg, errs.Conflict, "该提案已办结,不能再答复")
	p = step(t, p, whoOffice, MarkExcellent{Excellent: true, Year: 2026}, now, cfg, Closed)
}

func hasUser(rs []Recipient, id int64) bool {
	for _, r := range rs {
		if r.UserID == id {
			return true
		}
	}
	return false
}

func TestJointProposalCosignerDeclines(t *testing.T) {
	cfg := DefaultConfig()
	whoThird := Who{Actor: actor(3, "赵六")}
	p := base(Draft)
	p.CoSigners = append(p.CoSigners, CoSigner{UserID: 3, Name: "赵六", Status: Invited})
	refused(t, p, whoProposer, Submit{}, t0, cfg, errs.Conflict, "请先邀请联名人")
	refused(t, p, whoCosigner, Confirm{}, t0, cfg, errs.Forbidden, "") // not invited yet
	p = step(t, p, whoProposer, Invite{}, t0, cfg, Cosigning)
	p = step(t, p, whoCosigner, Confirm{}, t0, cfg, Cosigning)
	refused(t, p, whoProposer, Submit{}, t0, cfg, errs.Conflict, "尚有联名人未确认:赵六")
	refused(t, p, whoStranger, Decline{}, t0, cfg, errs.Forbidden, "")
	p = step(t, p, whoThird, Decline{Note: "不熟悉"}, t0, cfg, Cosigning)
	refused(t, p, whoThird, Confirm{}, t0, cfg, errs.Forbidden, "")
	p = step(t, p, whoProposer, Submit{}, t0, cfg, Submitted)
	if got := p.Proposers(); len(got) != 2 || got[1] != cosignerID {
		t.Errorf("proposers %v", got)
	}

	// All decline: the proposal cannot go as a joint one.
	q := base(Cosigning)
	q = step(t, q, whoCosigner, Decline{}, t0, cfg, Cosigning)
	refused(t, q, whoProposer, Submit{}, t0, cfg, errs.Conflict, "没有联名人确认联名")
	q = step(t, q, whoProposer, Recall{}, t0, cfg, Draft)
	if q.CoSigners[0].Status != Invited || !q.CoSigners[0].InvitedAt.IsZero() {
		t.Errorf("recall keeps answers: %+v", q.CoSigners)
	}
}

func TestMerge(t *testing.T) {
	cfg := DefaultConfig()
	main := base(Accepted)
	main.ID = 99
	merged := individualDraft()
	merged.ID, merged.State, merged.ProposerUserID, merged.ProposerName = 21, Submitted, 7, "孙七"
	refused(t, merged, whoOffice, Merge{Into: 21}, t0, cfg, errs.Invalid, "并入的主提案")
	got := step(t, merged, whoOffice, Merge{Into: 99, Note: "与第0012号内容相近"}, t0, cfg, Merged)
	if got.MergedInto != 99 {
		t.Errorf("merged into %d", got.MergedInto)
	}
	if err := CanMergeInto(main, got); err != nil {
		t.Fatal(err)
	}
	main = MergeProposers(main, got, t0)
	if ps := main.Proposers(); len(ps) != 3 || ps[2] != 7 || main.CoSigners[1].MergedFrom != 21 {
		t.Errorf("main proposers %v %+v", ps, main.CoSigners)
	}
	// The merged proposer now evaluates the main proposal.
	closed := base(Closed)
	if err := CanMergeInto(closed, got); !errs.Is(err, errs.Invalid) {
		t.Errorf("merge into a closed proposal: %v", err)
	}
	refused(t, merged, whoProposer, Merge{Into: 99}, t0, cfg, errs.Forbidden, "")
}

func TestRejectWithGround(t *testing.T) {
	cfg := DefaultConfig()
	p := base(Submitted)
	err := refused(t, p, whoOffice, Reject{Ground: "dislike"}, t0, cfg, errs.Invalid, "不予立案的理由")
	if f := errs.FieldsOf(err); len(f) != 1 || f[0].Field != "ground" {
		t.Errorf("fields %v", f)
	}
	refused(t, p, whoStranger, Reject{Ground: GroundPersonal}, t0, cfg, errs.Forbidden, "")
	q, ev, err := Apply(p, whoOffice, Reject{Ground: GroundAccusation, Note: "请通过信访渠道反映"}, t0, cfg)
	if err != nil || q.State != Rejected || q.RejectGround != GroundAccusation {
		t.Fatal(err, q.State)
	}
	if ev.Note != "对具体人员的检举控告:请通过信访渠道反映" || !hasUser(ev.Notify, proposerID) || !hasUser(ev.Notify, cosignerID) {
		t.Errorf("event %+v", ev)
	}
	if ev.Audit(whoOffice.Actor).Changes["ground"].New != "accusation" {
		t.Errorf("audit %+v", ev.Audit(whoOffice.Actor))
	}
	refused(t, q, whoOffice, Accept{Number: 1}, t0, cfg, errs.Conflict, "该提案不予立案,不能再立案")
	// Transfer needs the proposer's consent.
	refused(t, p, whoOffice, Transfer{Target: ToLetter}, t0, cfg, errs.Invalid, "征得提案人同意")
}

func TestTwoStepReview(t *testing.T) {
	cfg := DefaultConfig()
	cfg.TwoStepReview = true
	p := base(Submitted)
	refused(t, p, whoOffice, Accept{Number: 5}, t0, cfg, errs.Conflict, "请先完成初审")
	refused(t, p, whoLeader, FirstReview{}, t0, cfg, errs.Forbidden, "")
	p = step(t, p, whoOffice, FirstReview{Note: "建议立案"}, t0, cfg, FirstReviewed)
	p = step(t, p, whoLeader, Accept{Number: 5}, t0, cfg, Accepted)
	refused(t, base(Submitted), whoOffice, FirstReview{}, t0, DefaultConfig(), errs.Conflict, "未实行两级审查")
}

func assigned(mode Mode) Proposal {
	p := base(Accepted)
	units := []UnitChoice{{leadUnitID, "市教育局", ""}, {coUnitID, "市财政局", ""}}
	switch mode {
	case JointMode:
		units[0].Role, units[1].Role = LeadUnit, CoUnit
	case SingleMode:
		units = units[:1]
	}
	q, _, err := Apply(p, whoOffice, Assign{Mode: mode, Units: units, Deadlines: Schedule(t0, DefaultConfig(), Weekdays{})}, t0, DefaultConfig())
	if err != nil {
		panic(err)
	}
	return q
}

func TestReturnWindow(t *testing.T) {
	cfg := DefaultConfig()
	p := assigned(JointMode)
	// Assigned on Monday 2 March: 5 working days end on Monday 9 March.
	if want := time.Date(2026, 3, 9, 23, 59, 59, 0, China); !p.Units[0].ReturnDeadline.Equal(want) {
		t.Fatalf("return deadline %v, want %v", p.Units[0].ReturnDeadline, want)
	}
	late := time.Date(2026, 3, 10, 8, 0, 0, 0, China)
	refused(t, p, whoCo, RequestReturn{Reason: "不属于本单位职责"}, late, cfg, errs.Conflict, "已超过申请退回的期限(2026年3月9日)")
	if err := Allowed(p, whoCo, ActRequestReturn, 0, late, cfg); !errs.Is(err, errs.Conflict) {
		t.Errorf("the button would still show: %v", err)
	}
	inTime := time.Date(2026, 3, 9, 17, 0, 0, 0, China)
	refused(t, p, whoCo, RequestReturn{}, inTime, cfg, errs.Invalid, "申请退回的理由")
	q := step(t, p, whoCo, RequestReturn{Reason: "不属于本单位职责"}, inTime, cfg, Assigned)
	refused(t, q, whoCo, ApproveReturn{Unit: coUnitID}, inTime, cfg, errs.Forbidden, "")
	r := step(t, q, whoOffice, RefuseReturn{Unit: coUnitID, Reason: "涉及经费保障"}, inTime, cfg, Assigned)
	if r.Units[1].State != UnitSigned {
		t.Errorf("refused return: %s", r.Units[1].State)
	}
	// Re-routed to another unit, which gets its own window.
	q = step(t, q, whoOffice, ApproveReturn{Unit: coUnitID, Replacement: UnitChoice{UnitID: otherUnit, Name: "市交通局"},
		Deadlines: Schedule(inTime, cfg, Weekdays{})}, inTime, cfg, Assigned)
	if len(q.Units) != 3 || q.Units[1].State != UnitReturned || q.Units[2].Role != CoUnit || q.Units[2].State != UnitAssigned {
		t.Fatalf("units %+v", q.Units)
	}
	refused(t, q, whoCo, SignFor{Unit: coUnitID}, inTime, cfg, errs.Forbidden, "")
	q = step(t, q, whoOtherLia, SignFor{}, inTime, cfg, Assigned)
	// The lead returns it without replacement: back to be assigned again.
	q = step(t, q, whoLead, RequestReturn{Reason: "应由区政府办理"}, inTime, cfg, Assigned)
	q = step(t, q, whoOffice, ApproveReturn{Unit: leadUnitID}, inTime, cfg, Accepted)
	for _, u := range q.Units {
		if u.State != UnitReturned {
			t.Errorf("unit %d still %s", u.UnitID, u.State)
		}
	}
	step(t, q, whoOffice, Assign{Mode: SingleMode, Units: []UnitChoice{{UnitID: leadUnitID, Name: "市教育局"}},
		Deadlines: Schedule(inTime, cfg, Weekdays{})}, inTime, cfg, Assigned)
}

func TestExtension(t *testing.T) {
	cfg := DefaultConfig()
	p := assigned(SingleMode)
	p = step(t, p, whoLead, SignFor{}, t0, cfg, Handling)
	u := p.Units[0]
	if want := time.Date(2026, 6, 2, 23, 59, 59, 0, China); !u.DueAt.Equal(want) {
		t.Errorf("due %v, want %v", u.DueAt, want)
	}
	if want := time.Date(2026, 9, 2, 23, 59, 59, 0, China); !u.MaxDueAt.Equal(want) {
		t.Errorf("max %v, want %v", u.MaxDueAt, want)
	}
	err := refused(t, p, whoLead, RequestExtension{Until: time.Date(2026, 9, 3, 0, 0, 0, 0, China), Reason: "需调研"}, t0, cfg,
		errs.Invalid, "不能超过交办之日起 6 个月(2026年9月2日)")
	if f := errs.FieldsOf(err); f[0].Field != "until" {
		t.Errorf("fields %v", f)
	}
	refused(t, p, whoLead, RequestExtension{Until: time.Date(2026, 5, 1, 0, 0, 0, 0, China), Reason: "需调研"}, t0, cfg, errs.Invalid, "应晚于")
	refused(t, p, whoOffice, ApproveExtension{Unit: leadUnitID}, t0, cfg, errs.Conflict, "没有待审批的延期申请")
	p = step(t, p, whoLead, RequestExtension{Until: time.Date(2026, 9, 2, 10, 0, 0, 0, China), Reason: "需调研"}, t0, cfg, Handling)
	refused(t, p, whoLead, RequestExtension{Until: time.Date(2026, 8, 2, 0, 0, 0, 0, China), Reason: "再延"}, t0, cfg, errs.Conflict, "已有待审批")
	refused(t, p, whoLead, ApproveExtension{}, t0, cfg, errs.Forbidden, "")
	p = step(t, p, whoOffice, ApproveExtension{Unit: leadUnitID}, t0, cfg, Handling)
	if !p.Units[0].DueAt.Equal(p.Units[0].MaxDueAt) || p.Extensions[0].Status != ExtensionApproved {
		t.Errorf("after approval: %+v %+v", p.Units[0], p.Extensions)
	}
	refused(t, p, whoLead, RequestExtension{Until: time.Date(2026, 9, 30, 0, 0, 0, 0, China), Reason: "再延"}, t0, cfg,
		errs.Conflict, "已达最长办理期限")
	if p.Overdue(time.Date(2026, 9, 2, 23, 0, 0, 0, China)) || !p.Overdue(time.Date(2026, 9, 3, 0, 0, 1, 0, China)) {
		t.Error("overdue is wrong around the deadline")
	}
}

func TestSplitModeRepliesSeparately(t *testing.T) {
	cfg := DefaultConfig()
	p := assigned(SplitMode)
	p = step(t, p, whoLead, SignFor{}, t0, cfg, Assigned)
	p = step(t, p, whoCo, SignFor{}, t0, cfg, Handling)
	p = step(t, p, whoLead, SendReply{Reply: goodReply(ClassA)}, t0, cfg, Handling) // no views to wait for
	p = step(t, p, whoOffice, ApproveReply{Unit: leadUnitID}, t0, cfg, Handling)
	p = step(t, p, whoCo, SendReply{Reply: goodReply(ClassC)}, t0, cfg, ReplyReview)
	p = step(t, p, whoOffice, ApproveReply{Unit: coUnitID}, t0, cfg, Evaluating)
	refused(t, p, whoCo, SendViews{Views: "x"}, t0, cfg, errs.Forbidden, "") // 分办 units send no views
	refused(t, p, whoCo, SendReply{Reply: goodReply(ClassA)}, t0, cfg, errs.Conflict, "")
}

func TestEvaluation(t *testing.T) {
	cfg := DefaultConfig()
	p := base(Evaluating)
	refused(t, p, whoStranger, Evaluate{Level: Satisfied}, t0, cfg, errs.Forbidden, "不能代他人评价")
	refused(t, p, whoOffice, Evaluate{Level: Satisfied}, t0, cfg, errs.Forbidden, "不能代他人评价")
	refused(t, p, whoLead, Evaluate{Level: Satisfied}, t0, cfg, errs.Forbidden, "")
	refused(t, p, whoProposer, Evaluate{Level: "great"}, t0, cfg, errs.Invalid, "请选择满意")
	p = step(t, p, whoProposer, Evaluate{Level: BasicallySatisfied}, t0, cfg, Evaluating)
	if p.Evaluations[0].UserID != proposerID {
		t.Errorf("evaluation recorded for %d", p.Evaluations[0].UserID)
	}
	refused(t, p, whoProposer, Evaluate{Level: Satisfied}, t0, cfg, errs.Conflict, "已评价")
	refused(t, p, whoOffice, Close{}, t0, cfg, errs.Conflict, "尚有提案人未评价")
	refused(t, p, whoSystem, Close{}, t0.AddDate(0, 0, 28), cfg, errs.Conflict, "满 30 天")
	step(t, p, whoSystem, Close{}, t0.AddDate(0, 0, 30), cfg, Closed)
	step(t, p, whoCosigner, Evaluate{Level: Satisfied}, t0, cfg, Closed)

	declined := base(Evaluating)
	declined.CoSigners[0].Status = Declined
	refused(t, declined, whoCosigner, Evaluate{Level: Satisfied}, t0, cfg, errs.Forbidden, "")
}

func TestClassD(t *testing.T) {
	cfg := DefaultConfig()
	p := base(Handling)
	err := refused(t, p, whoLead, SendReply{Reply: goodReply(ClassD)}, t0, cfg, errs.Invalid, "未启用 D 类")
	if f := errs.FieldsOf(err); f[0].Field != "class" {
		t.Errorf("fields %v", f)
	}
	cfg.ClassD = true
	step(t, p, whoLead, SendReply{Reply: goodReply(ClassD)}, t0, cfg, ReplyReview)
	bad := goodReply(ClassA)
	bad.ContactPerson, bad.Letter, bad.ContactedOn = "", " ", t0.AddDate(0, 0, 2)
	err = refused(t, p, whoLead, SendReply{Reply: bad}, t0, cfg, errs.Invalid, "")
	if len(errs.FieldsOf(err)) != 3 {
		t.Errorf("fields %v", errs.FieldsOf(err))
	}
}

func TestPlenaryWindow(t *testing.T) {
	cfg := DefaultConfig()
	opens, closes := PlenaryWindow(time.Date(2026, 1, 10, 0, 0, 0, 0, China), time.Date(2026, 1, 14, 0, 0, 0, 0, China), cfg)
	if opens.Format(time.DateTime) != "2025-10-10 00:00:00" || closes.Format(time.DateTime) != "2026-01-14 23:59:59" {
		t.Errorf("window %v – %v", opens, closes)
	}
	p := individualDraft()
	refused(t, p, whoProposer, Submit{Opens: opens, Closes: closes}, t0, cfg, errs.Conflict, "不在大会提案征集期内")
	refused(t, p, whoProposer, Submit{}, t0, cfg, errs.Invalid, "征集期")
	refused(t, p, whoStranger, Submit{Opens: opens, Closes: closes}, t0, cfg, errs.Forbidden, "只有提案人本人")
}

func TestAvailable(t *testing.T) {
	cfg := DefaultConfig()
	p := assigned(JointMode)
	got := Available(p, whoCo, t0, cfg)
	if strings.Join(actionStrings(got), ",") != "sign_for,request_return" {
		t.Errorf("co unit may %v", got)
	}
	if got := Available(base(Evaluating), whoProposer, t0, cfg); len(got) != 1 || got[0] != ActEvaluate {
		t.Errorf("proposer may %v", got)
	}
	if got := Available(base(Closed), whoStranger, t0, cfg); len(got) != 0 {
		t.Errorf("stranger may %v", got)
	}
}

func actionStrings(as []Action) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = string(a)
	}
	return out
}
