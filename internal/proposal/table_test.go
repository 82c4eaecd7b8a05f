package proposal

import (
	"slices"
	"testing"
	"time"

	"xieshang/internal/authz"
	"xieshang/internal/errs"
)

// The fixed cast of every test: committee 1, term 1.
const (
	proposerID = 1  // 张三, first proposer
	cosignerID = 2  // 李四, co-signer
	strangerID = 9  // another member
	officeID   = 50 // 提案办
	generalID  = 51 // 办公室 (general office)
	leaderID   = 52
	leadLiaID  = 60 // liaison of unit 100
	coLiaID    = 61 // liaison of unit 101
	otherLiaID = 69 // liaison of unit 199, never assigned
	adminID    = 70
	leadUnitID = 100
	coUnitID   = 101
	otherUnit  = 199
)

// t0 is a Monday morning in China.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, China)

func actor(id int64, name string, roles ...authz.Role) authz.Actor {
	return authz.Actor{UserID: id, Name: name, CommitteeID: 1, Roles: roles}
}

var (
	whoProposer = Who{Actor: actor(proposerID, "张三", authz.Member)}
	whoCosigner = Who{Actor: actor(cosignerID, "李四", authz.Member)}
	whoStranger = Who{Actor: actor(strangerID, "王五", authz.Member)}
	whoOffice   = Who{Actor: actor(officeID, "提案办小赵", authz.ProposalOffice)}
	whoGeneral  = Who{Actor: actor(generalID, "办公室小钱", authz.Office)}
	whoLeader   = Who{Actor: actor(leaderID, "秘书长", authz.Leader)}
	whoLead     = Who{Actor: actor(leadLiaID, "教育局联络员", authz.UnitLiaison), UnitIDs: []int64{leadUnitID}}
	whoCo       = Who{Actor: actor(coLiaID, "财政局联络员", authz.UnitLiaison), UnitIDs: []int64{coUnitID}}
	whoOtherLia = Who{Actor: actor(otherLiaID, "交通局联络员", authz.UnitLiaison), UnitIDs: []int64{otherUnit}}
	whoSystem   = Who{Actor: authz.SystemActor(1)}
	whoAdmin    = Who{Actor: actor(adminID, "系统管理员", authz.SysAdmin)}
	whoForeign  = Who{Actor: authz.Actor{UserID: 80, Name: "外区提案办", CommitteeID: 2, Roles: []authz.Role{authz.ProposalOffice}}}
)

func content() Content {
	return Content{Title: "关于加强中小学课后服务的建议", Category: "社会", Situation: "课后服务供给不足。",
		Analysis: "师资与经费不足。", Suggestion: "一、增加经费;二、引入社会资源。", Public: true}
}

// base returns a joint regular proposal by 张三 with 李四 as co-signer,
// in state s, carrying what that state implies.
func base(s State) Proposal {
	p := Proposal{ID: 10, CommitteeID: 1, Kind: Joint, Timing: Regular, TermID: 1, TermName: "第十一届",
		Content: content(), ProposerUserID: proposerID, ProposerName: "张三", State: s, Version: 3,
		CoSigners: []CoSigner{{UserID: cosignerID, Name: "李四", Status: Invited}}, CreatedAt: t0.AddDate(0, 0, -30)}
	if s == Draft {
		return p
	}
	p.CoSigners[0].InvitedAt = t0.AddDate(0, 0, -20)
	if s == Cosigning {
		return p
	}
	p.CoSigners[0].Status, p.CoSigners[0].AnsweredAt = Confirmed, t0.AddDate(0, 0, -19)
	p.SubmittedAt = t0.AddDate(0, 0, -18)
	switch s {
	case Submitted, FirstReviewed, Withdrawn, Transferred, Merged, Rejected:
		return p
	}
	p.Number, p.AcceptedAt = 12, t0.AddDate(0, 0, -15)
	if s == Accepted {
		return p
	}
	d := Schedule(t0.AddDate(0, 0, -10), DefaultConfig(), Weekdays{})
	p.Mode, p.AssignedAt, p.Round = JointMode, t0.AddDate(0, 0, -10), 1
	lead := newUnit(UnitChoice{leadUnitID, "市教育局", LeadUnit}, d, p.AssignedAt)
	co := newUnit(UnitChoice{coUnitID, "市财政局", CoUnit}, d, p.AssignedAt)
	p.Units = []Unit{lead, co}
	reply := Reply{UnitID: leadUnitID, Round: 1, Class: ClassA, Contact: FaceToFace, ContactedOn: t0.AddDate(0, 0, -3),
		ContactPerson: "刘科长", ContactPhone: "0571-12345678", Letter: "答复正文", Status: ReplyPending, SubmittedAt: t0.AddDate(0, 0, -2)}
	switch s {
	case Assigned:
	case Handling, Rehandling:
		p.Units[0].State, p.Units[1].State = UnitSigned, UnitViewsSent
		if s == Rehandling {
			p.Round = 2
		}
	case ReplyReview:
		p.Units[0].State, p.Units[1].State = UnitReplied, UnitViewsSent
		p.Replies = []Reply{reply}
	case Evaluating, Closed:
		p.Units[0].State, p.Units[1].State = UnitDone, UnitViewsSent
		reply.Status = ReplyApproved
		p.Replies = []Reply{reply}
		p.ApprovedAt = t0.AddDate(0, 0, -1)
		if s == Closed {
			p.ClosedAt = t0
		}
	}
	return p
}

