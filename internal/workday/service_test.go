package workday_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
	"xieshang/internal/workday"
)

func TestMain(m *testing.M) { sqldbtest.Main(m) }

var ctx = context.Background()

func office(committeeID int64) authz.Actor {
	return authz.Actor{UserID: 7, Name: "办公室", CommitteeID: committeeID, Roles: []authz.Role{authz.Office}, Addr: "127.0.0.1"}
}

// calendarAudits returns the changes of the calendar.update entries, oldest
// first.
func calendarAudits(t *testing.T, db *sqldb.DB) []map[string]audit.Change {
	t.Helper()
	var out []map[string]audit.Change
	err := db.View(ctx, func(tx *sqldb.Tx) error {
		es, err := tx.AuditEntries(ctx, audit.Filter{Action: "calendar.update", Limit: 50})
		for i := len(es) - 1; i >= 0; i-- {
			var m map[string]audit.Change
			if err := json.Unmarshal([]byte(es[i].ChangesJSON), &m); err != nil {
				t.Fatal(err)
			}
			if es[i].ObjectType != "calendar_year" || es[i].ActorID != 7 {
				t.Errorf("audit entry: %+v", es[i])
			}
			out = append(out, m)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCommitteeEditsAYear(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		city := sqldbtest.Committee(t, db, "示范市政协")
		district := sqldbtest.Committee(t, db, "示范区政协")
		svc := workday.NewService(sqldb.Workday(db))

		// Nothing edited: the shipped data.
		cal, err := svc.Calendar(ctx, city)
		if err != nil {
			t.Fatal(err)
		}
		if cal.IsWorkday(d("2026-10-01")) || !cal.IsWorkday(d("2026-10-10")) || cal.IsWorkday(d("2027-02-08")) {
			t.Error("default calendar")
		}
		y, err := svc.Year(ctx, office(city), 2026)
		if err != nil || y.Source != workday.FromShipped || len(y.Days) != len(official2026) {
			t.Fatalf("Year(2026) = %+v, %v", y, err)
		}

		// The city cancels the make-up Saturday of 10-10, adds a local
		// holiday on the last day of the year and one on the first of 2027.
		days := slices.DeleteFunc(workday.Shipped(2026), func(o workday.Override) bool { return workday.FormatDay(o.Day) == "2026-10-10" })
		days = append(days, workday.Override{Day: d("2026-12-31"), Kind: workday.Holiday, Reason: " 市庆 "})
		if err := svc.SetYear(ctx, office(city), 2026, days); err != nil {
			t.Fatal(err)
		}
		if err := svc.SetYear(ctx, office(city), 2027, []workday.Override{
			{Day: d("2027-01-01"), Kind: workday.Holiday, Reason: "元旦"},
		}); err != nil {
			t.Fatal(err)
		}

		y, err = svc.Year(ctx, office(city), 2026)
		if err != nil || y.Source != workday.FromCommittee || len(y.Days) != len(official2026) {
			t.Fatalf("edited Year(2026) = %+v, %v", y, err)
		}
		last := y.Days[len(y.Days)-1]
		if workday.FormatDay(last.Day) != "2026-12-31" || last.Kind != workday.Holiday || last.Reason != "市庆" ||
			last.Day.Location() != workday.CST || last.Day.Hour() != 0 {
			t.Errorf("last day read back: %+v", last)
		}
		for i, o := range y.Days {
			if i > 0 && !y.Days[i-1].Day.Before(o.Day) {
				t.Errorf("days not by date at %d", i)
			}
		}

		cal, err = svc.Calendar(ctx, city)
		if err != nil {
			t.Fatal(err)
		}
		for day, want := range map[string]bool{
			"2026-10-01": false, "2026-10-10": false, "2026-12-31": false, "2026-09-20": true, // edited 2026
			"2027-01-01": false, "2027-02-08": true, "2027-01-31": false, // 2027 edited down to 元旦
			"2028-01-03": true, // no data
		} {
			if got := cal.IsWorkday(d(day)); got != want {
				t.Errorf("city IsWorkday(%s) = %v, want %v", day, got, want)
			}
		}
		// The reply deadline of a proposal assigned on 2026-09-30 is 12-30
		// for the city: its 12-31 is a holiday, and 12-30 is a Wednesday.
		if got := cal.DueAfterMonths(d("2026-09-30"), 3); workday.FormatDay(got) != "2026-12-30" {
			t.Errorf("DueAfterMonths = %s", workday.FormatDay(got))
		}
		if got := cal.AddWorkdays(d("2026-09-30"), 3); workday.FormatDay(got) != "2026-10-12" {
			t.Errorf("AddWorkdays without the 10-10 make-up = %s", workday.FormatDay(got))
		}

		// The district is untouched.
		dcal, err := svc.Calendar(ctx, district)
		if err != nil {
			t.Fatal(err)
		}
		if !dcal.IsWorkday(d("2026-10-10")) || !dcal.IsWorkday(d("2026-12-31")) || dcal.IsWorkday(d("2027-02-08")) {
			t.Error("district calendar changed")
		}

		// Replacing 2026 again leaves 2027 alone; emptying a year keeps it
		// edited, with weekends only.
		if err := svc.SetYear(ctx, office(city), 2026, nil); err != nil {
			t.Fatal(err)
		}
		y, _ = svc.Year(ctx, office(city), 2026)
		if y.Source != workday.FromCommittee || len(y.Days) != 0 {
			t.Errorf("emptied 2026: %+v", y)
		}
		y, _ = svc.Year(ctx, office(city), 2027)
		if y.Source != workday.FromCommittee || len(y.Days) != 1 || workday.FormatDay(y.Days[0].Day) != "2027-01-01" {
			t.Errorf("2027 after replacing 2026: %+v", y)
		}
		cal, _ = svc.Calendar(ctx, city)
		if !cal.IsWorkday(d("2026-10-01")) || cal.IsWorkday(d("2027-01-01")) {
			t.Error("calendar after emptying 2026")
		}
		if y, _ := svc.Year(ctx, office(city), 2030); y.Source != workday.WeekendsOnly || y.Days != nil {
			t.Errorf("Year(2030) = %+v", y)
		}

		// Saving an edited year unchanged writes no audit entry.
		if err := svc.SetYear(ctx, office(city), 2027, []workday.Override{{Day: d("2027-01-01"), Kind: workday.Holiday, Reason: "元旦"}}); err != nil {
			t.Fatal(err)
		}
		entries := calendarAudits(t, db)
		if len(entries) != 3 {
			t.Fatalf("%d calendar.update entries, want 3: %v", len(entries), entries)
		}
		first := entries[0]
		if c := first["2026-10-10"]; c.Old != "调休上班" || c.New != nil {
			t.Errorf("audit 10-10: %+v", c)
		}
		if c := first["2026-12-31"]; c.Old != nil || c.New != "休(市庆)" {
			t.Errorf("audit 12-31: %+v", c)
		}
		if c := first["source"]; c.Old != "系统预置" || c.New != "本会已设置" {
			t.Errorf("audit source: %+v", c)
		}
		if len(first) != 3 {
			t.Errorf("first audit entry has %d changes: %v", len(first), first)
		}
		// 2027 was shipped: every shipped date but 01-01 is gone, and the source changed.
		if second := entries[1]; len(second) != len(workday.Shipped(2027)) {
			t.Errorf("second audit entry has %d changes", len(second))
		}
		if third := entries[2]; len(third) != len(official2026) || third["2026-12-31"].Old != "休(市庆)" {
			t.Errorf("third audit entry: %v", third)
		}
	})
}

func TestCalendarPermissionsAndValidation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		city := sqldbtest.Committee(t, db, "示范市政协")
		svc := workday.NewService(sqldb.Workday(db))
		holiday := []workday.Override{{Day: d("2026-12-31"), Kind: workday.Holiday, Reason: "市庆"}}

		for _, r := range []authz.Role{authz.Member, authz.UnitLiaison, authz.Leader, authz.ProposalOffice} {
			by := authz.Actor{UserID: 9, CommitteeID: city, Roles: []authz.Role{r}}
			if _, err := svc.Year(ctx, by, 2026); err != nil {
				t.Errorf("%s cannot read: %v", r, err)
			}
			if err := svc.SetYear(ctx, by, 2026, holiday); !errs.Is(err, errs.Forbidden) {
				t.Errorf("%s edited: %v", r, err)
			}
		}
		if _, err := svc.Year(ctx, authz.Actor{CommitteeID: city}, 2026); !errs.Is(err, errs.Forbidden) {
			t.Errorf("anonymous read: %v", err)
		}
		if _, err := svc.Year(ctx, office(city), 1999); len(errs.FieldsOf(err)) != 1 {
			t.Errorf("Year(1999): %v", err)
		}
		for name, days := range map[string][]workday.Override{
			"make-up on a weekday": {{Day: d("2026-12-30"), Kind: workday.Workday, Reason: "调休上班"}},
			"outside the year":     {{Day: d("2027-01-01"), Kind: workday.Holiday, Reason: "元旦"}},
			"both kinds": {{Day: d("2026-12-26"), Kind: workday.Holiday, Reason: "市庆"},
				{Day: d("2026-12-26"), Kind: workday.Workday, Reason: "调休上班"}},
		} {
			if err := svc.SetYear(ctx, office(city), 2026, days); !errs.Is(err, errs.Invalid) || errs.FieldsOf(err)[0].Field != "days" {
				t.Errorf("%s: %v", name, err)
			}
		}
		if y, _ := svc.Year(ctx, office(city), 2026); y.Source != workday.FromShipped {
			t.Errorf("a refused edit was stored: %+v", y)
		}
		if n := len(calendarAudits(t, db)); n != 0 {
			t.Errorf("%d audit entries after refused edits", n)
		}
		// Storage itself refuses a day outside the year, and rolls back.
		err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			return tx.ReplaceCalendarYear(ctx, city, 2026, []workday.Override{{Day: d("2027-01-01"), Kind: workday.Holiday, Reason: "元旦"}})
		})
		if !errs.Is(err, errs.Invalid) {
			t.Errorf("ReplaceCalendarYear outside the year: %v", err)
		}
		// The system actor (command line) may edit.
		if err := svc.SetYear(ctx, authz.SystemActor(city), 2026, holiday); err != nil {
			t.Errorf("system actor: %v", err)
		}
	})
}

