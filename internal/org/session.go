package org

import (
	"context"
	"slices"
	"time"

	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
)

// Session is a plenary session (第N次会议) of a term.
type Session struct {
	ID       int64
	TermID   int64
	Number   int
	Name     string // 第十一届第二次会议
	StartsOn time.Time
	EndsOn   time.Time
}

// Day returns the calendar date of t as midnight UTC, so that dates parsed
// in China time compare rightly with dates read back from the database
// (midnight UTC).
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// term returns term id of the actor's committee, or NotFound.
func term(ctx context.Context, tx Tx, by authz.Actor, id int64) (Term, error) {
	terms, err := tx.Terms(ctx, by.CommitteeID)
	if err != nil {
		return Term{}, err
	}
	i := slices.IndexFunc(terms, func(t Term) bool { return t.ID == id })
	if i < 0 {
		return Term{}, errs.E(errs.NotFound, "届次不存在")
	}
	return terms[i], nil
}

// Sessions returns the plenary sessions of term termID of the actor's
// committee by number, to an actor who may view members. A term of another
// committee is NotFound.
func (s *Service) Sessions(ctx context.Context, by authz.Actor, termID int64) ([]Session, error) {
	if err := view(by); err != nil {
		return nil, err
	}
	var out []Session
	err := s.store.View(ctx, func(tx Tx) error {
		if _, err := term(ctx, tx, by, termID); err != nil {
			return err
		}
		var err error
		out, err = tx.PlenarySessions(ctx, termID)
		return err
	})
	return out, err
}

// AddSession adds plenary session number of term termID of the actor's
// committee, held from startsOn to endsOn (the same day for a one-day
// session), which must lie within the term when the term has an end. Its
// name follows the term's: 第十一届第二次会议. Office staff may; a number
// already used in the term is a field error.
func (s *Service) AddSession(ctx context.Context, by authz.Actor, termID int64, number int, startsOn, endsOn time.Time) (Session, error) {
	var c errs.Check
	c.If(number < 1 || number > 99, "number", "会议次数应为 1 至 99")
	c.If(startsOn.IsZero(), "starts_on", "请填写开始日期")
	c.If(endsOn.IsZero(), "ends_on", "请填写结束日期")
	c.If(!startsOn.IsZero() && !endsOn.IsZero() && Day(endsOn).Before(Day(startsOn)), "ends_on", "结束日期不能早于开始日期")
	if err := c.Err(); err != nil {
		return Session{}, err
	}
	if err := authz.Check(by, authz.EditOrg, authz.Object{CommitteeID: by.CommitteeID}); err != nil {
		return Session{}, err
	}
	ps := Session{TermID: termID, Number: number, StartsOn: startsOn, EndsOn: endsOn}
	err := s.store.InTx(ctx, func(tx Tx) error {
		t, err := term(ctx, tx, by, termID)
		if err != nil {
			return err
		}
		c.If(Day(startsOn).Before(Day(t.StartsOn)), "starts_on", "会议日期应在"+t.Name+"任期内(自 "+t.StartsOn.Format(time.DateOnly)+" 起)")
		c.If(!t.EndsOn.IsZero() && Day(endsOn).After(Day(t.EndsOn)), "ends_on", "会议日期应在"+t.Name+"任期内(至 "+t.EndsOn.Format(time.DateOnly)+" 止)")
		if err := c.Err(); err != nil {
			return err
		}
		ps.Name = t.Name + "第" + Numeral(number) + "次会议"
		if err := tx.InsertPlenarySession(ctx, &ps); err != nil {
			if errs.Is(err, errs.Conflict) {
				return errs.Field("number", ps.Name+"已存在")
			}
			return err
		}
		return tx.Audit(ctx, entry(by, "session.create", "plenary_session", ps.ID, map[string]audit.Change{
			"name": {New: ps.Name}, "term_id": {New: termID},
			"starts_on": {New: startsOn.Format(time.DateOnly)}, "ends_on": {New: endsOn.Format(time.DateOnly)}}))
	})
	return ps, err
}
