package idcard

import (
	"strings"
	"testing"
	"time"

	"xieshang/internal/errs"
)

func withCheck(first17 string) string {
	c, _ := CheckChar(first17)
	return first17 + string(c)
}

func TestParse(t *testing.T) {
	// 11010519491231002X is the well-known sample number of GB 11643.
	tests := []struct {
		in     string
		ok     bool
		birth  string
		male   bool
		reason string
	}{
		{"11010519491231002X", true, "1949-12-31", false, ""},
		{"11010519491231002x", true, "1949-12-31", false, ""},
		{" 11010519491231002X ", true, "1949-12-31", false, ""},
		{"110105194912310021", false, "", false, "校验位"},
		{"11010519491231002", false, "", false, "18 位"},
		{"1101051949123100AX", false, "", false, "数字"},
		{withCheck("11010519490230002"), false, "", false, "出生日期"},
		{withCheck("01010519490101002"), false, "", false, "地区码"},
		{withCheck("11010520261301002"), false, "", false, "出生日期"},
		{"", false, "", false, "18 位"},
	}
	for _, tt := range tests {
		info, err := Parse("id_number", tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("Parse(%q) = %v", tt.in, err)
			continue
		}
		if err != nil {
			if fs := errs.FieldsOf(err); len(fs) != 1 || fs[0].Field != "id_number" || !strings.Contains(fs[0].Message, tt.reason) {
				t.Errorf("Parse(%q) error %v, want reason %q", tt.in, err, tt.reason)
			}
			continue
		}
		if info.Birth.Format("2006-01-02") != tt.birth || info.Male != tt.male || info.Region != "110105" {
			t.Errorf("Parse(%q) = %+v", tt.in, info)
		}
	}
}

func TestMakeRoundTrips(t *testing.T) {
	birth := time.Date(1965, 3, 8, 0, 0, 0, 0, time.UTC)
	for seq := range 600 {
		for _, male := range []bool{true, false} {
			id := Make("640202", birth, male, seq)
			info, err := Parse("id", id)
			if err != nil || info.Male != male || !info.Birth.Equal(birth) {
				t.Fatalf("Make(%d, %v) = %s: %+v %v", seq, male, id, info, err)
			}
		}
	}
}

func TestMask(t *testing.T) {
	for in, want := range map[string]string{"11010519491231002X": "1101**********002X", "12345": "*2345", "": ""} {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "", "000000000000000000", "99999999999999999X", "１１０１"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		info, err := Parse("id", s)
		if err != nil {
			if len(errs.FieldsOf(err)) != 1 {
				t.Fatalf("error without field: %v", err)
			}
			return
		}
		// Whatever is accepted re-makes to itself.
		up := strings.ToUpper(strings.TrimSpace(s))
		c, _ := CheckChar(up[:17])
		if c != up[17] || info.Birth.Format("20060102") != up[6:14] {
			t.Fatalf("accepted inconsistent %q", s)
		}
	})
}
