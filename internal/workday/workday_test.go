package workday_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"xieshang/internal/errs"
	"xieshang/internal/workday"
)

// d parses a date as 00:00 CST.
func d(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, workday.CST)
	if err != nil {
		panic(err)
	}
	return t
}

func same(a, b time.Time) bool { return workday.FormatDay(a) == workday.FormatDay(b) }

// official2026 is 国办发明电〔2025〕7号, written out date by date.
var official2026 = []struct {
	day    string
	kind   workday.Kind
	reason string
}{
	{"2026-01-01", workday.Holiday, "元旦"}, {"2026-01-02", workday.Holiday, "元旦"}, {"2026-01-03", workday.Holiday, "元旦"},
	{"2026-01-04", workday.Workday, "调休上班"},
	{"2026-02-14", workday.Workday, "调休上班"},
	{"2026-02-15", workday.Holiday, "春节"}, {"2026-02-16", workday.Holiday, "春节"}, {"2026-02-17", workday.Holiday, "春节"},
	{"2026-02-18", workday.Holiday, "春节"}, {"2026-02-19", workday.Holiday, "春节"}, {"2026-02-20", workday.Holiday, "春节"},
	{"2026-02-21", workday.Holiday, "春节"}, {"2026-02-22", workday.Holiday, "春节"}, {"2026-02-23", workday.Holiday, "春节"},
	{"2026-02-28", workday.Workday, "调休上班"},
	{"2026-04-04", workday.Holiday, "清明节"}, {"2026-04-05", workday.Holiday, "清明节"}, {"2026-04-06", workday.Holiday, "清明节"},
	{"2026-05-01", workday.Holiday, "劳动节"}, {"2026-05-02", workday.Holiday, "劳动节"}, {"2026-05-03", workday.Holiday, "劳动节"},
	{"2026-05-04", workday.Holiday, "劳动节"}, {"2026-05-05", workday.Holiday, "劳动节"},
	{"2026-05-09", workday.Workday, "调休上班"},
	{"2026-06-19", workday.Holiday, "端午节"}, {"2026-06-20", workday.Holiday, "端午节"}, {"2026-06-21", workday.Holiday, "端午节"},
	{"2026-09-20", workday.Workday, "调休上班"},
	{"2026-09-25", workday.Holiday, "中秋节"}, {"2026-09-26", workday.Holiday, "中秋节"}, {"2026-09-27", workday.Holiday, "中秋节"},
	{"2026-10-01", workday.Holiday, "国庆节"}, {"2026-10-02", workday.Holiday, "国庆节"}, {"2026-10-03", workday.Holiday, "国庆节"},
	{"2026-10-04", workday.Holiday, "国庆节"}, {"2026-10-05", workday.Holiday, "国庆节"}, {"2026-10-06", workday.Holiday, "国庆节"},
	{"2026-10-07", workday.Holiday, "国庆节"},
	{"2026-10-10", workday.Workday, "调休上班"},
}

func TestShipped2026IsTheOfficialSchedule(t *testing.T) {
	cal := workday.Default()
	for _, want := range official2026 {
		o, ok := cal.Override(d(want.day))
		if !ok || o.Kind != want.kind || o.Reason != want.reason || !o.Day.Equal(d(want.day)) {
			t.Errorf("%s: got %+v, %v; want %s %s", want.day, o, ok, want.kind, want.reason)
		}
		if got := cal.IsWorkday(d(want.day)); got != (want.kind == workday.Workday) {
			t.Errorf("IsWorkday(%s) = %v", want.day, got)
		}
	}
	days := workday.Shipped(2026)
	if len(days) != len(official2026) {
		t.Errorf("shipped 2026 has %d days, the notice %d", len(days), len(official2026))
	}
	for i := 1; i < len(days); i++ {
		if !days[i-1].Day.Before(days[i].Day) {
			t.Errorf("Shipped(2026) not by date at %d: %v, %v", i, days[i-1], days[i])
		}
	}
	// Ordinary days around the holidays follow the weekend rule.
	for day, want := range map[string]bool{
		"2026-01-05": true, "2026-01-10": false, "2026-02-13": true, "2026-02-24": true, "2026-02-27": true,
		"2026-03-01": false, "2026-04-07": true, "2026-05-06": true, "2026-05-10": false, "2026-06-22": true,
		"2026-09-19": false, "2026-09-28": true, "2026-10-08": true, "2026-10-11": false, "2026-12-31": true,
	} {
		if got := cal.IsWorkday(d(day)); got != want {
			t.Errorf("IsWorkday(%s) = %v, want %v", day, got, want)
		}
	}
}

