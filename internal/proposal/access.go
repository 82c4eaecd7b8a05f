package proposal

import (
	"context"
	"strconv"
	"strings"
	"time"

	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
)

// AccessTx is what pages need beyond Tx and ReadTx: who a liaison acts
// for, a plenary session's dates, a proposer's phone, whole series.
type AccessTx interface {
	// UnitsOfUser returns the units user userID is a liaison of.
	UnitsOfUser(ctx context.Context, userID int64) ([]int64, error)
	// PlenarySession returns the first and last day of plenary session id
	// of committee committeeID, or NotFound.
	PlenarySession(ctx context.Context, committeeID, id int64) (startsOn, endsOn time.Time, err error)
	// UserMobile returns the mobile number of the member linked to user
	// userID, or "" if there is none.
	UserMobile(ctx context.Context, userID int64) (string, error)
	// SeriesProposals returns every proposal of a committee in the given
	// term (0: any) and plenary session (0: the regular ones when
	// regularOnly, else any), whole, for reports.
	SeriesProposals(ctx context.Context, committeeID, termID, sessionID int64, regularOnly bool) ([]Proposal, error)
}

func (s *Service) access(ctx context.Context, fn func(Tx, AccessTx) error) error {
	return s.store.View(ctx, func(tx Tx) error {
		at, ok := tx.(AccessTx)
		if !ok {
			return errs.E(errs.Internal, "提案存储不完整")
		}
		return fn(tx, at)
	})
}

// Who returns actor a as proposals see them: with the handling units a is
// a liaison of.
func (s *Service) Who(ctx context.Context, a authz.Actor) (Who, error) {
	who := Who{Actor: a}
	if !a.Has(authz.UnitLiaison) {
		return who, nil
	}
	err := s.access(ctx, func(_ Tx, at AccessTx) error {
		var err error
		who.UnitIDs, err = at.UnitsOfUser(ctx, a.UserID)
		return err
	})
	return who, err
}

// Config returns the proposal rules of committee committeeID.
func (s *Service) Config(ctx context.Context, committeeID int64) (Config, error) {
	var cfg Config
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		cfg, err = tx.Config(ctx, committeeID)
		return err
	})
	return cfg, err
}

// CountByState counts the proposals of who's committee by state, for the
// office's queues (staff only).
func (s *Service) CountByState(ctx context.Context, who Who) (map[State]int, error) {
	if !staff(who) {
		return nil, errs.E(errs.Forbidden, "只有提案工作人员可以查看提案统计")
	}
	out := map[State]int{}
	err := s.read(ctx, func(tx ReadTx) error {
		var err error
		out, err = tx.CountProposalsByState(ctx, who.Actor.CommitteeID)
		return err
	})
	return out, err
}

func (s *Service) read(ctx context.Context, fn func(ReadTx) error) error {
	r, err := s.reader()
	if err != nil {
		return err
	}
	return r.Read(ctx, fn)
}

// SubmitPlenary submits a 大会提案 within its session's window (see
// PlenaryWindow), which it reads from the session.
func (s *Service) SubmitPlenary(ctx context.Context, who Who, id int64, version int) (Proposal, Event, error) {
	var opens, closes time.Time
	p, err := s.Get(ctx, who, id)
	if err != nil {
		return p, Event{}, err
	}
	if p.SessionID == 0 {
		return p, Event{}, errs.Field("session_id", "大会提案请选择会议")
	}
	err = s.access(ctx, func(tx Tx, at AccessTx) error {
		cfg, err := tx.Config(ctx, p.CommitteeID)
		if err != nil {
			return err
		}
		start, end, err := at.PlenarySession(ctx, p.CommitteeID, p.SessionID)
		if errs.Is(err, errs.NotFound) {
			return errs.Field("session_id", "所选会议不存在")
		}
		opens, closes = PlenaryWindow(start, end, cfg)
		return err
	})
	if err != nil {
		return p, Event{}, err
	}
	return s.Do(ctx, who, id, version, Submit{Opens: opens, Closes: closes})
}