// fixture returns the proposal in state s, the command for act with valid
// input, and the time to apply it at.
func fixture(s State, act Action) (Proposal, Command, time.Time) {
	p, now := base(s), t0
	switch {
	case s == Draft && act == ActSubmit:
		p.Kind, p.CoSigners = Individual, nil
	case s == Cosigning && act == ActSubmit:
		p.CoSigners[0].Status = Confirmed
	case s == Evaluating && act == ActRehandle:
		p.Evaluations = []Evaluation{{UserID: cosignerID, Round: 1, Level: Dissatisfied, At: t0}}
	case s == Evaluating && act == ActClose:
		now = t0.AddDate(0, 0, 40)
	case act == ActFollowUp:
		p.Key = true
	}
	return p, command(act, now), now
}

func command(act Action, now time.Time) Command {
	d := Schedule(now, DefaultConfig(), Weekdays{})
	return map[Action]Command{
		ActEdit:   Edit{Content: content(), Kind: Joint, Timing: Regular, TermID: 1, CoSigners: []CoSigner{{UserID: cosignerID, Name: "李四"}}},
		ActInvite: Invite{}, ActConfirm: Confirm{}, ActDecline: Decline{Note: "不熟悉该领域"}, ActSubmit: Submit{},
		ActRecall: Recall{}, ActWithdraw: Withdraw{}, ActFirstReview: FirstReview{Note: "建议立案"},
		ActAccept: Accept{Number: 7}, ActReject: Reject{Ground: GroundPersonal}, ActMerge: Merge{Into: 99},
		ActTransfer: Transfer{Target: ToSocialInfo, Consented: true},
		ActAssign: Assign{Mode: JointMode, Units: []UnitChoice{{leadUnitID, "市教育局", LeadUnit}, {coUnitID, "市财政局", CoUnit}},
			Deadlines: d},
		ActSignFor: SignFor{Unit: leadUnitID}, ActRequestReturn: RequestReturn{Unit: leadUnitID, Reason: "不属于本单位职责"},
		ActApproveReturn: ApproveReturn{Unit: leadUnitID}, ActRefuseReturn: RefuseReturn{Unit: leadUnitID, Reason: "属于职责范围"},
		ActSendViews:        SendViews{Unit: leadUnitID, Views: "同意"},
		ActRequestExtension: RequestExtension{Unit: leadUnitID, Until: now.AddDate(0, 4, 0), Reason: "需调研"},
		ActApproveExtension: ApproveExtension{Unit: leadUnitID}, ActRefuseExtension: RefuseExtension{Unit: leadUnitID, Reason: "时间充足"},
		ActReply:        SendReply{Unit: leadUnitID, Reply: goodReply(ClassA)},
		ActApproveReply: ApproveReply{Unit: leadUnitID}, ActSendBackReply: SendBackReply{Unit: leadUnitID, Reason: "请补充"},
		ActEvaluate: Evaluate{Level: Satisfied}, ActRehandle: Rehandle{Deadlines: d}, ActClose: Close{},
		ActMarkKey:       MarkKey{Key: true, Info: KeyInfo{Decision: "2026年第3次主席会议", LeadLeader: "副市长", Supervisor: "副主席"}},
		ActMarkExcellent: MarkExcellent{Excellent: true, Year: 2026},
		ActFollowUp:      RecordFollowUp{Kind: Inspection, On: now.AddDate(0, 0, -1), Note: "市政协领导带队视察项目进展"},
	}[act]
}