func TestShippedYearsAreValid(t *testing.T) {
	if got := workday.ShippedYears(); !slices.Equal(got, []int{2026, 2027}) {
		t.Fatalf("ShippedYears = %v", got)
	}
	cal := workday.Default()
	for _, y := range workday.ShippedYears() {
		days := workday.Shipped(y)
		if err := workday.ValidateYear(y, days); err != nil {
			t.Errorf("%d: %v", y, err)
		}
		// The State Council keeps stretches of work to 6 days at most.
		run, longest, at := 0, 0, time.Time{}
		for day := d("2000-01-01").AddDate(y-2000, 0, 0); day.Year() == y; day = day.AddDate(0, 0, 1) {
			if !cal.IsWorkday(day) {
				run = 0
				continue
			}
			if run++; run > longest {
				longest, at = run, day
			}
		}
		if longest > 6 {
			t.Errorf("%d: %d working days in a row up to %s", y, longest, workday.FormatDay(at))
		}
	}
	// Shipped returns a copy.
	s := workday.Shipped(2026)
	s[0].Reason = "x"
	if workday.Shipped(2026)[0].Reason != "元旦" {
		t.Error("Shipped shares its data")
	}
	if workday.Shipped(2031) != nil {
		t.Error("Shipped(2031) has data")
	}
}

func TestDerived2027(t *testing.T) {
	cal := workday.Default()
	// Every statutory day of 2027 (全国年节及纪念日放假办法) is a rest day.
	for _, day := range []string{"2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-04-05",
		"2027-05-01", "2027-05-02", "2027-06-09", "2027-09-15", "2027-10-01", "2027-10-02", "2027-10-03"} {
		if o, ok := cal.Override(d(day)); !ok || o.Kind != workday.Holiday {
			t.Errorf("%s: %+v %v", day, o, ok)
		}
	}
	// A statutory day on a weekend is made up on a weekday.
	for _, day := range []string{"2027-02-09", "2027-02-10", "2027-05-03", "2027-05-04", "2027-10-04", "2027-10-05"} {
		if cal.IsWorkday(d(day)) {
			t.Errorf("%s is a workday", day)
		}
	}
	for _, day := range []string{"2027-01-31", "2027-02-20", "2027-05-08", "2027-09-26", "2027-10-09"} {
		if o, ok := cal.Override(d(day)); !ok || o.Kind != workday.Workday || !cal.IsWorkday(d(day)) {
			t.Errorf("%s: %+v %v", day, o, ok)
		}
	}
	for _, day := range []string{"2027-06-08", "2027-06-10", "2027-09-14", "2027-09-16", "2027-02-15"} {
		if !cal.IsWorkday(d(day)) {
			t.Errorf("%s is not a workday", day)
		}
	}
}

func TestIsWorkdayUsesTheDateInChina(t *testing.T) {
	cal := workday.Default()
	cases := []struct {
		at   time.Time
		want bool
	}{
		{time.Date(2026, 10, 7, 15, 59, 0, 0, time.UTC), false},                     // 10-07 23:59 CST, 国庆
		{time.Date(2026, 10, 7, 16, 0, 0, 0, time.UTC), true},                       // 10-08 00:00 CST
		{time.Date(2026, 10, 8, 0, 0, 0, 0, time.UTC), true},                        // a date read back from the database
		{time.Date(2026, 2, 13, 17, 0, 0, 0, time.UTC), true},                       // 02-14 01:00 CST, 调休上班
		{time.Date(2026, 2, 14, 9, 0, 0, 0, time.FixedZone("PST", -8*3600)), false}, // 02-15 01:00 CST, 春节
	}
	for _, c := range cases {
		if got := cal.IsWorkday(c.at); got != c.want {
			t.Errorf("IsWorkday(%v) = %v, want %v", c.at, got, c.want)
		}
	}
	got := workday.Day(time.Date(2026, 6, 30, 16, 30, 0, 0, time.UTC))
	if got.Location() != workday.CST || got.Hour() != 0 || workday.FormatDay(got) != "2026-07-01" {
		t.Errorf("Day = %v", got)
	}
}

