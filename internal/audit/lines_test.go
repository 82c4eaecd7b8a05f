package audit

import (
	"slices"
	"testing"
)

func TestLines(t *testing.T) {
	labels := map[string]string{"name": "姓名", "party": "党派"}
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"{}", nil},
		{`{"name":{"old":"张三","new":"张叁"}}`, []string{"姓名:张三 → 张叁"}},
		{`{"zeta":{"new":1},"party":{"new":"民盟"},"name":{"old":"甲","new":""}}`, []string{"姓名:甲 → (空)", "党派:民盟", "zeta:1"}},
		{`{"mobile":{"old":"[已隐藏]","new":"[已隐藏]"}}`, []string{"mobile:[已隐藏] → [已隐藏]"}},
		{`not json`, []string{"not json"}},
	}
	for _, tt := range tests {
		if got := Lines(tt.in, labels); !slices.Equal(got, tt.want) {
			t.Errorf("Lines(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