func goodReply(c Class) Reply {
	return Reply{Class: c, Contact: FaceToFace, ContactedOn: t0, ContactPerson: "刘科长", ContactPhone: "0571-12345678",
		Signer: "王局长", Letter: "您提出的关于加强中小学课后服务的建议收悉,现答复如下……"}
}

type persona struct {
	name string
	who  Who
	// parties is who the persona is to p, written out by hand; for unit
	// steps about unit 100.
	parties func(p Proposal, unitStep bool) []Party
}

func none(Proposal, bool) []Party { return nil }

func only(ps ...Party) func(Proposal, bool) []Party {
	return func(Proposal, bool) []Party { return ps }
}

var personas = []persona{
	{"proposer", whoProposer, only(AsProposer)},
	{"cosigner", whoCosigner, func(p Proposal, _ bool) []Party {
		c := p.CoSigners
		switch {
		case len(c) == 0:
			return nil
		case c[0].Status == Confirmed:
			return []Party{AsCoSigner}
		case c[0].Status == Invited && !c[0].InvitedAt.IsZero():
			return []Party{AsInvitee}
		}
		return nil
	}},
	{"stranger member", whoStranger, none},
	{"proposal office", whoOffice, only(AsOffice)},
	{"general office", whoGeneral, none},
	{"leader", whoLeader, only(AsLeader)},
	{"lead unit liaison", whoLead, func(p Proposal, unitStep bool) []Party {
		if unitStep && p.unit(leadUnitID) >= 0 {
			return []Party{AsUnit, AsReplyingUnit}
		}
		return nil
	}},
	{"co unit liaison", whoCo, none}, // acting on unit 100, which is not theirs
	{"unassigned unit liaison", whoOtherLia, none},
	{"system", whoSystem, only(AsSystem)},
	{"system admin", whoAdmin, none},
}

// expect derives the outcome of a step from the tables: Forbidden if the
// persona never takes this step, Conflict if the state has no row for it,
// Forbidden if the row is for others, else success into row.To.
func expect(ps []Party, rowOK bool, rowBy []Party, act Action) errs.Kind {
	if !mayEver(act, ps) {
		return errs.Forbidden
	}
	if !rowOK {
		return errs.Conflict
	}
	if !overlaps(ps, rowBy) {
		return errs.Forbidden
	}
	return ""
}

// TestTransitionTable runs every (state, action, persona) triple of the
// proposal table, in both review modes, and checks the outcome against the
// table. Unit steps in states where units do not work are checked here
// too; in the handling states, TestUnitTable covers them.
func TestTransitionTable(t *testing.T) {
	for _, two := range []bool{false, true} {
		cfg := DefaultConfig()
		cfg.TwoStepReview = two
		for _, s := range States {
			for _, act := range Actions {
				if act.OnUnit() && s.InHandling() {
					continue
				}
				for _, pe := range personas {
					p, cmd, now := fixture(s, act)
					ps := pe.parties(p, act.OnUnit())
					var want errs.Kind
					var to State
					if act.OnUnit() {
						want = expect(ps, false, nil, act)
					} else {
						row, ok := Lookup(s, act, cfg)
						want, to = expect(ps, ok, row.By, act), row.To
					}
					got, ev, err := Apply(p, pe.who, cmd, now, cfg)
					name := string(s) + "/" + string(act) + "/" + pe.name
					if two {
						name += "/two-step"
					}
					if errs.KindOf(err) != want {
						t.Errorf("%s: got %v, want kind %q", name, err, want)
						continue
					}
					if err != nil {
						if got.State != s {
							t.Errorf("%s: refused step changed the state", name)
						}
						if msg := errs.Message(err); msg == "" {
							t.Errorf("%s: no message", name)
						}
						continue
					}
					if got.State != to || ev.To != to || ev.From != s || ev.Action != act {
						t.Errorf("%s: state %s, event %s→%s, want %s", name, got.State, ev.From, ev.To, to)
					}
					if !slices.Contains(ps, ev.As) {
						t.Errorf("%s: acted as %q, not one of %v", name, ev.As, ps)
					}
				}
				// Another committee's proposal does not exist for the actor.
				p, cmd, now := fixture(s, act)
				if _, _, err := Apply(p, whoForeign, cmd, now, cfg); !errs.Is(err, errs.NotFound) {
					t.Errorf("%s/%s/other committee: %v", s, act, err)
				}
			}
		}
	}
}

