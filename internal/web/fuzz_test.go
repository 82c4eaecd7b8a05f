package web

import (
	"strings"
	"testing"

	"xieshang/internal/errs"
)

// FuzzSafeNext checks the post-login redirect never leaves the site.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"", "/", "/tokens", "//evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.HasPrefix(got, "/\\") {
			t.Fatalf("safeNext(%q) = %q", next, got)
		}
	})
}

// FuzzParseDay checks the date filter parser: no panic, errors name the
// field.
func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"", "2026-01-31", "2026-02-30", "2026/01/01", "9999-99-99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if _, err := parseDay("from", v); err != nil {
			if fs := errs.FieldsOf(err); len(fs) != 1 || fs[0].Field != "from" {
				t.Fatalf("error without field: %v", err)
			}
		}
	})
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{"": "/", "/tokens?x=1": "/tokens?x=1", "//evil": "/", "http://evil": "/", "/\\evil": "/"} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
