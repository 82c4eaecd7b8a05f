package proposal

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
)

// Command is one step with its input: one of the types below (Edit,
// Submit, Accept, Reply, …). Its Action names the row of the tables it
// needs.
type Command interface {
	Action() Action
	// unit is the handling unit a unit step is about; 0 for proposal steps,
	// or for a liaison's step when the actor's units include exactly one
	// of the proposal's.
	unit() int64
	apply(c *change) error
}

// Recipient is someone to notify of an event: one user, every liaison of
// one unit, or every holder of a role in the proposal's committee. The
// notifier skips the actor.
type Recipient struct {
	UserID int64
	UnitID int64
	Role   authz.Role
}

// Event is what one step did, for the timeline, the audit log and the
// notifications: the storage layer appends it in the step's transaction.
type Event struct {
	ProposalID  int64
	CommitteeID int64
	Action      Action
	At          time.Time
	ActorID     int64
	ActorName   string
	As          Party // the capacity the actor acted in
	UnitID      int64 // the unit of a unit step
	From, To    State
	UnitFrom    UnitState // unit steps: the unit's state before and after
	UnitTo      UnitState
	// Note is what the timeline shows besides the step: a reason, a
	// ground, a comment.
	Note    string
	Details map[string]string // facts for the audit entry: number, ground, level…
	Notify  []Recipient
}

// Audit returns the audit entry of e, made by actor a.
func (e Event) Audit(a authz.Actor) audit.Entry {
	ch := map[string]audit.Change{}
	if e.From != e.To {
		ch["state"] = audit.Change{Old: string(e.From), New: string(e.To)}
	}
	if e.UnitID != 0 {
		ch["unit_id"] = audit.Change{New: e.UnitID}
		if e.UnitFrom != e.UnitTo {
			ch["unit_state"] = audit.Change{Old: string(e.UnitFrom), New: string(e.UnitTo)}
		}
	}
	if e.Note != "" {
		ch["note"] = audit.Change{New: e.Note}
	}
	for k, v := range e.Details {
		ch[k] = audit.Change{New: v}
	}
	return audit.Entry{ActorID: a.UserID, ActorName: a.Name, Role: string(a.PrimaryRole()), CommitteeID: e.CommitteeID,
		Action: "proposal." + string(e.Action), ObjectType: "proposal", ObjectID: strconv.FormatInt(e.ProposalID, 10),
		Changes: ch, ClientAddr: a.Addr}
}

// change is one step being applied.
type change struct {
	p   *Proposal
	who Who
	now time.Time
	cfg Config
	ui  int // index of the unit of a unit step in p.Units
	ev  *Event
}

func (c *change) u() *Unit { return &c.p.Units[c.ui] }

func (c *change) detail(k, v string) {
	if c.ev.Details == nil {
		c.ev.Details = map[string]string{}
	}
	c.ev.Details[k] = v
}

func (c *change) notifyUsers(ids ...int64) {
	for _, id := range ids {
		if id != 0 {
			c.ev.Notify = append(c.ev.Notify, Recipient{UserID: id})
		}
	}
}

func (c *change) notifyProposers() { c.notifyUsers(c.p.Proposers()...) }

func (c *change) notifyRole(r authz.Role) { c.ev.Notify = append(c.ev.Notify, Recipient{Role: r}) }

func (c *change) notifyUnits(replyingOnly bool) {
	for _, u := range c.p.Units {
		if u.active() && (!replyingOnly || u.Role.Replies()) {
			c.ev.Notify = append(c.ev.Notify, Recipient{UnitID: u.UnitID})
		}
	}
}

// Apply takes step cmd on p for who at now under the committee's rules
// cfg. It returns the changed proposal (p itself is not modified; Version
// is left for the storage layer to check and increment) and the event
// describing the step. Errors:
//   - NotFound if p belongs to another committee;
//   - Forbidden if who is not someone who may take this step — not the
//     proposer, not a liaison of the unit concerned, not the office — in
//     this state or, when they never may, in any state;
//   - Conflict, with a Chinese message, if p's state (or its unit's)
//     does not allow the step, or a rule of time or order refuses it: the
//     return window has closed, an extension is already pending, co-units'
//     views are still due, not every proposer has evaluated…;
//   - Invalid with field errors if the input is wrong.
func Apply(p Proposal, who Who, cmd Command, now time.Time, cfg Config) (Proposal, Event, error) {
	if cmd == nil {
		return p, Event{}, errs.E(errs.Invalid, "缺少操作")
	}
	q := p.clone()
	c, err := check(&q, who, cmd.Action(), cmd.unit(), now, cfg)
	if err != nil {
		return p, Event{}, err
	}
	if err := cmd.apply(c); err != nil {
		return p, Event{}, err
	}
	if c.ui >= 0 && cmd.Action().OnUnit() {
		if c.ui < len(q.Units) {
			c.ev.UnitTo = q.Units[c.ui].State
		}
		settle(c)
	}
	q.UpdatedAt = now
	c.ev.To = q.State
	return q, *c.ev, nil
}

// Allowed reports, as Apply would, whether who may take step act now on p
// (on its unit unitID, for unit steps), leaving out the checks of input:
// pages show a step's button only if Allowed returns nil, and the API
// refuses it with the same error.
func Allowed(p Proposal, who Who, act Action, unitID int64, now time.Time, cfg Config) error {
	q := p.clone()
	c, err := check(&q, who, act, unitID, now, cfg)
	if err != nil {
		return err
	}
	if g := guards[act]; g != nil {
		return g(c)
	}
	return nil
}

// Available returns the steps who may take on p now, proposal steps first.
// A unit step is listed if it is allowed on one of the actor's units (or,
// for the office, on one of the proposal's units).
func Available(p Proposal, who Who, now time.Time, cfg Config) []Action {
	var out []Action
	for _, act := range Actions {
		if !act.OnUnit() {
			if Allowed(p, who, act, 0, now, cfg) == nil {
				out = append(out, act)
			}
			continue
		}
		for _, u := range p.Units {
			if u.active() && Allowed(p, who, act, u.UnitID, now, cfg) == nil {
				out = append(out, act)
				break
			}
		}
	}
	return out
}

