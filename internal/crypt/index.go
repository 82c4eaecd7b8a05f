package crypt

import (
	"crypto/hmac"
	"encoding/binary"
	"encoding/hex"
	"strings"
	"unicode"

	"github.com/emmansun/gmsm/sm3"
)

// Index returns the blind index of value for kind (such as "mobile" or
// "id_number"): the lowercase hex HMAC-SM3, under a key derived from the
// master key, of kind and the normalised value. It is deterministic for a
// master key, differs between kinds and between keys, and reveals nothing
// about value without the key. Use it for UNIQUE constraints and for
// equality lookups ("the member with this mobile").
//
// Normalisation removes white space and hyphens and upper-cases letters, so
// "138 0013-8000" and "13800138000", or an identity number ending in x or X,
// index alike. Callers canonicalise anything format-specific (such as a +86
// prefix) before. A value that normalises to "" gives "", which a store
// should keep as NULL so that empty optional fields do not collide.
func (c *Cipher) Index(kind, value string) string {
	v := Normalize(value)
	if v == "" {
		return ""
	}
	m := hmac.New(sm3.New, c.indexKey)
	// The length prefix keeps ("ab", "c") and ("a", "bc") apart.
	m.Write(binary.AppendUvarint(nil, uint64(len(kind))))
	m.Write([]byte(kind))
	m.Write([]byte(v))
	return hex.EncodeToString(m.Sum(nil))
}

// Normalize returns value as Index sees it: without white space or hyphens,
// letters upper-cased.
func Normalize(value string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' {
			return -1
		}
		return unicode.ToUpper(r)
	}, value)
}
