package sqldb

import (
	"context"
	"slices"
	"strconv"

	"xieshang/internal/errs"
	"xieshang/internal/workday"
)

// Workday returns the workday.Store over db.
func Workday(db *DB) workday.Store { return Store[workday.Tx]{db} }

// yearBounds returns the first day of year and of the year after, as stored.
func yearBounds(year int) (string, string) {
	return strconv.Itoa(year) + "-01-01", strconv.Itoa(year+1) + "-01-01"
}

// CalendarYears returns the years committee committeeID has edited, in
// order.
func (tx *Tx) CalendarYears(ctx context.Context, committeeID int64) ([]int, error) {
	rows, err := tx.query(ctx, "SELECT year FROM calendar_years WHERE committee_id = ? ORDER BY year", committeeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, y)
	}
	return out, mapErr(rows.Err())
}

// CalendarDays returns the committee's own overrides in year, by date, at
// 00:00 CST.
func (tx *Tx) CalendarDays(ctx context.Context, committeeID int64, year int) ([]workday.Override, error) {
	from, to := yearBounds(year)
	return tx.calendarDays(ctx, " AND day >= ? AND day < ?", committeeID, from, to)
}

func (tx *Tx) calendarDays(ctx context.Context, where string, args ...any) ([]workday.Override, error) {
	rows, err := tx.query(ctx, "SELECT day, kind, reason FROM calendar_days WHERE committee_id = ?"+where+" ORDER BY day", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []workday.Override
	for rows.Next() {
		var o workday.Override
		var kind string
		if err := rows.Scan(nullTime{&o.Day}, &kind, &o.Reason); err != nil {
			return nil, mapErr(err)
		}
		o.Day, o.Kind = workday.Day(o.Day), workday.Kind(kind)
		out = append(out, o)
	}
	return out, mapErr(rows.Err())
}

// ReplaceCalendarYear makes days the committee's overrides of year and
// records the year as edited. A day outside year is Invalid; the service
// validates the rest (workday.ValidateYear).
func (tx *Tx) ReplaceCalendarYear(ctx context.Context, committeeID int64, year int, days []workday.Override) error {
	for _, o := range days {
		if workday.Day(o.Day).Year() != year {
			return errs.E(errs.Invalid, "%s不在 %d 年内", workday.FormatDay(o.Day), year)
		}
	}
	from, to := yearBounds(year)
	if _, err := tx.exec(ctx, "DELETE FROM calendar_days WHERE committee_id = ? AND day >= ? AND day < ?", committeeID, from, to); err != nil {
		return err
	}
	for _, o := range days {
		if _, err := tx.exec(ctx, "INSERT INTO calendar_days (committee_id, day, kind, reason) VALUES (?, ?, ?, ?)",
			committeeID, workday.FormatDay(o.Day), string(o.Kind), o.Reason); err != nil {
			return err
		}
	}
	_, err := tx.exec(ctx, `INSERT INTO calendar_years (committee_id, year, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (committee_id, year) DO UPDATE SET updated_at = excluded.updated_at`, committeeID, year, tx.ts(tx.now))
	return err
}

// Calendar returns committee committeeID's calendar: its own overrides for
// the years it has edited, the shipped data for the other years (see
// workday.ForCommittee).
func (tx *Tx) Calendar(ctx context.Context, committeeID int64) (*workday.Calendar, error) {
	years, err := tx.CalendarYears(ctx, committeeID)
	if err != nil {
		return nil, err
	}
	edited := make(map[int][]workday.Override, len(years))
	for _, y := range years {
		edited[y] = []workday.Override{}
	}
	if len(years) > 0 {
		days, err := tx.calendarDays(ctx, "", committeeID)
		if err != nil {
			return nil, err
		}
		for _, o := range days {
			if y := o.Day.Year(); slices.Contains(years, y) {
				edited[y] = append(edited[y], o)
			}
		}
	}
	return workday.ForCommittee(edited), nil
}
