package account

import (
	"encoding/base32"
	"testing"
	"time"

	"xieshang/internal/errs"
)

func TestPasswordPolicy(t *testing.T) {
	tests := []struct {
		pw string
		ok bool
	}{
		{"", false},
		{"Ab1!", false},
		{"abcdefgh", false},
		{"abcdefg1", false},
		{"Abcdefg1", true},
		{"abcdef1!", true},
		{"ABCDEF1!", true},
		{"Abcdefg!", true},
		{"Abc defg1", false},
		{"密码密码Ab12", true}, // CJK counts as "other"
		{"12345678", false},
	}
	for _, tt := range tests {
		err := CheckPasswordPolicy("new_password", tt.pw)
		if (err == nil) != tt.ok {
			t.Errorf("CheckPasswordPolicy(%q) = %v, want ok=%v", tt.pw, err, tt.ok)
		}
		if err != nil && (errs.FieldsOf(err)[0].Field != "new_password" || !errs.Is(err, errs.Invalid)) {
			t.Errorf("error does not name the field: %v", err)
		}
	}
}

func TestHashAndCheck(t *testing.T) {
	h := HashPassword("Correct-Horse-1")
	if !CheckPassword(h, "Correct-Horse-1") {
		t.Fatal("right password refused")
	}
	for _, bad := range []string{"correct-horse-1", "", "Correct-Horse-1 "} {
		if CheckPassword(h, bad) {
			t.Errorf("wrong password %q accepted", bad)
		}
	}
	for _, bad := range []string{"", "$argon2id$", "plain", "$argon2id$v=19$m=99999999,t=1,p=1$AAAA$AAAA"} {
		if CheckPassword(bad, "x") {
			t.Errorf("malformed hash %q matched", bad)
		}
	}
	if HashPassword("same-Pw-1") == HashPassword("same-Pw-1") {
		t.Error("hashes are not salted")
	}
}

func TestGeneratePasswordMeetsPolicy(t *testing.T) {
	for range 200 {
		if err := CheckPasswordPolicy("p", GeneratePassword()); err != nil {
			t.Fatal(err)
		}
	}
}

// TestTOTPRFC6238 checks the SHA-1 vectors of RFC 6238 appendix B (last six
// digits).
func TestTOTPRFC6238(t *testing.T) {
	secret := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte("12345678901234567890"))
	vectors := []struct {
		unix int64
		code string
	}{
		{59, "287082"}, {1111111109, "081804"}, {1111111111, "050471"}, {1234567890, "005924"},
		{2000000000, "279037"}, {20000000000, "353130"},
	}
	for _, v := range vectors {
		got, err := TOTPCode(secret, TOTPStep(time.Unix(v.unix, 0)))
		if err != nil || got != v.code {
			t.Errorf("TOTP at %d = %s, %v; want %s", v.unix, got, err, v.code)
		}
	}
}

func TestMatchTOTP(t *testing.T) {
	secret := NewTOTPSecret()
	now := time.Date(2026, 11, 30, 8, 0, 10, 0, time.UTC)
	cur := TOTPStep(now)
	code := func(s int64) string { c, _ := TOTPCode(secret, s); return c }
	tests := []struct {
		name     string
		code     string
		lastStep int64
		ok       bool
	}{
		{"current", code(cur), 0, true},
		{"previous step (drift)", code(cur - 1), 0, true},
		{"next step (drift)", code(cur + 1), 0, true},
		{"two steps old", code(cur - 2), 0, false},
		{"replayed", code(cur), cur, false},
		{"wrong", "000000", 0, code(cur) == "000000"},
		{"short", "12345", 0, false},
		{"letters", "abcdef", 0, false},
	}
	for _, tt := range tests {
		if _, ok := MatchTOTP(secret, tt.code, now, tt.lastStep); ok != tt.ok {
			t.Errorf("%s: ok = %v", tt.name, ok)
		}
	}
}