// check finds the row of the tables for the step and checks the actor
// against it, returning the change to apply.
func check(p *Proposal, who Who, act Action, unitID int64, now time.Time, cfg Config) (*change, error) {
	if p.CommitteeID != who.Actor.CommitteeID && !who.Actor.System {
		return nil, errs.E(errs.NotFound, "提案不存在")
	}
	c := &change{p: p, who: who, now: now, cfg: cfg, ui: -1}
	onUnit := act.OnUnit()
	if onUnit {
		c.ui = unitIndex(*p, who, unitID)
	}
	ps := parties(*p, who, c.ui)
	if !mayEver(act, ps) {
		return nil, forbidden(act)
	}
	c.ev = &Event{ProposalID: p.ID, CommitteeID: p.CommitteeID, Action: act, At: now, ActorID: who.Actor.UserID,
		ActorName: who.Actor.Name, From: p.State}
	var allowed []Party
	if !onUnit {
		t, ok := Lookup(p.State, act, cfg)
		if !ok {
			return nil, conflict(*p, act, cfg)
		}
		allowed = t.By
	} else {
		if !p.State.InHandling() {
			return nil, conflict(*p, act, cfg)
		}
		if c.ui < 0 {
			return nil, errs.Field("unit_id", "请选择承办此提案的单位")
		}
		u := p.Units[c.ui]
		t, ok := LookupUnit(u.State, act)
		if !ok {
			return nil, unitConflict(u, act)
		}
		allowed = t.By
		c.ev.UnitID, c.ev.UnitFrom = u.UnitID, u.State
	}
	i := slices.IndexFunc(ps, func(x Party) bool { return slices.Contains(allowed, x) })
	if i < 0 {
		return nil, forbidden(act)
	}
	c.ev.As = ps[i]
	return c, nil
}

