package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"xieshang/internal/errs"
)

// MinPasswordLen is the least number of characters a password may have.
const MinPasswordLen = 8

// MaxPasswordLen bounds the work of hashing an attacker-chosen input.
const MaxPasswordLen = 128

// CheckPasswordPolicy returns an Invalid error naming field when pw is
// shorter than MinPasswordLen or mixes fewer than three of: lower-case
// letters, upper-case letters, digits, other characters.
func CheckPasswordPolicy(field, pw string) error {
	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLen {
		return errs.Field(field, fmt.Sprintf("密码至少需要 %d 个字符", MinPasswordLen))
	}
	if n > MaxPasswordLen {
		return errs.Field(field, fmt.Sprintf("密码不能超过 %d 个字符", MaxPasswordLen))
	}
	var lower, upper, digit, other bool
	for _, r := range pw {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		case unicode.IsSpace(r) || unicode.IsControl(r):
			return errs.Field(field, "密码不能包含空格或控制字符")
		default:
			other = true
		}
	}
	classes := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			classes++
		}
	}
	if classes < 3 {
		return errs.Field(field, "密码需包含大写字母、小写字母、数字、符号中的至少三类")
	}
	return nil
}

// argon2id parameters (RFC 9106 second recommendation, lowered memory for a
// 2-core server that must answer many logins: 19 MiB as OWASP suggests).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword returns an argon2id hash in PHC string form.
func HashPassword(pw string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// CheckPassword reports whether pw matches the PHC-encoded hash. A malformed
// hash never matches.
func CheckPassword(hash, pw string) bool {
	if len(pw) > MaxPasswordLen*4 {
		return false
	}
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != "v=19" {
		return false
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m > 64*1024 || t > 10 || p == 0 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(key) == 0 || len(key) > 64 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// dummyHash is checked against when the login name is unknown, so that the
// response time does not reveal which names exist.
var dummyHash = HashPassword("Xieshang-dummy-0")

// GeneratePassword returns a random password that satisfies the policy,
// from an alphabet without look-alike characters (older members read these
// from paper).
func GeneratePassword() string {
	const (
		lower  = "abcdefghjkmnpqrstuvwxyz"
		upper  = "ABCDEFGHJKMNPQRSTUVWXYZ"
		digits = "23456789"
	)
	sets := []string{upper, lower, lower, lower, digits, digits, digits, digits, lower, upper}
	b := make([]byte, len(sets))
	r := make([]byte, len(sets))
	rand.Read(r)
	for i, s := range sets {
		b[i] = s[int(r[i])%len(s)]
	}
	return string(b)
}

// RandomToken returns n random bytes encoded URL-safe.
func RandomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