// ProposerMobile returns the first proposer's mobile number to a liaison of
// a unit the proposal is assigned to, so that the unit can talk with the
// proposer; to anyone else it is Forbidden.
func (s *Service) ProposerMobile(ctx context.Context, a authz.Actor, id int64) (string, error) {
	who, err := s.Who(ctx, a)
	if err != nil {
		return "", err
	}
	p, err := s.Get(ctx, who, id)
	if err != nil {
		return "", err
	}
	assigned := false
	for _, u := range p.Units {
		for _, mine := range who.UnitIDs {
			assigned = assigned || (u.UnitID == mine && u.active())
		}
	}
	if !assigned {
		return "", errs.E(errs.Forbidden, "只有承办单位可以查看提案人的联系电话")
	}
	var mobile string
	err = s.access(ctx, func(_ Tx, at AccessTx) error {
		var err error
		mobile, err = at.UserMobile(ctx, p.ProposerUserID)
		return err
	})
	return mobile, err
}

// Series returns the whole proposals of a term's plenary session (or, with
// sessionID 0, its regular proposals) of who's committee, for the yearly
// report: staff only.
func (s *Service) SeriesOf(ctx context.Context, who Who, termID, sessionID int64) ([]Proposal, error) {
	if !staff(who) {
		return nil, errs.E(errs.Forbidden, "只有提案工作人员和领导可以查看提案统计")
	}
	var out []Proposal
	err := s.access(ctx, func(_ Tx, at AccessTx) error {
		var err error
		out, err = at.SeriesProposals(ctx, who.Actor.CommitteeID, termID, sessionID, sessionID == 0)
		return err
	})
	return out, err
}

// PublicList returns the published proposals of committee committeeID
// (public and accepted) for the public page, newest first, before the
// cursor: what anybody may read without logging in.
func (s *Service) PublicList(ctx context.Context, committeeID, before int64, limit int) ([]Summary, error) {
	var out []Summary
	err := s.read(ctx, func(tx ReadTx) error {
		var err error
		out, err = tx.ListProposals(ctx, ListFilter{CommitteeID: committeeID, PublicOnly: true, BeforeID: before, Limit: limit}.Normalize())
		return err
	})
	return out, err
}

// PublicTimeline returns a published proposal and its timeline for the
// public page; anything else does not exist. The events carry no names of
// the people who acted, only in what capacity.
func (s *Service) PublicTimeline(ctx context.Context, id int64) (Proposal, []Event, error) {
	var p Proposal
	var evs []Event
	err := s.read(ctx, func(tx ReadTx) error {
		var err error
		if p, err = tx.ProposalByID(ctx, id); err != nil {
			return err
		}
		if !p.Published() {
			return errs.E(errs.NotFound, "提案不存在或未公开")
		}
		evs, err = tx.ProposalEvents(ctx, id)
		return err
	})
	if errs.Is(err, errs.NotFound) {
		return Proposal{}, nil, errs.E(errs.NotFound, "提案不存在或未公开")
	}
	for i := range evs {
		evs[i].ActorName, evs[i].ActorID, evs[i].Details = "", 0, nil
	}
	p.CoSigners, p.Evaluations = nil, nil
	return p, evs, err
}

// ConfigTx stores a committee's proposal rules.
type ConfigTx interface {
	SetProposalConfig(ctx context.Context, committeeID int64, cfg Config) error
}

