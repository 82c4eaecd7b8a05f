package workday

import (
	"strings"
	"testing"

	"xieshang/internal/errs"
)

func TestParseLines(t *testing.T) {
	tests := []struct {
		in   string
		want string // FormatLines of the result, or the error's text
	}{
		{"2026-02-15 休 春节\n2026-02-14 班", "2026-02-15 休 春节\n2026-02-14 班\n"},
		{"# 春节\n\n2026/2/15　放假　春节 假期\n2026年2月28日 调休上班", "2026-02-15 休 春节 假期\n2026-02-28 班\n"},
		{"2026.10.01 休", "2026-10-01 休 节假日\n"},
		{"2026-02-30 休 春节", "第 1 行的日期“2026-02-30”无法识别"},
		{"二月十五 休", "第 1 行的日期“二月十五”无法识别"},
		{"2026-02-15", "第 1 行缺少“休”或“班”"},
		{"2026-02-15 春节", "第 1 行应写“休”或“班”"},
		{"2026-02-15 休\n\n2026-13-01 班", "第 3 行"},
	}
	for _, tt := range tests {
		days, err := ParseLines(tt.in)
		got := FormatLines(days)
		if err != nil {
			if fs := errs.FieldsOf(err); len(fs) == 0 || fs[0].Field != "days" {
				t.Errorf("%q: error without the days field: %v", tt.in, err)
			}
			got = errs.Message(err)
		}
		if !strings.Contains(got, tt.want) {
			t.Errorf("ParseLines(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// What FormatLines writes, ParseLines reads back unchanged.
	shipped := Shipped(2026)
	back, err := ParseLines(FormatLines(shipped))
	if err != nil || FormatLines(back) != FormatLines(shipped) {
		t.Errorf("round trip: %v", err)
	}
}
