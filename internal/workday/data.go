package workday

import (
	"fmt"
	"slices"
	"time"
)

// period is one holiday period of a year's schedule: the dates From to To
// (inclusive, weekend days included) are rest days, and the make-up days
// (调休上班, Saturdays or Sundays) are working days.
type period struct {
	Name     string
	From, To string   // 2006-01-02
	MakeUp   []string // 2006-01-02
}

// schedules are the shipped yearly schedules. Staff can replace any year for
// their committee (Service.SetYear); this data is only the default.
var schedules = map[int][]period{
	// 2026: 国务院办公厅关于2026年部分节假日安排的通知(国办发明电〔2025〕7号,
	// 2025-11-04), as published.
	2026: {
		{"元旦", "2026-01-01", "2026-01-03", []string{"2026-01-04"}},
		{"春节", "2026-02-15", "2026-02-23", []string{"2026-02-14", "2026-02-28"}},
		{"清明节", "2026-04-04", "2026-04-06", nil},
		{"劳动节", "2026-05-01", "2026-05-05", []string{"2026-05-09"}},
		{"端午节", "2026-06-19", "2026-06-21", nil},
		{"中秋节", "2026-09-25", "2026-09-27", nil},
		{"国庆节", "2026-10-01", "2026-10-07", []string{"2026-09-20", "2026-10-10"}},
	},
	// 2027 is NOT the official schedule, which had not been published when
	// this was written: it is derived, and staff must check it against the
	// State Council's notice for 2027 (usually issued in November 2026) and
	// correct it on the calendar page, which replaces this data for their
	// committee. It applies the rules behind the 2025 and 2026 schedules
	// (全国年节及纪念日放假办法 as revised in 2024: 元旦 1 day, 春节 4 from
	// 除夕, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3; a statutory day on a
	// weekend is made up on a weekday; 春节 8 days from 除夕 and 国庆 7 days
	// from 1 October with make-up weekend days; 劳动节 5 days; the one-day
	// festivals joined to a weekend, or on that day alone when it is a
	// Wednesday, as 元旦 2025 was) to the 2027 festival dates: 春节
	// (初一) 2027-02-06 Sat, 除夕 02-05 Fri; 清明 04-05 Mon; 劳动节 05-01 Sat;
	// 端午 06-09 Wed; 中秋 09-15 Wed; 国庆 10-01 Fri. Where 2026's lengths
	// (3/9/3/5/3/3/7 days) do not fit 2027's weekdays it differs from them:
	//   - 春节 02-05 (除夕) to 02-14: the 8 days from 除夕 end on a Friday,
	//     so with the weekend after it the period is 10 days, with two
	//     make-up days as in 2025 and 2026 (6 weekdays in the period, less
	//     除夕 and 初三 on weekdays and 2 days made up for 初一 and 初二 on
	//     the weekend);
	//   - 端午节 and 中秋节 fall on Wednesdays: one day each, no make-up.
	// No stretch of work is longer than 6 days.
	2027: {
		{"元旦", "2027-01-01", "2027-01-03", nil},
		{"春节", "2027-02-05", "2027-02-14", []string{"2027-01-31", "2027-02-20"}},
		{"清明节", "2027-04-03", "2027-04-05", nil},
		{"劳动节", "2027-05-01", "2027-05-05", []string{"2027-05-08"}},
		{"端午节", "2027-06-09", "2027-06-09", nil},
		{"中秋节", "2027-09-15", "2027-09-15", nil},
		{"国庆节", "2027-10-01", "2027-10-07", []string{"2027-09-26", "2027-10-09"}},
	},
}

// shipped holds the schedules expanded into overrides, by year.
var shipped = expand(schedules)

func expand(s map[int][]period) map[int][]Override {
	out := make(map[int][]Override, len(s))
	for y, ps := range s {
		var days []Override
		for _, p := range ps {
			from, to := mustDate(p.From), mustDate(p.To)
			for d := from; d <= to; d++ {
				days = append(days, Override{Day: d.time(), Kind: Holiday, Reason: p.Name})
			}
			for _, m := range p.MakeUp {
				days = append(days, Override{Day: mustDate(m).time(), Kind: Workday, Reason: MakeUpReason})
			}
		}
		sortDays(days)
		out[y] = days
	}
	return out
}

func mustDate(s string) date {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(fmt.Sprintf("workday: bad date %q in shipped data", s))
	}
	return civil(t.Date())
}

// Shipped returns the shipped overrides of year, by date, or nil if none
// are shipped for it. The 2027 list is derived, not official: see the
// comment on its data.
func Shipped(year int) []Override { return slices.Clone(shipped[year]) }

// ShippedYears returns the years with shipped data, in order.
func ShippedYears() []int {
	ys := make([]int, 0, len(shipped))
	for y := range shipped {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	return ys
}

// Default returns the calendar of the shipped data alone.
func Default() *Calendar { return ForCommittee(nil) }