// SetConfig replaces the proposal rules of who's committee (the proposal
// office), checked, from then on; audited with what changed.
func (s *Service) SetConfig(ctx context.Context, who Who, cfg Config) error {
	if !who.Actor.Has(authz.ProposalOffice) {
		return errs.E(errs.Forbidden, "只有提案委员会办公室可以修改提案工作规则")
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		old, err := tx.Config(ctx, who.Actor.CommitteeID)
		if err != nil {
			return err
		}
		ct, ok := tx.(ConfigTx)
		if !ok {
			return errs.E(errs.Internal, "提案存储不支持修改规则")
		}
		if err := ct.SetProposalConfig(ctx, who.Actor.CommitteeID, cfg); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.Entry{ActorID: who.Actor.UserID, ActorName: who.Actor.Name, Role: string(who.Actor.PrimaryRole()),
			CommitteeID: who.Actor.CommitteeID, Action: "proposal.config", ObjectType: "committee",
			ObjectID: strconv.FormatInt(who.Actor.CommitteeID, 10), ClientAddr: who.Actor.Addr,
			Changes: audit.Diff(old.auditFields(), cfg.auditFields())})
	})
}

func (c Config) auditFields() map[string]any {
	return map[string]any{"title_max": c.TitleMax, "text_max": c.TextMax, "categories": strings.Join(c.Categories, "、"),
		"two_step_review": c.TwoStepReview, "class_d": c.ClassD, "plenary_open_months": c.PlenaryOpenMonths,
		"plenary_close_days": c.PlenaryCloseDays, "return_workdays": c.ReturnWorkdays, "views_days": c.ViewsDays,
		"reply_months": c.ReplyMonths, "max_months": c.MaxMonths, "auto_close_days": c.AutoCloseDays,
		"attachment_max_bytes": c.AttachmentMaxBytes, "attachment_types": strings.Join(c.AttachmentTypes, "、")}
}

// The audit viewer names proposal entries in Chinese.
func init() {
	for _, a := range Actions {
		audit.ActionNames["proposal."+string(a)] = a.Name()
	}
	audit.ActionNames["proposal.create"] = "新建提案草稿"
	audit.ActionNames["proposal.config"] = "修改提案工作规则"
	audit.ActionNames["proposal.attach"] = "上传提案附件"
	audit.ActionNames["proposal.excellent_unit"] = "评选先进承办单位"
}

// MemberTx answers what a draft's people and term are checked against.
type MemberTx interface {
	// TermOfCommittee returns NotFound unless the term (and, when not 0,
	// the plenary session) is the committee's.
	TermOfCommittee(ctx context.Context, committeeID, termID, sessionID int64) error
	// ServingMembers returns the names, by account, of those of userIDs
	// who are serving members of the term.
	ServingMembers(ctx context.Context, committeeID, termID int64, userIDs []int64) (map[int64]string, error)
	// LatestTerm returns the committee's latest term (by number); NotFound
	// if it has none.
	LatestTerm(ctx context.Context, committeeID int64) (int64, error)
	// LatestTermServing is LatestTerm and ServingMembers of that term in
	// one go.
	LatestTermServing(ctx context.Context, committeeID int64, userIDs []int64) (int64, map[int64]string, error)
}

// CheckDraft checks what a draft says that needs the committee's data: its
// term and session are the committee's, and the author (a member, not a
// collective account) and every co-signer are serving members of the term.
// It fills in the co-signers' names.
func (s *Service) CheckDraft(ctx context.Context, who Who, e *Edit) error {
	return s.checkDraft(ctx, who, e, false)
}

// CheckDraftInCurrentTerm is CheckDraft for the drafting form, which has
// no term field: a draft without a term is of the committee's latest.
// directory is the committee's directory version as read with the
// session (0 if unknown): the answer for a draft without co-signers is
// remembered under it (see servingCache).
func (s *Service) CheckDraftInCurrentTerm(ctx context.Context, who Who, e *Edit, directory int64) error {
	if directory > 0 && e.TermID == 0 && e.SessionID == 0 && len(e.CoSigners) == 0 {
		return s.checkAlone(ctx, who, e, directory)
	}
	return s.checkDraft(ctx, who, e, true)
}

