package workday

import (
	"strconv"
	"strings"
	"time"

	"xieshang/internal/errs"
)

// FormatLines writes days one per line in the form ParseLines reads:
// "2026-02-15 休 春节" or "2026-02-14 班".
func FormatLines(days []Override) string {
	var b strings.Builder
	for _, d := range days {
		b.WriteString(FormatDay(d.Day))
		if d.Kind == Workday {
			b.WriteString(" 班")
		} else {
			b.WriteString(" 休")
		}
		if d.Reason != "" && d.Reason != d.Kind.Name() {
			b.WriteString(" " + d.Reason)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// ParseLines reads one override per line: a date (2026-02-15, 2026/2/15 or
// 2026年2月15日), then 休 (a holiday; also 假, 放假) or 班 (a make-up
// workday; also 上班, 调休上班), then optionally the festival's name.
// Blank lines and lines starting with # are skipped; full-width spaces are
// spaces. Every bad line is reported with its number, on the field "days".
func ParseLines(text string) ([]Override, error) {
	var out []Override
	var c errs.Check
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(strings.ReplaceAll(line, "\u3000", " "))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		where := "第 " + strconv.Itoa(i+1) + " 行"
		day, ok := parseDay(fields[0])
		if !ok {
			c.Add("days", where+"的日期“"+fields[0]+"”无法识别,应写作 2026-02-15")
			continue
		}
		if len(fields) < 2 {
			c.Add("days", where+"缺少“休”或“班”")
			continue
		}
		o := Override{Day: day}
		switch fields[1] {
		case "休", "假", "放假", "休息":
			o.Kind = Holiday
		case "班", "上班", "调休上班", "补班":
			o.Kind, o.Reason = Workday, Workday.Name()
		default:
			c.Add("days", where+"应写“休”或“班”,而不是“"+fields[1]+"”")
			continue
		}
		if len(fields) > 2 {
			o.Reason = strings.Join(fields[2:], " ")
		}
		if o.Kind == Holiday && o.Reason == "" {
			o.Reason = "节假日"
		}
		out = append(out, o)
	}
	return out, c.Err()
}

// parseDay reads 2026-02-15, 2026/2/15, 2026.2.15 or 2026年2月15日.
func parseDay(s string) (time.Time, bool) {
	s = strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-").Replace(s)
	parts := strings.Split(s, "-")
	if len(parts) != 3 {
		return time.Time{}, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return time.Time{}, false
		}
		n[i] = v
	}
	d := Date(n[0], time.Month(n[1]), n[2])
	if d.Year() != n[0] || int(d.Month()) != n[1] || d.Day() != n[2] {
		return time.Time{}, false // 2026-02-30
	}
	return d, true
}
