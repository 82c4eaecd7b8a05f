package account

import (
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzCheckPassword feeds arbitrary stored hashes: the PHC parser must never
// panic, and must accept only well-formed argon2id strings.
func FuzzCheckPassword(f *testing.F) {
	f.Add(HashPassword("Seed-Pass-1"), "Seed-Pass-1")
	f.Add("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$a2V5", "x")
	f.Add("$argon2id$v=19$m=0,t=0,p=0$$", "")
	f.Add("$$$$$$", "pw")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		CheckPassword(hash, pw)
	})
}

// FuzzPasswordPolicy checks that whatever the policy accepts is long enough
// and valid text.
func FuzzPasswordPolicy(f *testing.F) {
	for _, s := range []string{"", "Abcdefg1", "密码密码Ab12", "\x00\x01", "aaaaaaaaaaaa"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pw string) {
		if CheckPasswordPolicy("p", pw) == nil && utf8.RuneCountInString(pw) < MinPasswordLen {
			t.Fatalf("accepted short password %q", pw)
		}
	})
}

// FuzzMatchTOTP feeds arbitrary secrets and codes: no panic, and a match is
// only ever reported for a 6-digit code.
func FuzzMatchTOTP(f *testing.F) {
	f.Add("JBSWY3DPEHPK3PXP", "123456", int64(0))
	f.Add("not base32!", "000000", int64(-1))
	f.Add("", "", int64(1<<62))
	now := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, secret, code string, last int64) {
		if _, ok := MatchTOTP(secret, code, now, last); ok && len(code) < 6 {
			t.Fatalf("matched short code %q", code)
		}
	})
}