// checkAlone is checkDraft for a draft of the latest term without
// co-signers, answered from the serving cache when it can be.
func (s *Service) checkAlone(ctx context.Context, who Who, e *Edit, directory int64) error {
	member := who.Actor.Has(authz.Member) || who.Actor.Has(authz.Convener)
	if who.Actor.Has(authz.Collective) && !member || e.Kind == Collective {
		return s.checkDraft(ctx, who, e, true)
	}
	key := servingKey{committee: who.Actor.CommitteeID, user: who.Actor.UserID, directory: directory}
	v, ok := s.serving.get(key)
	if !ok {
		err := s.peek(ctx, func(tx ReadTx) error {
			mt, ok := tx.(MemberTx)
			if !ok {
				return errs.E(errs.Internal, "提案存储不完整")
			}
			term, names, err := mt.LatestTermServing(ctx, key.committee, []int64{key.user})
			switch {
			case errs.Is(err, errs.NotFound):
				v = servingAnswer{}
			case err != nil:
				return err
			default:
				_, serving := names[key.user]
				v = servingAnswer{term: term, serving: serving}
			}
			return nil
		})
		if err != nil {
			return err
		}
		s.serving.put(key, v)
	}
	if v.term == 0 {
		return nil // ValidateDraft names the missing term
	}
	e.TermID = v.term
	if !v.serving && member {
		return errs.Field("term_id", "您不是该届的在任委员,不能以该届提出提案")
	}
	return nil
}

func (s *Service) checkDraft(ctx context.Context, who Who, e *Edit, current bool) error {
	member := who.Actor.Has(authz.Member) || who.Actor.Has(authz.Convener)
	switch {
	case who.Actor.Has(authz.Collective) && !member:
		e.Kind, e.CoSigners = Collective, nil // a party's, group's or special committee's own proposal
	case e.Kind == Collective:
		return errs.Field("kind", "集体提案须以集体提案单位(党派、团体、专委会)的账号提出")
	}
	if e.TermID == 0 && !current {
		return nil // ValidateDraft names the missing term
	}
	// A few single-statement reads, without a transaction: a check, not a
	// snapshot (the step's own transaction decides).
	return s.peek(ctx, func(tx ReadTx) error {
		mt, ok := tx.(MemberTx)
		if !ok {
			return errs.E(errs.Internal, "提案存储不完整")
		}
		ids := []int64{who.Actor.UserID}
		for _, c := range e.CoSigners {
			ids = append(ids, c.UserID)
		}
		var names map[int64]string
		var err error
		latest := e.TermID == 0
		if latest {
			e.TermID, names, err = mt.LatestTermServing(ctx, who.Actor.CommitteeID, ids)
			if errs.Is(err, errs.NotFound) {
				return nil // ValidateDraft names the missing term
			}
			if err != nil {
				return err
			}
		}
		if !latest || e.SessionID != 0 {
			err := mt.TermOfCommittee(ctx, who.Actor.CommitteeID, e.TermID, e.SessionID)
			if errs.Is(err, errs.NotFound) {
				field := "term_id"
				if e.SessionID != 0 && errs.Message(err) != "届次不存在" {
					field = "session_id"
				}
				return errs.Field(field, errs.Message(err))
			}
			if err != nil {
				return err
			}
		}
		if !latest {
			if names, err = mt.ServingMembers(ctx, who.Actor.CommitteeID, e.TermID, ids); err != nil {
				return err
			}
		}
		var c errs.Check
		if _, ok := names[who.Actor.UserID]; !ok && member {
			c.Add("term_id", "您不是该届的在任委员,不能以该届提出提案")
		}
		for i, cs := range e.CoSigners {
			name, ok := names[cs.UserID]
			if !ok {
				c.Add("cosigners", "联名人(账号编号 "+strconv.FormatInt(cs.UserID, 10)+")不是该届的在任委员")
				continue
			}
			e.CoSigners[i].Name = name
		}
		return c.Err()
	})
}

// peek runs fn on single-statement reads without a transaction when the
// store can (PeekStore), in a read transaction otherwise.
func (s *Service) peek(ctx context.Context, fn func(ReadTx) error) error {
	if ps, ok := s.store.(PeekStore); ok {
		return ps.Peek(ctx, fn)
	}
	return s.read(ctx, fn)
}