// unitIndex returns the index in p.Units of the active assignment a unit
// step is about: unitID, or, when it is 0, the only one of the actor's
// units assigned the proposal.
func unitIndex(p Proposal, who Who, unitID int64) int {
	if unitID != 0 {
		return p.unit(unitID)
	}
	found := -1
	for _, id := range who.UnitIDs {
		if i := p.unit(id); i >= 0 {
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	return found
}

func forbidden(act Action) error {
	switch act {
	case ActEvaluate:
		return errs.E(errs.Forbidden, "只有提案人本人可以评价答复,不能代他人评价")
	case ActConfirm, ActDecline:
		return errs.E(errs.Forbidden, "您不是该提案的待确认联名人")
	case ActEdit, ActInvite, ActSubmit, ActRecall, ActWithdraw:
		return errs.E(errs.Forbidden, "只有提案人本人可以操作自己的提案")
	case ActSignFor, ActRequestReturn, ActSendViews, ActRequestExtension, ActReply:
		return errs.E(errs.Forbidden, "您所在单位未承办此提案,或不承担此项办理工作")
	}
	return errs.E(errs.Forbidden, "您没有权限对该提案执行此操作")
}

// conflict explains why act is not possible in p's state.
func conflict(p Proposal, act Action, cfg Config) error {
	s := p.State
	switch {
	case act == ActFirstReview && s == Submitted && !cfg.TwoStepReview:
		return errs.E(errs.Conflict, "本政协未实行两级审查,请直接审定")
	case s == Submitted && cfg.TwoStepReview && slices.Contains([]Action{ActAccept, ActReject, ActMerge, ActTransfer}, act):
		return errs.E(errs.Conflict, "本政协实行两级审查,请先完成初审")
	case act == ActEdit && s == Cosigning:
		return errs.E(errs.Conflict, "提案正在等待联名确认,请先撤回再修改")
	case act == ActEdit && (s == Submitted || s == FirstReviewed):
		return errs.E(errs.Conflict, "该提案已提交,不能再修改")
	case act == ActEdit && (s == Accepted || s.InHandling() || s == Evaluating):
		return errs.E(errs.Conflict, "该提案已立案,不能再修改")
	case s.Final():
		return errs.E(errs.Conflict, "该提案%s,不能再%s", s.Name(), act.Name())
	}
	return errs.E(errs.Conflict, "当前状态(%s)不能%s", s.Name(), act.Name())
}

func unitConflict(u Unit, act Action) error {
	return errs.E(errs.Conflict, "%s当前状态(%s)不能%s", u.Name, u.State.Name(), act.Name())
}

// guards are the rules of a step that depend on the proposal and the
// time, not on the input; Allowed checks them too.
var guards = map[Action]func(c *change) error{
	ActSubmit: func(c *change) error {
		if c.p.State == Draft && c.p.Kind == Joint {
			return errs.E(errs.Conflict, "联名提案请先邀请联名人,待其确认后再提交")
		}
		if c.p.State != Cosigning {
			return nil
		}
		var waiting []string
		confirmed := 0
		for _, s := range c.p.CoSigners {
			switch s.Status {
			case Invited:
				waiting = append(waiting, s.Name)
			case Confirmed:
				confirmed++
			}
		}
		if len(waiting) > 0 {
			return errs.E(errs.Conflict, "尚有联名人未确认:%s", strings.Join(waiting, "、"))
		}
		if confirmed == 0 {
			return errs.E(errs.Conflict, "没有联名人确认联名,请撤回后改为个人提案或重新邀请")
		}
		return nil
	},
	ActRequestReturn: func(c *change) error {
		u := c.u()
		if c.now.After(u.ReturnDeadline) {
			return errs.E(errs.Conflict, "已超过申请退回的期限(%s),不能再申请退回", dayText(u.ReturnDeadline))
		}
		return nil
	},
	ActRequestExtension: func(c *change) error {
		if c.p.pendingExtension(c.u().UnitID) >= 0 {
			return errs.E(errs.Conflict, "已有待审批的延期申请")
		}
		if !c.u().DueAt.Before(c.u().MaxDueAt) {
			return errs.E(errs.Conflict, "答复期限已达最长办理期限(%s),不能再延期", dayText(c.u().MaxDueAt))
		}
		return nil
	},
	ActApproveExtension: func(c *change) error { return needPending(c) },
	ActRefuseExtension:  func(c *change) error { return needPending(c) },
	ActReply: func(c *change) error {
		if c.u().Role != LeadUnit || c.p.Mode != JointMode {
			return nil
		}
		var waiting []string
		for _, u := range c.p.Units {
			if u.active() && u.Role == CoUnit && u.State != UnitViewsSent && !c.now.After(u.ViewsDeadline) {
				waiting = append(waiting, u.Name+"(截止 "+dayText(u.ViewsDeadline)+")")
			}
		}
		if len(waiting) > 0 {
			return errs.E(errs.Conflict, "协办单位尚未提交协办意见:%s,请待其提交或期限届满后再答复", strings.Join(waiting, "、"))
		}
		return nil
	},
	ActRehandle: func(c *change) error {
		if c.p.Round >= 2 {
			return errs.E(errs.Conflict, "该提案已重新办理过一次,不能再次重新办理")
		}
		if !slices.ContainsFunc(c.p.Evaluations, func(e Evaluation) bool { return e.Round == c.p.Round && e.Level == Dissatisfied }) {
			return errs.E(errs.Conflict, "只有提案人评价为不满意时才能重新办理")
		}
		return nil
	},
	ActClose: func(c *change) error {
		if len(c.p.unevaluated()) == 0 {
			return nil
		}
		if at := c.p.ApprovedAt.AddDate(0, 0, c.cfg.AutoCloseDays); c.now.Before(at) {
			return errs.E(errs.Conflict, "尚有提案人未评价,答复审核通过满 %d 天(%s)后方可办结", c.cfg.AutoCloseDays, dayText(at))
		}
		return nil
	},
	ActEvaluate: func(c *change) error {
		if !slices.Contains(c.p.unevaluated(), c.who.Actor.UserID) {
			return errs.E(errs.Conflict, "您已评价过本轮答复")
		}
		return nil
	},
}

func needPending(c *change) error {
	if c.p.pendingExtension(c.u().UnitID) < 0 {
		return errs.E(errs.Conflict, "没有待审批的延期申请")
	}
	return nil
}

func dayText(t time.Time) string { return t.In(China).Format("2006年1月2日") }

// pendingExtension returns the index of unit id's pending extension
// request, or -1.
func (p Proposal) pendingExtension(unitID int64) int {
	return slices.IndexFunc(p.Extensions, func(e Extension) bool { return e.UnitID == unitID && e.Status == ExtensionPending })
}

// unevaluated returns the proposers who have not evaluated this round.
func (p Proposal) unevaluated() []int64 {
	var out []int64
	for _, id := range p.Proposers() {
		if !slices.ContainsFunc(p.Evaluations, func(e Evaluation) bool { return e.UserID == id && e.Round == p.Round }) {
			out = append(out, id)
		}
	}
	return out
}

// settle sets the proposal's state from its units' after a unit step:
//   - no unit left to reply (all returned) → Accepted, to be assigned again;
//   - every replying unit's reply approved → Evaluating;
//   - every replying unit has replied, some await review → ReplyReview;
//   - some unit has not signed for it (first round) → Assigned;
//   - otherwise → Handling, or Rehandling in the second round.
func settle(c *change) {
	p := c.p
	replying, done, replied, unsigned := 0, 0, 0, false
	for _, u := range p.Units {
		if !u.active() {
			continue
		}
		if u.State == UnitAssigned || u.State == UnitReturnRequested {
			unsigned = true
		}
		if !u.Role.Replies() {
			continue
		}
		replying++
		switch u.State {
		case UnitDone:
			done++
		case UnitReplied:
			replied++
		}
	}
	switch {
	case replying == 0:
		for i := range p.Units {
			if p.Units[i].active() {
				p.Units[i].State, p.Units[i].Note = UnitReturned, "主办单位已退回,交办撤销"
			}
		}
		p.State, p.Mode = Accepted, ""
	case done == replying:
		p.State, p.ApprovedAt = Evaluating, c.now
		c.notifyProposers()
	case done+replied == replying:
		p.State = ReplyReview
	case unsigned && p.Round < 2:
		p.State = Assigned
	case p.Round >= 2:
		p.State = Rehandling
	default:
		p.State = Handling
	}
}

func required(field, value, message string) error {
	if strings.TrimSpace(value) == "" {
		return errs.Field(field, message)
	}
	return nil
}

// Edit replaces what a draft says: its content, kind, timing and
// co-signers (who are invited only by Invite).
type Edit struct {
	Content   Content
	Kind      Kind
	Timing    Timing
	TermID    int64
	SessionID int64
	CoSigners []CoSigner // UserID and Name; statuses are reset
}

func (Edit) Action() Action { return ActEdit }
func (Edit) unit() int64    { return 0 }
func (e Edit) apply(c *change) error {
	p := c.p
	p.Content, p.Kind, p.Timing, p.TermID, p.SessionID = e.Content, e.Kind, e.Timing, e.TermID, e.SessionID
	p.CoSigners = nil
	for _, s := range e.CoSigners {
		p.CoSigners = append(p.CoSigners, CoSigner{UserID: s.UserID, Name: s.Name, Status: Invited})
	}
	return ValidateDraft(p, c.cfg)
}

// Invite asks the co-signers of a complete joint draft to confirm.
type Invite struct{}

func (Invite) Action() Action { return ActInvite }
func (Invite) unit() int64    { return 0 }
func (Invite) apply(c *change) error {
	p := c.p
	if p.Kind != Joint {
		return errs.Field("kind", "只有联名提案需要邀请联名人")
	}
	if err := ValidateSubmission(p, c.cfg); err != nil {
		return err
	}
	for i := range p.CoSigners {
		p.CoSigners[i].Status, p.CoSigners[i].InvitedAt, p.CoSigners[i].AnsweredAt = Invited, c.now, time.Time{}
		c.notifyUsers(p.CoSigners[i].UserID)
	}
	p.State = Cosigning
	return nil
}

// Confirm is a co-signer's agreement to sign.
type Confirm struct{}

func (Confirm) Action() Action        { return ActConfirm }
func (Confirm) unit() int64           { return 0 }
func (Confirm) apply(c *change) error { return answer(c, Confirmed, "") }

// Decline is a co-signer's refusal to sign, or withdrawal of a
// confirmation before the proposal is submitted.
type Decline struct{ Note string }

func (Decline) Action() Action          { return ActDecline }
func (Decline) unit() int64             { return 0 }
func (d Decline) apply(c *change) error { return answer(c, Declined, d.Note) }

func answer(c *change, s CoSignStatus, note string) error {
	i := slices.IndexFunc(c.p.CoSigners, func(x CoSigner) bool { return x.UserID == c.who.Actor.UserID })
	c.p.CoSigners[i].Status, c.p.CoSigners[i].AnsweredAt = s, c.now
	c.ev.Note = strings.TrimSpace(note)
	c.notifyUsers(c.p.ProposerUserID)
	return nil
}

// Submit hands the proposal to the proposal office. For a 大会提案 the
// caller passes the session's submission window (PlenaryWindow).
type Submit struct{ Opens, Closes time.Time }

func (Submit) Action() Action { return ActSubmit }
func (Submit) unit() int64    { return 0 }
func (s Submit) apply(c *change) error {
	if err := guards[ActSubmit](c); err != nil {
		return err
	}
	p := c.p
	if p.Timing == Plenary {
		if s.Opens.IsZero() || s.Closes.IsZero() {
			return errs.Field("session_id", "该次会议未设定大会提案征集期")
		}
		if c.now.Before(s.Opens) || c.now.After(s.Closes) {
			return errs.E(errs.Conflict, "不在大会提案征集期内(%s至%s),请改为平时提案", dayText(s.Opens), dayText(s.Closes))
		}
	}
	if err := ValidateSubmission(p, c.cfg); err != nil {
		return err
	}
	p.State, p.SubmittedAt = Submitted, c.now
	c.notifyRole(authz.ProposalOffice)
	return nil
}

// Recall takes a proposal back into drafting; co-signers must confirm
// again.
type Recall struct{}

func (Recall) Action() Action { return ActRecall }
func (Recall) unit() int64    { return 0 }
func (Recall) apply(c *change) error {
	p := c.p
	if p.State == Submitted {
		c.notifyRole(authz.ProposalOffice)
	}
	for i := range p.CoSigners {
		c.notifyUsers(p.CoSigners[i].UserID)
		p.CoSigners[i].Status, p.CoSigners[i].InvitedAt, p.CoSigners[i].AnsweredAt = Invited, time.Time{}, time.Time{}
	}
	p.State, p.SubmittedAt = Draft, time.Time{}
	return nil
}

// Withdraw ends a proposal before review (撤回).
type Withdraw struct{ Note string }

func (Withdraw) Action() Action { return ActWithdraw }
func (Withdraw) unit() int64    { return 0 }
func (w Withdraw) apply(c *change) error {
	if c.p.State == Submitted {
		c.notifyRole(authz.ProposalOffice)
	}
	for _, s := range c.p.CoSigners {
		c.notifyUsers(s.UserID)
	}
	c.p.State, c.ev.Note = Withdrawn, strings.TrimSpace(w.Note)
	return nil
}

// FirstReview is the first step of two-step review (初审), with its
// opinion for the final decision.
type FirstReview struct{ Note string }

func (FirstReview) Action() Action { return ActFirstReview }
func (FirstReview) unit() int64    { return 0 }
func (f FirstReview) apply(c *change) error {
	c.p.State, c.p.ReviewNote, c.ev.Note = FirstReviewed, strings.TrimSpace(f.Note), strings.TrimSpace(f.Note)
	c.notifyRole(authz.Leader)
	return nil
}

// Accept files the proposal (立案) under Number, the next number of its
// series (Proposal.Series), which the storage layer allots in the same
// transaction.
type Accept struct {
	Number int
	Note   string
}

func (Accept) Action() Action { return ActAccept }
func (Accept) unit() int64    { return 0 }
func (a Accept) apply(c *change) error {
	if a.Number <= 0 {
		return errs.Field("number", "提案编号无效")
	}
	p := c.p
	p.State, p.Number, p.AcceptedAt, p.DecisionNote = Accepted, a.Number, c.now, strings.TrimSpace(a.Note)
	c.ev.Note = p.DecisionNote
	c.detail("number", strconv.Itoa(a.Number))
	c.notifyProposers()
	return nil
}

// Reject does not accept the proposal (不予立案), on a national ground; the
// note explains it to the proposer.
type Reject struct {
	Ground Ground
	Note   string
}

func (Reject) Action() Action { return ActReject }
func (Reject) unit() int64    { return 0 }
func (r Reject) apply(c *change) error {
	if !r.Ground.Valid() {
		return errs.Field("ground", "请选择不予立案的理由")
	}
	p := c.p
	p.State, p.RejectGround, p.DecisionNote = Rejected, r.Ground, strings.TrimSpace(r.Note)
	c.ev.Note = strings.TrimSuffix(r.Ground.Name(), "的")
	if p.DecisionNote != "" {
		c.ev.Note += ":" + p.DecisionNote
	}
	c.detail("ground", string(r.Ground))
	c.notifyProposers()
	return nil
}

// Merge merges the proposal into main proposal Into (并案). The caller
// checks Into with CanMergeInto and adds the proposers to it with
// MergeProposers in the same transaction.
type Merge struct {
	Into int64
	Note string
}

func (Merge) Action() Action { return ActMerge }
func (Merge) unit() int64    { return 0 }
func (m Merge) apply(c *change) error {
	if m.Into <= 0 || m.Into == c.p.ID {
		return errs.Field("into", "请选择并入的主提案(不能是本提案)")
	}
	p := c.p
	p.State, p.MergedInto, p.DecisionNote = Merged, m.Into, strings.TrimSpace(m.Note)
	c.ev.Note = p.DecisionNote
	c.detail("merged_into", strconv.FormatInt(m.Into, 10))
	c.notifyProposers()
	return nil
}

// CanMergeInto checks that main can take in a merged proposal: another
// proposal of the same committee and term, under review or accepted and
// not yet replied to.
func CanMergeInto(main, merged Proposal) error {
	switch {
	case main.ID == merged.ID:
		return errs.Field("into", "不能并入本提案")
	case main.CommitteeID != merged.CommitteeID || main.TermID != merged.TermID:
		return errs.Field("into", "只能并入本届的提案")
	case main.State != Submitted && main.State != FirstReviewed && main.State != Accepted && !main.State.InHandling():
		return errs.Field("into", "主提案"+main.State.Name()+",不能再并入其他提案")
	}
	return nil
}

// Transfer turns the proposal into an opinion, a piece of social-conditions
// information or a member's letter, which needs the proposer's consent.
type Transfer struct {
	Target    TransferTarget
	Note      string
	Consented bool // the proposer agreed
}

func (Transfer) Action() Action { return ActTransfer }
func (Transfer) unit() int64    { return 0 }
func (t Transfer) apply(c *change) error {
	var ck errs.Check
	ck.If(!t.Target.Valid(), "target", "请选择转作意见建议、社情民意信息或委员来信")
	ck.If(!t.Consented, "consented", "转作其他形式须征得提案人同意")
	if err := ck.Err(); err != nil {
		return err
	}
	p := c.p
	p.State, p.TransferTarget, p.DecisionNote = Transferred, t.Target, strings.TrimSpace(t.Note)
	c.ev.Note = t.Target.Name()
	if p.DecisionNote != "" {
		c.ev.Note += ":" + p.DecisionNote
	}
	c.detail("target", string(t.Target))
	c.notifyProposers()
	return nil
}

// UnitChoice is a unit chosen for an assignment.
type UnitChoice struct {
	UnitID int64
	Name   string
	Role   UnitRole // may be left empty for 单办 (lead) and 分办 (split)
}

// Assign assigns the proposal (交办) in Mode to Units, with the
// deadlines Schedule computed for now.
type Assign struct {
	Mode      Mode
	Units     []UnitChoice
	Deadlines Deadlines
}

func (Assign) Action() Action { return ActAssign }
func (Assign) unit() int64    { return 0 }
func (a Assign) apply(c *change) error {
	units := slices.Clone(a.Units)
	for i := range units {
		if units[i].Role == "" {
			switch a.Mode {
			case SingleMode:
				units[i].Role = LeadUnit
			case SplitMode:
				units[i].Role = SplitUnit
			}
		}
	}
	if err := checkUnits(a.Mode, units, *c.p); err != nil {
		return err
	}
	if err := checkDeadlines(a.Deadlines, a.Mode == JointMode, c.now); err != nil {
		return err
	}
	p := c.p
	p.Mode, p.AssignedAt, p.State = a.Mode, c.now, Assigned
	if p.Round == 0 {
		p.Round = 1
	}
	var names []string
	for _, u := range units {
		p.Units = append(p.Units, newUnit(u, a.Deadlines, c.now))
		names = append(names, u.Name+"("+u.Role.Name()+")")
		c.ev.Notify = append(c.ev.Notify, Recipient{UnitID: u.UnitID})
	}
	c.ev.Note = a.Mode.Name() + ":" + strings.Join(names, "、")
	c.detail("mode", string(a.Mode))
	c.notifyProposers()
	return nil
}

func newUnit(u UnitChoice, d Deadlines, now time.Time) Unit {
	nu := Unit{UnitID: u.UnitID, Name: u.Name, Role: u.Role, State: UnitAssigned, AssignedAt: now,
		ReturnDeadline: d.Return}
	if u.Role.Replies() {
		nu.DueAt, nu.MaxDueAt = d.Due, d.Max
	} else {
		nu.ViewsDeadline = d.Views
	}
	return nu
}

func checkUnits(mode Mode, units []UnitChoice, p Proposal) error {
	seen := map[int64]bool{}
	lead, co, split := 0, 0, 0
	for _, u := range units {
		if u.UnitID <= 0 {
			return errs.Field("units", "承办单位无效")
		}
		if seen[u.UnitID] || p.unit(u.UnitID) >= 0 {
			return errs.Field("units", "承办单位“"+u.Name+"”重复")
		}
		seen[u.UnitID] = true
		switch u.Role {
		case LeadUnit:
			lead++
		case CoUnit:
			co++
		case SplitUnit:
			split++
		default:
			return errs.Field("units", "承办方式应为主办、协办或分办")
		}
	}
	switch mode {
	case SingleMode:
		if len(units) != 1 || lead != 1 {
			return errs.Field("units", "单办须指定一个承办单位")
		}
	case SplitMode:
		if split < 2 || split != len(units) {
			return errs.Field("units", "分办须指定两个以上分办单位")
		}
	case JointMode:
		if lead != 1 || co < 1 || split > 0 {
			return errs.Field("units", "会办须指定一个主办单位和至少一个协办单位")
		}
	default:
		return errs.Field("mode", "交办方式应为单办、分办或会办")
	}
	return nil
}

func checkDeadlines(d Deadlines, views bool, now time.Time) error {
	var ck errs.Check
	ck.If(d.Return.IsZero() || d.Due.IsZero() || d.Max.IsZero() || (views && d.Views.IsZero()), "deadlines", "办理期限未设定")
	ck.If(!d.Due.IsZero() && !d.Due.After(now), "deadlines", "答复期限应晚于交办时间")
	ck.If(d.Due.After(d.Max), "deadlines", "答复期限不能超过最长办理期限")
	return ck.Err()
}

// SignFor is a unit's receipt of its assignment (签收).
type SignFor struct{ Unit int64 }

func (SignFor) Action() Action { return ActSignFor }
func (s SignFor) unit() int64  { return s.Unit }
func (SignFor) apply(c *change) error {
	c.u().State, c.u().SignedAt = UnitSigned, c.now
	c.notifyProposers()
	return nil
}

// RequestReturn is a unit's request to return the proposal or have it
// re-routed, within its return window, with a reason.
type RequestReturn struct {
	Unit   int64
	Reason string
}

func (RequestReturn) Action() Action { return ActRequestReturn }
func (r RequestReturn) unit() int64  { return r.Unit }
func (r RequestReturn) apply(c *change) error {
	if err := guards[ActRequestReturn](c); err != nil {
		return err
	}
	if err := required("reason", r.Reason, "请说明申请退回的理由"); err != nil {
		return err
	}
	c.u().State, c.u().ReturnReason = UnitReturnRequested, strings.TrimSpace(r.Reason)
	c.ev.Note = c.u().ReturnReason
	c.notifyRole(authz.ProposalOffice)
	return nil
}

// ApproveReturn lets a unit return the proposal. With a Replacement the
// proposal is re-routed to that unit in the same role, with Deadlines
// from Schedule; without one, if no unit is left to reply, the proposal
// goes back to Accepted to be assigned again.
type ApproveReturn struct {
	Unit        int64
	Replacement UnitChoice
	Deadlines   Deadlines
	Note        string
}

func (ApproveReturn) Action() Action { return ActApproveReturn }
func (a ApproveReturn) unit() int64  { return a.Unit }
func (a ApproveReturn) apply(c *change) error {
	u := c.u()
	c.ev.Notify = append(c.ev.Notify, Recipient{UnitID: u.UnitID})
	if r := a.Replacement; r.UnitID != 0 {
		if r.UnitID == u.UnitID || c.p.unit(r.UnitID) >= 0 {
			return errs.Field("replacement", "改由的单位已承办此提案")
		}
		if err := checkDeadlines(a.Deadlines, u.Role == CoUnit, c.now); err != nil {
			return err
		}
		r.Role = u.Role
		c.p.Units = append(c.p.Units, newUnit(r, a.Deadlines, c.now))
		c.ev.Notify = append(c.ev.Notify, Recipient{UnitID: r.UnitID})
		c.detail("replacement", strconv.FormatInt(r.UnitID, 10))
		c.ev.Note = "改由" + r.Name + "办理"
		u = c.u() // the append may have moved the slice
	}
	u.State, u.Note = UnitReturned, strings.TrimSpace(a.Note)
	return nil
}

// RefuseReturn keeps the unit on the proposal; it counts as signed for.
type RefuseReturn struct {
	Unit   int64
	Reason string
}

func (RefuseReturn) Action() Action { return ActRefuseReturn }
func (r RefuseReturn) unit() int64  { return r.Unit }
func (r RefuseReturn) apply(c *change) error {
	if err := required("reason", r.Reason, "请说明不同意退回的理由"); err != nil {
		return err
	}
	u := c.u()
	u.State, u.Note = UnitSigned, strings.TrimSpace(r.Reason)
	if u.SignedAt.IsZero() {
		u.SignedAt = c.now
	}
	c.ev.Note = u.Note
	c.ev.Notify = append(c.ev.Notify, Recipient{UnitID: u.UnitID})
	return nil
}

// SendViews is a co-unit's views for the lead unit of a 会办 (协办意见).
type SendViews struct {
	Unit  int64
	Views string
}

func (SendViews) Action() Action { return ActSendViews }
func (s SendViews) unit() int64  { return s.Unit }
func (s SendViews) apply(c *change) error {
	if err := required("views", s.Views, "请填写协办意见"); err != nil {
		return err
	}
	u := c.u()
	u.State, u.Views, u.ViewsAt = UnitViewsSent, strings.TrimSpace(s.Views), c.now
	for _, l := range c.p.Units {
		if l.active() && l.Role == LeadUnit {
			c.ev.Notify = append(c.ev.Notify, Recipient{UnitID: l.UnitID})
		}
	}
	return nil
}

// RequestExtension is a replying unit's request to reply by Until
// instead (the end of that day counts), never beyond its MaxDueAt.
type RequestExtension struct {
	Unit   int64
	Until  time.Time
	Reason string
}

func (RequestExtension) Action() Action { return ActRequestExtension }
func (r RequestExtension) unit() int64  { return r.Unit }
func (r RequestExtension) apply(c *change) error {
	if err := guards[ActRequestExtension](c); err != nil {
		return err
	}
	u := c.u()
	var ck errs.Check
	ck.If(strings.TrimSpace(r.Reason) == "", "reason", "请说明申请延期的理由")
	until := endOfDay(r.Until)
	switch {
	case r.Until.IsZero():
		ck.Add("until", "请填写延期后的答复期限")
	case !until.After(u.DueAt):
		ck.Add("until", "延期后的答复期限应晚于现在的期限("+dayText(u.DueAt)+")")
	case until.After(u.MaxDueAt):
		ck.Add("until", "延期后的答复期限不能超过交办之日起 "+strconv.Itoa(c.cfg.MaxMonths)+" 个月("+dayText(u.MaxDueAt)+")")
	}
	if err := ck.Err(); err != nil {
		return err
	}
	c.p.Extensions = append(c.p.Extensions, Extension{UnitID: u.UnitID, Round: c.p.Round, Until: until,
		Reason: strings.TrimSpace(r.Reason), Status: ExtensionPending, RequestedAt: c.now})
	c.ev.Note = "申请延期至" + dayText(until) + ":" + strings.TrimSpace(r.Reason)
	c.detail("until", until.Format(time.RFC3339))
	c.notifyRole(authz.ProposalOffice)
	return nil
}

// ApproveExtension moves the unit's reply deadline to what it asked for.
type ApproveExtension struct {
	Unit int64
	Note string
}

func (ApproveExtension) Action() Action { return ActApproveExtension }
func (a ApproveExtension) unit() int64  { return a.Unit }
func (a ApproveExtension) apply(c *change) error {
	return decideExtension(c, ExtensionApproved, a.Note)
}

// RefuseExtension keeps the unit's reply deadline.
type RefuseExtension struct {
	Unit   int64
	Reason string
}

func (RefuseExtension) Action() Action { return ActRefuseExtension }
func (r RefuseExtension) unit() int64  { return r.Unit }
func (r RefuseExtension) apply(c *change) error {
	if err := required("reason", r.Reason, "请说明不同意延期的理由"); err != nil {
		return err
	}
	return decideExtension(c, ExtensionRefused, r.Reason)
}

func decideExtension(c *change, s ExtensionStatus, note string) error {
	if err := needPending(c); err != nil {
		return err
	}
	u := c.u()
	e := &c.p.Extensions[c.p.pendingExtension(u.UnitID)]
	if s == ExtensionApproved {
		if e.Until.After(u.MaxDueAt) {
			return errs.E(errs.Conflict, "延期后的答复期限超过最长办理期限(%s),不能同意", dayText(u.MaxDueAt))
		}
		u.DueAt = e.Until
		c.detail("due_at", e.Until.Format(time.RFC3339))
	}
	e.Status, e.DecidedAt, e.Note = s, c.now, strings.TrimSpace(note)
	c.ev.Note = e.Note
	c.ev.Notify = append(c.ev.Notify, Recipient{UnitID: u.UnitID})
	return nil
}

// SendReply is a replying unit's answer. A pending extension request
// lapses.
type SendReply struct {
	Unit  int64
	Reply Reply // Class, Contact, ContactedOn, ContactPerson, ContactPhone, Signer, Letter
}

func (SendReply) Action() Action { return ActReply }
func (s SendReply) unit() int64  { return s.Unit }
func (s SendReply) apply(c *change) error {
	if err := guards[ActReply](c); err != nil {
		return err
	}
	r := s.Reply
	if err := ValidateReply(&r, c.cfg, c.now); err != nil {
		return err
	}
	u := c.u()
	r.UnitID, r.Round, r.Status, r.SubmittedAt, r.ReviewedAt, r.ReviewNote = u.UnitID, c.p.Round, ReplyPending, c.now, time.Time{}, ""
	c.p.Replies = append(c.p.Replies, r)
	if i := c.p.pendingExtension(u.UnitID); i >= 0 {
		c.p.Extensions[i].Status, c.p.Extensions[i].DecidedAt = ExtensionLapsed, c.now
	}
	u.State = UnitReplied
	c.ev.Note = string(r.Class) + "类"
	c.detail("class", string(r.Class))
	c.detail("contact", string(r.Contact))
	c.notifyRole(authz.ProposalOffice)
	return nil
}

// ValidateReply checks a reply before it is sent, trimming spacing.
func ValidateReply(r *Reply, cfg Config, now time.Time) error {
	r.ContactPerson = strings.TrimSpace(r.ContactPerson)
	r.ContactPhone = strings.TrimSpace(r.ContactPhone)
	r.Signer = strings.TrimSpace(r.Signer)
	r.Letter = strings.TrimSpace(r.Letter)
	var ck errs.Check
	switch {
	case !slices.Contains(Classes, r.Class):
		ck.Add("class", "请选择答复类别(A、B、C)")
	case r.Class == ClassD && !cfg.ClassD:
		ck.Add("class", "本政协未启用 D 类答复,请选择 A、B 或 C 类")
	}
	ck.If(!slices.Contains(Contacts, r.Contact), "contact", "请选择与提案人的沟通方式")
	ck.If(r.ContactedOn.IsZero(), "contacted_on", "请填写沟通日期")
	ck.If(!r.ContactedOn.IsZero() && r.ContactedOn.After(endOfDay(now)), "contacted_on", "沟通日期不能晚于今天")
	ck.If(r.ContactPerson == "", "contact_person", "请填写联系人")
	ck.If(r.ContactPhone == "", "contact_phone", "请填写联系电话")
	ck.If(len([]rune(r.ContactPhone)) > 30, "contact_phone", "联系电话不能超过 30 个字符")
	ck.If(r.Letter == "", "letter", "请填写答复内容")
	ck.If(len([]rune(r.Letter)) > 30000, "letter", "答复内容不能超过 30000 个字")
	return ck.Err()
}

// ApproveReply accepts the unit's reply; when every reply is approved the
// proposers are asked to evaluate.
type ApproveReply struct{ Unit int64 }

func (ApproveReply) Action() Action { return ActApproveReply }
func (a ApproveReply) unit() int64  { return a.Unit }
func (ApproveReply) apply(c *change) error {
	return reviewReply(c, ReplyApproved, UnitDone, "")
}

// SendBackReply returns the unit's reply for revision, with a reason.
type SendBackReply struct {
	Unit   int64
	Reason string
}

func (SendBackReply) Action() Action { return ActSendBackReply }
func (s SendBackReply) unit() int64  { return s.Unit }
func (s SendBackReply) apply(c *change) error {
	if err := required("reason", s.Reason, "请说明退回答复的理由"); err != nil {
		return err
	}
	return reviewReply(c, ReplySentBack, UnitReplyReturned, strings.TrimSpace(s.Reason))
}

func reviewReply(c *change, s ReplyStatus, us UnitState, note string) error {
	u := c.u()
	i := slices.IndexFunc(c.p.Replies, func(r Reply) bool { return r.UnitID == u.UnitID && r.Status == ReplyPending })
	if i < 0 {
		return errs.E(errs.Conflict, "没有待审核的答复")
	}
	c.p.Replies[i].Status, c.p.Replies[i].ReviewedAt, c.p.Replies[i].ReviewNote = s, c.now, note
	u.State, u.Note, c.ev.Note = us, note, note
	c.ev.Notify = append(c.ev.Notify, Recipient{UnitID: u.UnitID})
	return nil
}

// Evaluate is a proposer's own verdict on this round's replies; nobody
// evaluates for another. The last evaluation closes the proposal when
// none is 不满意.
type Evaluate struct {
	Level   Level
	Comment string
}

func (Evaluate) Action() Action { return ActEvaluate }
func (Evaluate) unit() int64    { return 0 }
func (e Evaluate) apply(c *change) error {
	if err := guards[ActEvaluate](c); err != nil {
		return err
	}
	if !slices.Contains(Levels, e.Level) {
		return errs.Field("level", "请选择满意、基本满意或不满意")
	}
	comment := strings.TrimSpace(e.Comment)
	if len([]rune(comment)) > 2000 {
		return errs.Field("comment", "评价意见不能超过 2000 个字")
	}
	p := c.p
	p.Evaluations = append(p.Evaluations, Evaluation{UserID: c.who.Actor.UserID, Name: c.who.Actor.Name,
		Round: p.Round, Level: e.Level, Comment: comment, At: c.now})
	c.ev.Note = e.Level.Name()
	if comment != "" {
		c.ev.Note += ":" + comment
	}
	c.detail("level", string(e.Level))
	c.notifyRole(authz.ProposalOffice)
	c.notifyUnits(true)
	if len(p.unevaluated()) == 0 && !slices.ContainsFunc(p.Evaluations, func(x Evaluation) bool {
		return x.Round == p.Round && x.Level == Dissatisfied
	}) {
		p.State, p.ClosedAt = Closed, c.now
		c.notifyProposers()
	}
	return nil
}

// Rehandle orders the replying units to handle the proposal again after
// a 不满意 (重新办理), with Deadlines from Schedule; it happens once.
type Rehandle struct {
	Deadlines Deadlines
	Note      string
}

func (Rehandle) Action() Action { return ActRehandle }
func (Rehandle) unit() int64    { return 0 }
func (r Rehandle) apply(c *change) error {
	if err := guards[ActRehandle](c); err != nil {
		return err
	}
	if err := checkDeadlines(r.Deadlines, false, c.now); err != nil {
		return err
	}
	p := c.p
	p.Round, p.State, p.ApprovedAt = 2, Rehandling, time.Time{}
	for i, u := range p.Units {
		if u.active() && u.Role.Replies() {
			p.Units[i].State, p.Units[i].DueAt, p.Units[i].MaxDueAt, p.Units[i].Note = UnitSigned, r.Deadlines.Due, r.Deadlines.Max, ""
		}
	}
	c.ev.Note = strings.TrimSpace(r.Note)
	c.notifyUnits(true)
	c.notifyProposers()
	return nil
}

// Close closes the proposal (办结) once every proposer has evaluated, or
// Config.AutoCloseDays after the replies were approved.
type Close struct{ Note string }

func (Close) Action() Action { return ActClose }
func (Close) unit() int64    { return 0 }
func (cl Close) apply(c *change) error {
	if err := guards[ActClose](c); err != nil {
		return err
	}
	c.p.State, c.p.ClosedAt, c.ev.Note = Closed, c.now, strings.TrimSpace(cl.Note)
	c.notifyProposers()
	c.notifyUnits(true)
	return nil
}

// MarkKey makes the proposal a key proposal (重点提案), recording the
// chairs' meeting decision and its leaders, or (Key false) unmarks it.
type MarkKey struct {
	Key  bool
	Info KeyInfo
}

func (MarkKey) Action() Action { return ActMarkKey }
func (MarkKey) unit() int64    { return 0 }
func (m MarkKey) apply(c *change) error {
	p := c.p
	if !m.Key {
		p.Key, p.KeyInfo, c.ev.Note = false, KeyInfo{}, "取消重点提案"
		return nil
	}
	info := m.Info
	info.Decision, info.LeadLeader, info.Supervisor = strings.TrimSpace(info.Decision), strings.TrimSpace(info.LeadLeader), strings.TrimSpace(info.Supervisor)
	if err := required("decision", info.Decision, "请填写确定重点提案的会议决定(如主席会议)"); err != nil {
		return err
	}
	info.MarkedAt = c.now
	p.Key, p.KeyInfo, c.ev.Note = true, info, info.Decision
	c.notifyProposers()
	c.notifyUnits(false)
	return nil
}

// MarkExcellent marks a closed proposal as an excellent proposal (优秀提案)
// of Year, or (Excellent false) unmarks it.
type MarkExcellent struct {
	Excellent bool
	Year      int
}

func (MarkExcellent) Action() Action { return ActMarkExcellent }
func (MarkExcellent) unit() int64    { return 0 }
func (m MarkExcellent) apply(c *change) error {
	if m.Excellent && (m.Year < 2000 || m.Year > 2100) {
		return errs.Field("year", "请填写评选年度")
	}
	if !m.Excellent {
		m.Year = 0
	}
	c.p.Excellent, c.p.ExcellentYear = m.Excellent, m.Year
	if m.Excellent {
		c.ev.Note = strconv.Itoa(m.Year) + "年度优秀提案"
		c.notifyProposers()
	} else {
		c.ev.Note = "取消优秀提案"
	}
	return nil
}
