package workday

import (
	"context"
	"slices"
	"strconv"

	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
)

// Reader loads a committee's calendar inside a transaction. Other domain
// packages that compute deadlines add it to their Tx interfaces, so that a
// deadline is computed in the transaction that stores it.
type Reader interface {
	// Calendar returns the committee's calendar: ForCommittee of the years
	// it has edited.
	Calendar(ctx context.Context, committeeID int64) (*Calendar, error)
}

// Store is the storage the calendar service needs.
type Store interface {
	InTx(ctx context.Context, fn func(Tx) error) error
	View(ctx context.Context, fn func(Tx) error) error
}

// Tx is one transaction's view of the committees' calendars.
type Tx interface {
	Reader
	// CalendarYears returns the years the committee has edited, in order.
	CalendarYears(ctx context.Context, committeeID int64) ([]int, error)
	// CalendarDays returns the committee's own overrides in year, by date
	// (none if it has not edited the year, or has emptied it).
	CalendarDays(ctx context.Context, committeeID int64, year int) ([]Override, error)
	// ReplaceCalendarYear makes days, which must all lie in year, the
	// committee's overrides of year and records the year as edited.
	ReplaceCalendarYear(ctx context.Context, committeeID int64, year int, days []Override) error
	Audit(ctx context.Context, e audit.Entry) error
}

// Source says where a year's overrides come from.
type Source string

const (
	FromCommittee Source = "committee" // edited by the committee's staff
	FromShipped   Source = "shipped"   // the data shipped with the software
	WeekendsOnly  Source = "none"      // no data: weekends are the only rest days
)

// Name returns the Chinese description users see.
func (s Source) Name() string {
	switch s {
	case FromCommittee:
		return "本会已设置"
	case FromShipped:
		return "系统预置"
	}
	return "未设置节假日,仅按周末计算"
}

// YearDays is one year of a committee's calendar as its staff see it.
type YearDays struct {
	Year   int
	Source Source
	Days   []Override // by date
}

// Service reads and edits the committees' calendars.
type Service struct{ store Store }

// NewService returns a Service over store.
func NewService(store Store) *Service { return &Service{store: store} }

// Calendar returns committee committeeID's calendar, for computing
// deadlines. It checks no permission: deadlines are computed for anyone who
// may act on the proposal.
func (s *Service) Calendar(ctx context.Context, committeeID int64) (*Calendar, error) {
	var c *Calendar
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		c, err = tx.Calendar(ctx, committeeID)
		return err
	})
	return c, err
}

// canRead reports whether the actor may read their committee's calendar:
// anyone signed in with a role there may, since every role meets deadlines.
func canRead(by authz.Actor) error {
	if by.System || (by.UserID != 0 && len(by.Roles) > 0) {
		return nil
	}
	return errs.E(errs.Forbidden, "您没有权限执行此操作")
}

func checkYear(year int) error {
	if year < 2000 || year > 2100 {
		return errs.Field("year", "年份应在 2000 至 2100 之间")
	}
	return nil
}

// yearDays returns year of the committee's calendar and where it comes from.
func yearDays(ctx context.Context, tx Tx, committeeID int64, year int) (YearDays, error) {
	years, err := tx.CalendarYears(ctx, committeeID)
	if err != nil {
		return YearDays{}, err
	}
	if slices.Contains(years, year) {
		days, err := tx.CalendarDays(ctx, committeeID, year)
		return YearDays{Year: year, Source: FromCommittee, Days: days}, err
	}
	if days := Shipped(year); days != nil {
		return YearDays{Year: year, Source: FromShipped, Days: days}, nil
	}
	return YearDays{Year: year, Source: WeekendsOnly}, nil
}

// Year returns year of the actor's committee's calendar: its own list if its
// staff have edited the year, else the shipped one, else none. Anyone with a
// role in the committee may read it.
func (s *Service) Year(ctx context.Context, by authz.Actor, year int) (YearDays, error) {
	if err := checkYear(year); err != nil {
		return YearDays{}, err
	}
	if err := canRead(by); err != nil {
		return YearDays{}, err
	}
	var y YearDays
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		y, err = yearDays(ctx, tx, by.CommitteeID, year)
		return err
	})
	return y, err
}

// SetYear replaces year of the actor's committee's calendar with days, from
// then on instead of any shipped data for that year; an empty list leaves
// weekends as the only rest days. Office staff may. The audit entry lists
// each date whose meaning changed, old and new, against what was in force
// before (the shipped data if the year had not been edited). Saving an
// edited year unchanged writes nothing.
func (s *Service) SetYear(ctx context.Context, by authz.Actor, year int, days []Override) error {
	if err := ValidateYear(year, days); err != nil {
		return err
	}
	if err := authz.Check(by, authz.EditOrg, authz.Object{CommitteeID: by.CommitteeID}); err != nil {
		return err
	}
	days = normalize(days)
	return s.store.InTx(ctx, func(tx Tx) error {
		old, err := yearDays(ctx, tx, by.CommitteeID, year)
		if err != nil {
			return err
		}
		changes := diff(old.Days, days)
		if old.Source == FromCommittee && len(changes) == 0 {
			return nil
		}
		if old.Source != FromCommittee {
			changes["source"] = audit.Change{Old: old.Source.Name(), New: FromCommittee.Name()}
		}
		if err := tx.ReplaceCalendarYear(ctx, by.CommitteeID, year, days); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.Entry{ActorID: by.UserID, ActorName: by.Name, Role: string(by.PrimaryRole()),
			CommitteeID: by.CommitteeID, Action: "calendar.update", ObjectType: "calendar_year",
			ObjectID: strconv.Itoa(year), Changes: changes, ClientAddr: by.Addr})
	})
}

// diff returns, by date, the labels of the dates whose override changed.
func diff(old, new []Override) map[string]audit.Change {
	label := func(days []Override) map[string]any {
		m := make(map[string]any, len(days))
		for _, o := range days {
			m[FormatDay(o.Day)] = o.Label()
		}
		return m
	}
	return audit.Diff(label(old), label(new))
}