// unitFixture returns a proposal in Handling assigned in mode, with the
// unit in role role (unit 100) in state us, the other unit in a state
// where it does not stand in the way.
func unitFixture(mode Mode, role UnitRole, us UnitState, act Action) (Proposal, Command) {
	p := base(Handling)
	p.Mode = mode
	now := t0
	lead, other := &p.Units[0], &p.Units[1]
	lead.Role, lead.State = role, us
	lead.ReturnDeadline = t0.AddDate(0, 0, 3) // inside the return window
	switch {
	case mode == SingleMode:
		p.Units = p.Units[:1]
	case mode == SplitMode:
		other.Role, other.State = SplitUnit, UnitSigned
		other.DueAt, other.MaxDueAt = lead.DueAt, lead.MaxDueAt
	case role == CoUnit: // unit 100 is the 协办 of a 会办; 101 leads
		other.Role, other.State = LeadUnit, UnitSigned
		lead.ViewsDeadline, other.DueAt, other.MaxDueAt = other.ViewsDeadline, lead.DueAt, lead.MaxDueAt
	}
	switch act {
	case ActApproveExtension, ActRefuseExtension:
		p.Extensions = []Extension{{UnitID: leadUnitID, Round: 1, Until: t0.AddDate(0, 4, 0), Reason: "需调研", Status: ExtensionPending, RequestedAt: t0}}
	case ActApproveReply, ActSendBackReply:
		p.Replies = []Reply{{UnitID: leadUnitID, Round: 1, Class: ClassB, Status: ReplyPending, SubmittedAt: t0}}
	}
	return p, command(act, now)
}

// reachable lists the states a unit in role r can be in.
func reachable(r UnitRole) []UnitState {
	if r == CoUnit {
		return []UnitState{UnitAssigned, UnitSigned, UnitReturnRequested, UnitReturned, UnitViewsSent}
	}
	return []UnitState{UnitAssigned, UnitSigned, UnitReturnRequested, UnitReturned, UnitReplied, UnitReplyReturned, UnitDone}
}

