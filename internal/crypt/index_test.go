package crypt

import (
	"regexp"
	"testing"
)

func TestIndex(t *testing.T) {
	key := GenerateKey()
	sm, aes := mustNew(t, SM4GCM, key), mustNew(t, AESGCM, key)
	other := mustNew(t, SM4GCM, GenerateKey())

	a := sm.Index("mobile", "13800138000")
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(a) {
		t.Fatalf("index %q is not 64 hex digits", a)
	}
	if b := sm.Index("mobile", "13800138000"); b != a {
		t.Error("index is not deterministic")
	}
	if b := aes.Index("mobile", "13800138000"); b != a {
		t.Error("index depends on the sealing algorithm")
	}
	if b := sm.Index("mobile", " 138 0013-8000 "); b != a {
		t.Error("index does not normalise spaces and hyphens")
	}
	if b := sm.Index("id_number", "13800138000"); b == a {
		t.Error("index does not depend on kind")
	}
	if b := other.Index("mobile", "13800138000"); b == a {
		t.Error("index does not depend on the key")
	}
	if b := sm.Index("mobile", "13800138001"); b == a {
		t.Error("different values give the same index")
	}
	if sm.Index("mobilea", "b") == sm.Index("mobile", "ab") {
		t.Error("kind and value are not separated")
	}
	if x, X := sm.Index("id_number", "64990119800101001x"), sm.Index("id_number", "64990119800101001X"); x != X {
		t.Error("index is case-sensitive")
	}
	if e := sm.Index("mobile", " - "); e != "" {
		t.Errorf("blank value gives %q", e)
	}
}