func TestAddWorkdays(t *testing.T) {
	cal := workday.Default()
	cases := []struct {
		name  string
		start time.Time
		n     int
		want  string
	}{
		{"zero is the same date", d("2026-03-02"), 0, "2026-03-02"},
		{"zero on a rest day stays", d("2026-10-03"), 0, "2026-10-03"},
		{"ordinary week", d("2026-03-02"), 5, "2026-03-09"},
		{"Friday plus one is Monday", d("2026-03-06"), 1, "2026-03-09"},
		{"from a Saturday the day itself does not count", d("2026-03-07"), 5, "2026-03-13"},
		{"春节: the make-up Saturday before counts", d("2026-02-13"), 1, "2026-02-14"},
		{"春节: across the holiday", d("2026-02-13"), 2, "2026-02-24"},
		{"春节: five days", d("2026-02-13"), 5, "2026-02-27"},
		{"春节: the make-up Saturday after", d("2026-02-13"), 6, "2026-02-28"},
		{"春节: then Monday", d("2026-02-13"), 7, "2026-03-02"},
		{"春节: assigned during the holiday", d("2026-02-18"), 1, "2026-02-24"},
		{"春节: ten days", d("2026-02-10"), 10, "2026-03-02"},
		{"国庆: make-up Sunday", d("2026-09-19"), 1, "2026-09-20"},
		{"中秋 then 国庆", d("2026-09-24"), 1, "2026-09-28"},
		{"国庆: first day after", d("2026-09-30"), 1, "2026-10-08"},
		{"国庆: make-up Saturday", d("2026-09-30"), 3, "2026-10-10"},
		{"国庆: then Monday", d("2026-09-30"), 4, "2026-10-12"},
		{"国庆: window of 10", d("2026-09-28"), 10, "2026-10-16"},
		{"元旦 2026 and its make-up Sunday", d("2025-12-31"), 1, "2026-01-04"},
		{"into derived 2027 春节", d("2027-02-04"), 1, "2027-02-15"},
		{"out of data: 2028 weekends only", d("2028-02-25"), 1, "2028-02-28"},
		{"out of data: 2028 leap day", d("2028-02-28"), 1, "2028-02-29"},
		{"backwards", d("2026-02-24"), -1, "2026-02-14"},
		{"backwards over 国庆", d("2026-10-08"), -2, "2026-09-29"},
		{"a UTC instant counts from its date in China", time.Date(2026, 2, 13, 17, 0, 0, 0, time.UTC), 1, "2026-02-24"},
	}
	for _, c := range cases {
		got := cal.AddWorkdays(c.start, c.n)
		if workday.FormatDay(got) != c.want || got.Location() != workday.CST || got.Hour() != 0 {
			t.Errorf("%s: AddWorkdays(%s, %d) = %v, want %s", c.name, workday.FormatDay(c.start), c.n, got, c.want)
		}
	}
}

func TestAddWorkdaysAgreesWithWorkdaysBetween(t *testing.T) {
	cal := workday.Default()
	for day := d("2025-12-01"); day.Before(d("2028-03-01")); day = day.AddDate(0, 0, 1) {
		for _, n := range []int{0, 1, 5, 10, 60, -3} {
			if n < 0 && !cal.IsWorkday(day) {
				continue // backwards from a rest day, the rest day is not counted either way
			}
			end := cal.AddWorkdays(day, n)
			if got := cal.WorkdaysBetween(day, end); got != n {
				t.Fatalf("WorkdaysBetween(%s, AddWorkdays(%s, %d) = %s) = %d",
					workday.FormatDay(day), workday.FormatDay(day), n, workday.FormatDay(end), got)
			}
			if n > 0 && !cal.IsWorkday(end) {
				t.Fatalf("AddWorkdays(%s, %d) = %s is a rest day", workday.FormatDay(day), n, workday.FormatDay(end))
			}
		}
	}
}