// ExcellentUnit is a handling unit commended for a year (先进承办单位).
type ExcellentUnit struct {
	UnitID   int64
	Name     string
	Year     int
	Note     string
	MarkedBy string
	MarkedAt time.Time
}

// ExcellentTx stores commended units.
type ExcellentTx interface {
	ExcellentUnits(ctx context.Context, committeeID int64, year int) ([]ExcellentUnit, error)
	SetExcellentUnit(ctx context.Context, committeeID int64, e ExcellentUnit, on bool) error
}

// ExcellentUnits returns the handling units of who's committee commended in
// year, to staff and leaders.
func (s *Service) ExcellentUnits(ctx context.Context, who Who, year int) ([]ExcellentUnit, error) {
	if !staff(who) {
		return nil, errs.E(errs.Forbidden, "只有提案工作人员和领导可以查看先进承办单位")
	}
	var out []ExcellentUnit
	err := s.store.View(ctx, func(tx Tx) error {
		et, ok := tx.(ExcellentTx)
		if !ok {
			return errs.E(errs.Internal, "提案存储不完整")
		}
		var err error
		out, err = et.ExcellentUnits(ctx, who.Actor.CommitteeID, year)
		return err
	})
	return out, err
}

// SetExcellentUnit commends a handling unit for year (on) or withdraws it:
// the proposal office, audited.
func (s *Service) SetExcellentUnit(ctx context.Context, who Who, year int, unitID int64, on bool, note string) error {
	if !who.Actor.Has(authz.ProposalOffice) {
		return errs.E(errs.Forbidden, "只有提案委员会办公室可以评选先进承办单位")
	}
	var ck errs.Check
	ck.If(year < 2000 || year > 2100, "year", "请填写评选年度")
	ck.If(unitID <= 0, "unit_id", "请选择承办单位")
	ck.If(len([]rune(note)) > 200, "note", "说明不能超过 200 字")
	if err := ck.Err(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		et, ok := tx.(ExcellentTx)
		if !ok {
			return errs.E(errs.Internal, "提案存储不完整")
		}
		err := et.SetExcellentUnit(ctx, who.Actor.CommitteeID, ExcellentUnit{UnitID: unitID, Year: year, Note: strings.TrimSpace(note),
			MarkedBy: who.Actor.Name}, on)
		if errs.Is(err, errs.NotFound) {
			return errs.Field("unit_id", errs.Message(err))
		}
		if err != nil {
			return err
		}
		return tx.Audit(ctx, audit.Entry{ActorID: who.Actor.UserID, ActorName: who.Actor.Name, Role: string(who.Actor.PrimaryRole()),
			CommitteeID: who.Actor.CommitteeID, Action: "proposal.excellent_unit", ObjectType: "unit",
			ObjectID: strconv.FormatInt(unitID, 10), ClientAddr: who.Actor.Addr,
			Changes: map[string]audit.Change{"year": {New: year}, "excellent": {New: on}}})
	})
}

// PeekStore runs single-statement reads without a transaction.
type PeekStore interface {
	Peek(ctx context.Context, fn func(ReadTx) error) error
}

// VersionTx reads the proposals version of a committee.
type VersionTx interface {
	ProposalsVersion(ctx context.Context, committeeID int64) (int64, error)
}

// ListVersion returns a counter of who's committee that changes, committed
// with the change, whenever any of its proposals changes: a cache of lists
// keyed by it is never stale.
func (s *Service) ListVersion(ctx context.Context, who Who) (int64, error) {
	var v int64
	err := s.peek(ctx, func(tx ReadTx) error { // one statement: no transaction needed
		vt, ok := tx.(VersionTx)
		if !ok {
			return errs.E(errs.Internal, "提案存储不完整")
		}
		var err error
		v, err = vt.ProposalsVersion(ctx, who.Actor.CommitteeID)
		return err
	})
	return v, err
}
