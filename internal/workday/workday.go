// Package workday is the working-day calendar that proposal deadlines are
// counted on: weekends are rest days, except the make-up workdays (调休上班)
// that the State Council's yearly notice puts on some Saturdays and Sundays,
// and the public holidays (放假) are rest days even on weekdays.
//
// Everything here works on civil dates in China Standard Time (Asia/Shanghai,
// UTC+8 all year, no daylight saving since 1991): a time.Time in any zone
// stands for its date in Shanghai, and every date returned is 00:00 of that
// date in Shanghai (the zone CST below). Callers may pass tx.Now(), a date
// read back from the database (midnight UTC) or a date parsed in CST alike.
//
// The calendar ships the State Council's schedules as Go data (see Shipped);
// each committee may replace any year with its own list (see Service), since
// the schedule for next year is published only in November and local
// committees sometimes differ. Years without data count weekends only.
package workday

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"xieshang/internal/errs"
)

// CST is China Standard Time, the zone of every date in this package.
var CST = time.FixedZone("CST", 8*3600)

// Kind says what an override does to its date.
type Kind string

const (
	Holiday Kind = "holiday" // 休: a rest day, also when it falls on a weekday
	Workday Kind = "workday" // 调休上班: a Saturday or Sunday worked instead
)

// Name returns the Chinese name users see.
func (k Kind) Name() string {
	switch k {
	case Holiday:
		return "休"
	case Workday:
		return "调休上班"
	}
	return string(k)
}

// MakeUpReason is the reason of make-up workdays in the shipped data.
const MakeUpReason = "调休上班"

// MaxReason is the longest reason accepted, in characters.
const MaxReason = 20

// Override is one date on which the weekend rule does not decide: a holiday
// (any day of a holiday period, weekend days included, as the notice lists
// them) or a make-up workday (only ever a Saturday or Sunday). Day stands for
// its date in CST; the package returns it as 00:00 CST.
type Override struct {
	Day    time.Time
	Kind   Kind
	Reason string // the festival (春节) or "调休上班"
}

// Label returns what the override says without its date: "休(春节)", or
// "调休上班" when the reason only repeats the kind.
func (o Override) Label() string {
	if o.Reason == "" || o.Reason == o.Kind.Name() {
		return o.Kind.Name()
	}
	return o.Kind.Name() + "(" + o.Reason + ")"
}

// String returns e.g. "2026-02-15 休(春节)".
func (o Override) String() string { return FormatDay(o.Day) + " " + o.Label() }

// date is a civil date as the number of days since 1970-01-01.
type date int64

func dateOf(t time.Time) date {
	y, m, d := t.In(CST).Date()
	return civil(y, m, d)
}

func civil(y int, m time.Month, d int) date {
	return date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func (d date) time() time.Time {
	y, m, dd := time.Unix(int64(d)*86400, 0).UTC().Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, CST)
}

func (d date) year() int { return time.Unix(int64(d)*86400, 0).UTC().Year() }

// weekend reports whether d is a Saturday or Sunday (1970-01-01 was a
// Thursday).
func (d date) weekend() bool {
	w := ((d+4)%7 + 7) % 7 // 0 = Sunday
	return w == 0 || w == 6
}

// Day returns t's date in CST at 00:00 CST.
func Day(t time.Time) time.Time { return dateOf(t).time() }

// Date returns 00:00 CST of the given date; out-of-range values normalise as
// in time.Date.
func Date(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 0, 0, 0, 0, CST)
}

// FormatDay returns t's date in CST as 2006-01-02.
func FormatDay(t time.Time) string { return t.In(CST).Format(time.DateOnly) }

var weekdayNames = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// WeekdayName returns the Chinese name of t's weekday in CST: 周一 … 周日.
func WeekdayName(t time.Time) string { return weekdayNames[t.In(CST).Weekday()] }

// Calendar answers which dates are working days. The zero of *Calendar (nil)
// is usable and counts weekends only.
type Calendar struct {
	days map[date]Override
}

// New returns the calendar with days as its overrides; every other date is a
// workday from Monday to Friday. New does not validate: check lists that
// people typed with Validate first. If a date appears twice the last wins.
func New(days []Override) *Calendar {
	c := &Calendar{days: make(map[date]Override, len(days))}
	for _, o := range days {
		d := dateOf(o.Day)
		o.Day = d.time()
		c.days[d] = o
	}
	return c
}

// ForCommittee returns the calendar of a committee that has edited the
// years in edited: an edited year uses exactly the committee's list (which
// may be empty), any other year the shipped data if there is some, and
// weekends only otherwise.
func ForCommittee(edited map[int][]Override) *Calendar {
	var all []Override
	for _, y := range ShippedYears() {
		if _, ok := edited[y]; !ok {
			all = append(all, Shipped(y)...)
		}
	}
	for _, days := range edited {
		all = append(all, days...)
	}
	return New(all)
}

// Override returns the override of t's date, if any.
func (c *Calendar) Override(t time.Time) (Override, bool) {
	if c == nil {
		return Override{}, false
	}
	o, ok := c.days[dateOf(t)]
	return o, ok
}

// Year returns the overrides of year, by date.
func (c *Calendar) Year(year int) []Override {
	if c == nil {
		return nil
	}
	var out []Override
	for d, o := range c.days {
		if d.year() == year {
			out = append(out, o)
		}
	}
	sortDays(out)
	return out
}

func (c *Calendar) workday(d date) bool {
	if c != nil {
		if o, ok := c.days[d]; ok {
			return o.Kind == Workday
		}
	}
	return !d.weekend()
}

