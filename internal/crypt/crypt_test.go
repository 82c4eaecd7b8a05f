package crypt

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

var algs = []string{SM4GCM, AESGCM}

func mustNew(t testing.TB, alg string, key []byte) *Cipher {
	t.Helper()
	c, err := New(alg, key)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRoundTrip(t *testing.T) {
	key := GenerateKey()
	for _, alg := range algs {
		c := mustNew(t, alg, key)
		for _, plain := range []string{"13800138000", "64990119800101001X", "张", strings.Repeat("长", 1000)} {
			s := c.Seal(plain, "member.mobile")
			if !strings.HasPrefix(s, "v1:"+alg+":") || !IsSealed(s) {
				t.Fatalf("%s: sealed %q has no prefix", alg, s)
			}
			if strings.Contains(s, plain) {
				t.Fatalf("%s: sealed text contains the plaintext", alg)
			}
			got, err := c.Open(s, "member.mobile")
			if err != nil || got != plain {
				t.Fatalf("%s: Open = %q, %v; want %q", alg, got, err, plain)
			}
		}
	}
}

func TestSealIsRandomised(t *testing.T) {
	c := mustNew(t, SM4GCM, GenerateKey())
	if a, b := c.Seal("13800138000", "f"), c.Seal("13800138000", "f"); a == b {
		t.Fatal("two seals of the same value are equal")
	}
}

func TestEmptyStaysEmpty(t *testing.T) {
	for _, alg := range algs {
		c := mustNew(t, alg, GenerateKey())
		if s := c.Seal("", "member.mobile"); s != "" {
			t.Fatalf("%s: Seal(\"\") = %q", alg, s)
		}
		if p, err := c.Open("", "member.mobile"); p != "" || err != nil {
			t.Fatalf("%s: Open(\"\") = %q, %v", alg, p, err)
		}
	}
}

func TestOpenAfterAlgorithmSwitch(t *testing.T) {
	key := GenerateKey()
	sm, aes := mustNew(t, SM4GCM, key), mustNew(t, AESGCM, key)
	for _, tc := range []struct{ seal, open *Cipher }{{sm, aes}, {aes, sm}} {
		got, err := tc.open.Open(tc.seal.Seal("13800138000", "member.mobile"), "member.mobile")
		if err != nil || got != "13800138000" {
			t.Fatalf("sealed with %s, opened with %s: %q, %v", tc.seal.Alg(), tc.open.Alg(), got, err)
		}
	}
}

func TestOpenRejects(t *testing.T) {
	const plain, aad = "13800138000", "member.mobile"
	key := GenerateKey()
	for _, alg := range algs {
		c := mustNew(t, alg, key)
		sealed := c.Seal(plain, aad)
		prefix := "v1:" + alg + ":"
		raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(sealed, prefix))
		if err != nil {
			t.Fatal(err)
		}
		flipped := func(i int) string {
			b := bytes.Clone(raw)
			b[i] ^= 0x01
			return prefix + base64.RawURLEncoding.EncodeToString(b)
		}
		other := "aes-gcm"
		if alg == AESGCM {
			other = SM4GCM
		}
		tests := []struct {
			name   string
			c      *Cipher
			sealed string
			aad    string
			want   error
		}{
			{"nonce flipped", c, flipped(0), aad, ErrAuth},
			{"ciphertext flipped", c, flipped(12), aad, ErrAuth},
			{"tag flipped", c, flipped(len(raw) - 1), aad, ErrAuth},
			{"wrong key", mustNew(t, alg, GenerateKey()), sealed, aad, ErrAuth},
			{"wrong aad", c, sealed, "member.id_number", ErrAuth},
			{"other algorithm in prefix", c, "v1:" + other + ":" + strings.TrimPrefix(sealed, prefix), aad, ErrAuth},
			{"truncated", c, sealed[:len(sealed)-4], aad, ErrAuth},
			{"too short", c, prefix + "AAAA", aad, ErrFormat},
			{"not base64", c, prefix + "!!!!", aad, ErrFormat},
			{"plaintext", c, plain, aad, ErrFormat},
			{"no algorithm", c, "v1:" + plain, aad, ErrFormat},
			{"unknown version", c, "v2:" + strings.TrimPrefix(sealed, "v1:"), aad, ErrVersion},
			{"unknown algorithm", c, "v1:des-cbc:" + strings.TrimPrefix(sealed, prefix), aad, ErrAlgorithm},
		}
		for _, tt := range tests {
			got, err := tt.c.Open(tt.sealed, tt.aad)
			if !errors.Is(err, tt.want) {
				t.Errorf("%s, %s: Open = %q, %v; want %v", alg, tt.name, got, err, tt.want)
				continue
			}
			if got != "" || strings.Contains(err.Error(), plain) || strings.Contains(err.Error(), tt.sealed) {
				t.Errorf("%s, %s: result %q or error %q leaks the value", alg, tt.name, got, err)
			}
		}
	}
}

func TestNewRejects(t *testing.T) {
	if _, err := New("des", GenerateKey()); !errors.Is(err, ErrAlgorithm) {
		t.Errorf("unknown algorithm: %v", err)
	}
	if _, err := New(SM4GCM, make([]byte, 16)); err == nil {
		t.Error("short key accepted")
	}
}