func TestWorkdaysBetween(t *testing.T) {
	cal := workday.Default()
	cases := []struct {
		a, b string
		want int
	}{
		{"2026-03-02", "2026-03-02", 0},
		{"2026-03-06", "2026-03-09", 1},
		{"2026-03-07", "2026-03-08", 0},
		{"2026-02-13", "2026-02-27", 5},
		{"2026-02-14", "2026-02-23", 0},
		{"2026-09-30", "2026-10-12", 4},
		{"2025-12-31", "2026-12-31", 248}, // 261 weekdays, 19 of them holidays, 6 make-up days
		{"2027-12-31", "2028-12-31", 260}, // no data: weekdays of a leap year starting on Saturday
	}
	for _, c := range cases {
		if got := cal.WorkdaysBetween(d(c.a), d(c.b)); got != c.want {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := cal.WorkdaysBetween(d(c.b), d(c.a)); got != -c.want {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, want %d", c.b, c.a, got, -c.want)
		}
	}
}

func TestNextWorkday(t *testing.T) {
	cal := workday.Default()
	for from, want := range map[string]string{
		"2026-03-02": "2026-03-02", // a workday is its own
		"2026-03-07": "2026-03-09",
		"2026-02-14": "2026-02-14", // 调休上班
		"2026-02-15": "2026-02-24",
		"2026-10-01": "2026-10-08",
		"2028-01-01": "2028-01-03", // no data for 2028: 元旦 unknown, Saturday
	} {
		if got := cal.NextWorkday(d(from)); workday.FormatDay(got) != want {
			t.Errorf("NextWorkday(%s) = %s, want %s", from, workday.FormatDay(got), want)
		}
	}
}

func TestAddMonthsClampsToMonthEnd(t *testing.T) {
	for _, c := range []struct {
		from   string
		months int
		want   string
	}{
		{"2026-01-15", 3, "2026-04-15"},
		{"2026-11-30", 3, "2027-02-28"},
		{"2027-11-30", 3, "2028-02-29"},
		{"2027-11-29", 3, "2028-02-29"},
		{"2028-02-29", 12, "2029-02-28"},
		{"2026-08-31", 1, "2026-09-30"},
		{"2026-12-31", 6, "2027-06-30"},
		{"2026-03-31", -1, "2026-02-28"},
		{"2026-05-31", 0, "2026-05-31"},
	} {
		if got := workday.AddMonths(d(c.from), c.months); workday.FormatDay(got) != c.want || got.Location() != workday.CST {
			t.Errorf("AddMonths(%s, %d) = %v, want %s", c.from, c.months, got, c.want)
		}
	}
}

func TestDueAfterMonths(t *testing.T) {
	cal := workday.Default()
	for _, c := range []struct {
		name   string
		from   time.Time
		months int
		want   string
	}{
		{"ordinary", d("2026-03-10"), 3, "2026-06-10"},
		{"lands on 国庆", d("2026-07-01"), 3, "2026-10-08"},
		{"lands on 春节 2026", d("2025-11-15"), 3, "2026-02-24"},
		{"lands on a Sunday", d("2026-03-08"), 3, "2026-06-08"},
		{"clamped to a Sunday in 2027", d("2026-11-30"), 3, "2027-03-01"},
		{"lands on derived 2027 春节", d("2026-11-14"), 3, "2027-02-15"},
		{"leap day 2028, no data, a Tuesday", d("2027-11-30"), 3, "2028-02-29"},
		{"extension to 6 months", d("2026-04-01"), 6, "2026-10-08"},
		{"a make-up Saturday is a working day", d("2026-07-10"), 3, "2026-10-10"},
		{"UTC instant late in the evening", time.Date(2026, 6, 30, 16, 30, 0, 0, time.UTC), 3, "2026-10-08"},
	} {
		if got := cal.DueAfterMonths(c.from, c.months); workday.FormatDay(got) != c.want {
			t.Errorf("%s: DueAfterMonths(%v, %d) = %s, want %s", c.name, c.from, c.months, workday.FormatDay(got), c.want)
		}
	}
}

func TestNilAndCustomCalendars(t *testing.T) {
	var none *workday.Calendar
	if none.IsWorkday(d("2026-10-01")) != true || none.IsWorkday(d("2026-02-14")) != false {
		t.Error("nil calendar should count weekends only")
	}
	if got := none.AddWorkdays(d("2026-09-30"), 1); !same(got, d("2026-10-01")) {
		t.Errorf("nil AddWorkdays = %v", got)
	}
	if none.Year(2026) != nil {
		t.Error("nil Year")
	}
	cal := workday.New([]workday.Override{
		{Day: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), Kind: workday.Holiday, Reason: "元旦"},
		{Day: d("2030-01-05"), Kind: workday.Workday, Reason: "调休上班"},
	})
	if cal.IsWorkday(d("2030-01-01")) || !cal.IsWorkday(d("2030-01-05")) || !cal.IsWorkday(d("2030-01-02")) {
		t.Error("custom calendar")
	}
	if y := cal.Year(2030); len(y) != 2 || y[0].Day.Location() != workday.CST || workday.FormatDay(y[0].Day) != "2030-01-01" {
		t.Errorf("Year(2030) = %v", y)
	}
	// An edited year replaces the shipped one, even when emptied.
	edited := workday.ForCommittee(map[int][]workday.Override{2026: {}})
	if !edited.IsWorkday(d("2026-10-01")) || edited.IsWorkday(d("2027-10-01")) {
		t.Error("ForCommittee")
	}
}