// IsWorkday reports whether t's date is a working day.
func (c *Calendar) IsWorkday(t time.Time) bool { return c.workday(dateOf(t)) }

// NextWorkday returns t's date if it is a working day, otherwise the first
// working day after it: a deadline that falls on a rest day moves forward
// to it.
func (c *Calendar) NextWorkday(t time.Time) time.Time {
	d := dateOf(t)
	for !c.workday(d) {
		d++
	}
	return d.time()
}

// AddWorkdays returns the n-th working day after t's date, as deadlines in
// working days are counted in Chinese administrative practice: the day of
// the event (assignment, receipt) does not count, whether or not it is a
// working day, and the deadline is the last day of the period, on which the
// act is still in time. So a 5-working-day window opened on a Friday before
// an ordinary weekend ends on the next Friday, and one opened on a Saturday
// ends on the next Friday too.
//
// AddWorkdays(t, 0) is t's date, even if it is a rest day, and
// WorkdaysBetween(t, AddWorkdays(t, n)) == n for every n ≥ 0. A negative n
// counts backwards, for reminders before a deadline: the |n|-th working day
// before t's date (t's date not counted).
func (c *Calendar) AddWorkdays(t time.Time, n int) time.Time {
	d, step := dateOf(t), date(1)
	if n < 0 {
		n, step = -n, -1
	}
	for n > 0 {
		d += step
		if c.workday(d) {
			n--
		}
	}
	return d.time()
}

// WorkdaysBetween returns the number of working days after a's date up to
// and including b's date: the working days elapsed from a to b, counted as
// AddWorkdays counts them. It is 0 when both are the same date and negative
// when b is before a: WorkdaysBetween(a, b) == -WorkdaysBetween(b, a).
func (c *Calendar) WorkdaysBetween(a, b time.Time) int {
	from, to := dateOf(a), dateOf(b)
	sign := 1
	if to < from {
		from, to, sign = to, from, -1
	}
	n := 0
	for d := from + 1; d <= to; d++ {
		if c.workday(d) {
			n++
		}
	}
	return sign * n
}

// AddMonths returns the same calendar day months months after t's date, or
// the last day of that month when it is shorter: 11-30 plus 3 months is
// 02-28, or 02-29 in a leap year; 08-31 plus 1 month is 09-30.
func AddMonths(t time.Time, months int) time.Time {
	y, m, d := t.In(CST).Date()
	first := time.Date(y, m+time.Month(months), 1, 0, 0, 0, 0, CST)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, CST)
}

// DueAfterMonths returns the deadline months months after t, as for a
// proposal's reply (3 months from assignment, 6 at most with extensions):
// AddMonths(t, months), moved forward to the next working day if that is a
// rest day.
func (c *Calendar) DueAfterMonths(t time.Time, months int) time.Time {
	return c.NextWorkday(AddMonths(t, months))
}

// Validate checks a list of overrides that people typed: every date given,
// each date at most once (so never both a holiday and a workday), a make-up
// workday only on a Saturday or Sunday, a known kind and a reason of at most
// MaxReason characters. Holidays may fall on any day, since a notice's
// holiday period includes its weekend days. Errors are about field "days"
// and name the date.
func Validate(days []Override) error {
	var c errs.Check
	validate(&c, days)
	return c.Err()
}

func validate(c *errs.Check, days []Override) {
	seen := make(map[date]Kind, len(days))
	for i, o := range days {
		if o.Day.IsZero() {
			c.Add("days", fmt.Sprintf("第 %d 行未填写日期", i+1))
			continue
		}
		d, label := dateOf(o.Day), FormatDay(o.Day)
		switch o.Kind {
		case Holiday:
		case Workday:
			c.If(!d.weekend(), "days", label+"是"+WeekdayName(o.Day)+",调休上班日只能是周六或周日")
		default:
			c.Add("days", label+"的类型应为“休”或“调休上班”")
		}
		reason := strings.TrimSpace(o.Reason)
		c.If(reason == "", "days", label+"请填写名称(节日名称或“调休上班”)")
		c.If(utf8.RuneCountInString(reason) > MaxReason, "days", fmt.Sprintf("%s的名称不能超过 %d 个字", label, MaxReason))
		if k, ok := seen[d]; ok {
			if k != o.Kind {
				c.Add("days", label+"不能既是休息日又是调休上班日")
			} else {
				c.Add("days", label+"重复填写")
			}
		}
		seen[d] = o.Kind
	}
}

// ValidateYear is Validate that also requires every date to be in year,
// which must be between 2000 and 2100.
func ValidateYear(year int, days []Override) error {
	if year < 2000 || year > 2100 {
		return errs.Field("year", "年份应在 2000 至 2100 之间")
	}
	var c errs.Check
	for _, o := range days {
		if !o.Day.IsZero() && dateOf(o.Day).year() != year {
			c.Add("days", fmt.Sprintf("%s不在 %d 年内", FormatDay(o.Day), year))
		}
	}
	validate(&c, days)
	return c.Err()
}

// normalize returns days at 00:00 CST with trimmed reasons, by date.
func normalize(days []Override) []Override {
	out := make([]Override, len(days))
	for i, o := range days {
		out[i] = Override{Day: Day(o.Day), Kind: o.Kind, Reason: strings.TrimSpace(o.Reason)}
	}
	sortDays(out)
	return out
}

func sortDays(days []Override) {
	slices.SortFunc(days, func(a, b Override) int { return a.Day.Compare(b.Day) })
}
