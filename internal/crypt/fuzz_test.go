package crypt

import (
	"strings"
	"testing"
)

// FuzzOpen checks that Open never panics and never accepts a forgery. The
// only value ever sealed under the fixed fuzz key is benchValue for the
// field "member.mobile", so any other successful Open would be one.
func FuzzOpen(f *testing.F) {
	key := make([]byte, KeySize)
	sm, aes := mustNew(f, SM4GCM, key), mustNew(f, AESGCM, key)
	for _, c := range []*Cipher{sm, aes} {
		f.Add(c.Seal(benchValue, "member.mobile"), "member.mobile")
	}
	for _, s := range []string{"v1:", "v1:sm4-gcm:", "v1:aes-gcm:AAAA", "v2:x:y", ":", "v1::", "\xff"} {
		f.Add(s, "member.mobile")
	}
	f.Fuzz(func(t *testing.T, sealed, aad string) {
		for _, c := range []*Cipher{sm, aes} {
			plain, err := c.Open(sealed, aad)
			if err == nil {
				if sealed != "" && (plain != benchValue || aad != "member.mobile") {
					t.Fatalf("forgery opened: %q for %q → %q", sealed, aad, plain)
				}
				continue
			}
			// Short inputs may occur in any message by chance.
			if plain != "" || len(sealed) >= 16 && strings.Contains(err.Error(), sealed) {
				t.Fatalf("error %q or result %q leaks the input", err, plain)
			}
		}
	})
}