func TestValidate(t *testing.T) {
	hol := func(s string) workday.Override {
		return workday.Override{Day: d(s), Kind: workday.Holiday, Reason: "春节"}
	}
	work := func(s string) workday.Override {
		return workday.Override{Day: d(s), Kind: workday.Workday, Reason: "调休上班"}
	}
	cases := []struct {
		name string
		days []workday.Override
		want string // a part of the message; "" for valid
	}{
		{"empty", nil, ""},
		{"a holiday on a weekend is fine", []workday.Override{hol("2026-02-15"), hol("2026-02-16"), work("2026-02-14")}, ""},
		{"make-up on a weekday", []workday.Override{work("2026-02-16")}, "2026-02-16是周一,调休上班日只能是周六或周日"},
		{"both kinds", []workday.Override{hol("2026-02-14"), work("2026-02-14")}, "2026-02-14不能既是休息日又是调休上班日"},
		{"twice", []workday.Override{hol("2026-02-16"), hol("2026-02-16")}, "2026-02-16重复填写"},
		{"no reason", []workday.Override{{Day: d("2026-02-16"), Kind: workday.Holiday, Reason: " "}}, "2026-02-16请填写名称"},
		{"long reason", []workday.Override{{Day: d("2026-02-16"), Kind: workday.Holiday, Reason: strings.Repeat("节", 21)}}, "不能超过 20 个字"},
		{"unknown kind", []workday.Override{{Day: d("2026-02-16"), Kind: "rest", Reason: "春节"}}, "类型应为“休”或“调休上班”"},
		{"no date", []workday.Override{{Kind: workday.Holiday, Reason: "春节"}}, "第 1 行未填写日期"},
	}
	for _, c := range cases {
		err := workday.Validate(c.days)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		fs := errs.FieldsOf(err)
		if !errs.Is(err, errs.Invalid) || len(fs) == 0 || fs[0].Field != "days" || !strings.Contains(errs.Message(err), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
	if err := workday.ValidateYear(2026, []workday.Override{hol("2027-01-01")}); !strings.Contains(errs.Message(err), "2027-01-01不在 2026 年内") {
		t.Errorf("ValidateYear out of year: %v", err)
	}
	if err := workday.ValidateYear(1999, nil); len(errs.FieldsOf(err)) != 1 || errs.FieldsOf(err)[0].Field != "year" {
		t.Errorf("ValidateYear(1999): %v", err)
	}
}
