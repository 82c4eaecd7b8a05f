package mask

import (
	"strings"
	"testing"
)

func TestMobile(t *testing.T) {
	tests := map[string]string{
		"13812345678":    "138****5678",
		"":               "",
		"123":            "****",
		"1381234567":     "****67",
		"1381234567x":    "****7x",
		"+8613812345678": "****78",
	}
	for in, want := range tests {
		if got := Mobile(in); got != want {
			t.Errorf("Mobile(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzMobile(f *testing.F) {
	f.Add("13812345678")
	f.Add("abc")
	f.Fuzz(func(t *testing.T, m string) {
		got := Mobile(m)
		if len(m) >= 7 && strings.Contains(got, m[:7]) {
			t.Fatalf("Mobile(%q) = %q shows the first seven characters", m, got)
		}
	})
}