// TestUnitTable runs every (unit state, unit action, persona) triple of
// the unit table for a unit in each role of each mode.
func TestUnitTable(t *testing.T) {
	cases := []struct {
		mode Mode
		role UnitRole
	}{{SingleMode, LeadUnit}, {SplitMode, SplitUnit}, {JointMode, LeadUnit}, {JointMode, CoUnit}}
	unitPersonas := []struct {
		name    string
		who     Who
		parties func(r UnitRole) []Party
	}{
		{"liaison of the unit", whoLead, func(r UnitRole) []Party {
			if r == CoUnit {
				return []Party{AsUnit, AsCoUnit}
			}
			return []Party{AsUnit, AsReplyingUnit}
		}},
		{"liaison of the other assigned unit", whoCo, func(UnitRole) []Party { return nil }},
		{"liaison of an unassigned unit", whoOtherLia, func(UnitRole) []Party { return nil }},
		{"proposal office", whoOffice, func(UnitRole) []Party { return []Party{AsOffice} }},
		{"proposer", whoProposer, func(UnitRole) []Party { return []Party{AsProposer} }},
		{"leader", whoLeader, func(UnitRole) []Party { return []Party{AsLeader} }},
		{"system", whoSystem, func(UnitRole) []Party { return []Party{AsSystem} }},
	}
	cfg := DefaultConfig()
	for _, tc := range cases {
		for _, us := range reachable(tc.role) {
			for _, act := range Actions {
				if !act.OnUnit() {
					continue
				}
				for _, pe := range unitPersonas {
					p, cmd := unitFixture(tc.mode, tc.role, us, act)
					ps := pe.parties(tc.role)
					row, ok := LookupUnit(us, act)
					want := expect(ps, ok, row.By, act)
					if us == UnitReturned {
						// A returned unit is no longer on the proposal: its
						// liaison is nobody to it, and the office names a
						// unit that is not there.
						if pe.name == "liaison of the unit" {
							want = errs.Forbidden
						} else if want == errs.Conflict {
							want = errs.Invalid
						}
					}
					got, ev, err := Apply(p, pe.who, cmd, t0, cfg)
					name := string(tc.mode) + "/" + string(tc.role) + "/" + string(us) + "/" + string(act) + "/" + pe.name
					if errs.KindOf(err) != want {
						t.Errorf("%s: got %v, want kind %q", name, err, want)
						continue
					}
					if err != nil {
						continue
					}
					if i := slices.IndexFunc(got.Units, func(u Unit) bool { return u.UnitID == leadUnitID }); got.Units[i].State != row.To {
						t.Errorf("%s: unit state %s, want %s", name, got.Units[i].State, row.To)
					}
					if ev.UnitID != leadUnitID || ev.UnitFrom != us || ev.UnitTo != row.To {
						t.Errorf("%s: event %+v", name, ev)
					}
					if !got.State.InHandling() && got.State != Evaluating && got.State != Accepted {
						t.Errorf("%s: proposal state %s after a unit step", name, got.State)
					}
				}
			}
		}
	}
}

// TestTableRules checks the tables themselves against the rules of the
// issue, independently of Apply.
func TestTableRules(t *testing.T) {
	for _, r := range Table {
		if !r.From.Valid() || !r.To.Valid() {
			t.Errorf("row %v: unknown state", r)
		}
		if r.From.Final() && !(r.From == Closed && (r.Action == ActMarkExcellent || r.Action == ActFollowUp)) {
			t.Errorf("row %v leaves a final state", r)
		}
		for _, p := range r.By {
			if p == AsUnit || p == AsReplyingUnit || p == AsCoUnit {
				t.Errorf("row %v: units take proposal steps", r)
			}
			if p == AsSystem && r.Action != ActClose {
				t.Errorf("row %v: the system only closes", r)
			}
		}
		if r.Action == ActEvaluate && !slices.Equal(r.By, []Party{AsProposer, AsCoSigner}) {
			t.Errorf("evaluation by %v: only proposers evaluate, for themselves", r.By)
		}
		if r.Action.OnUnit() {
			t.Errorf("row %v: unit step in the proposal table", r)
		}
	}
	for _, r := range UnitTable {
		for _, p := range r.By {
			if p != AsOffice && p != AsUnit && p != AsReplyingUnit && p != AsCoUnit {
				t.Errorf("unit row %v: party %s", r, p)
			}
		}
		if r.Action == ActReply && !slices.Equal(r.By, []Party{AsReplyingUnit}) {
			t.Errorf("reply by %v: only 主办/分办 units reply", r.By)
		}
	}
	for _, a := range Actions {
		_, inTable := Lookup(Closed, a, DefaultConfig())
		if a.Name() == string(a) {
			t.Errorf("action %s has no Chinese name", a)
		}
		if inTable && a != ActMarkExcellent && a != ActFollowUp {
			t.Errorf("%s possible after closing", a)
		}
	}
	// Every state is reached by some row (Draft by creation, the handling
	// states by settle).
	reached := map[State]bool{Draft: true, Handling: true, ReplyReview: true, Evaluating: true}
	for _, r := range Table {
		reached[r.To] = true
	}
	for _, s := range States {
		if !reached[s] {
			t.Errorf("state %s is never reached", s)
		}
		if s.Name() == string(s) {
			t.Errorf("state %s has no Chinese name", s)
		}
	}
}