func TestCalendarYearBoundaries(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		city := sqldbtest.Committee(t, db, "示范市政协")
		err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			for y, day := range map[int]string{2026: "2026-12-31", 2027: "2027-01-01", 2025: "2025-12-31"} {
				if err := tx.ReplaceCalendarYear(ctx, city, y, []workday.Override{{Day: d(day), Kind: workday.Holiday, Reason: "测试"}}); err != nil {
					return err
				}
			}
			// Twice: the second replaces the first, no conflict.
			return tx.ReplaceCalendarYear(ctx, city, 2026, []workday.Override{{Day: d("2026-12-31"), Kind: workday.Holiday, Reason: "测试二"},
				{Day: d("2026-01-01"), Kind: workday.Holiday, Reason: "元旦"}})
		})
		if err != nil {
			t.Fatal(err)
		}
		db.View(ctx, func(tx *sqldb.Tx) error {
			years, err := tx.CalendarYears(ctx, city)
			if err != nil || !slices.Equal(years, []int{2025, 2026, 2027}) {
				t.Errorf("CalendarYears = %v, %v", years, err)
			}
			days, err := tx.CalendarDays(ctx, city, 2026)
			if err != nil || len(days) != 2 || workday.FormatDay(days[0].Day) != "2026-01-01" || days[1].Reason != "测试二" {
				t.Errorf("CalendarDays(2026) = %v, %v", days, err)
			}
			for _, y := range []int{2025, 2027} {
				if days, err := tx.CalendarDays(ctx, city, y); err != nil || len(days) != 1 {
					t.Errorf("CalendarDays(%d) = %v, %v", y, days, err)
				}
			}
			cal, err := tx.Calendar(ctx, city)
			if err != nil {
				t.Fatal(err)
			}
			if cal.IsWorkday(d("2025-12-31")) || cal.IsWorkday(d("2026-12-31")) || cal.IsWorkday(d("2027-01-01")) ||
				!cal.IsWorkday(d("2027-02-08")) || !cal.IsWorkday(d("2026-10-08")) {
				t.Error("Calendar over edited years")
			}
			return nil
		})
	})
}
