// Package crypt encrypts sensitive fields at rest (mobile numbers, identity
// numbers) and computes blind indexes, so that a column can carry a UNIQUE
// index and be searched by equality without being decrypted.
//
// A sealed value is text: "v1:<alg>:" followed by the unpadded base64url
// encoding of a random 12-byte nonce and the AEAD ciphertext with its tag.
// <alg> is "sm4-gcm" (国密 SM4 in GCM mode) or "aes-gcm" (AES-256-GCM). The
// keys of both algorithms are derived from the same master key, so values
// sealed under one algorithm still open after the configuration switches to
// the other: the prefix of each value decides.
//
// Subkeys are derived from the 32-byte master key with HKDF over SM3, one
// per purpose (SM4 key, AES key, index key). Blind indexes are always
// HMAC-SM3, whatever algorithm seals the values, so that switching the
// algorithm leaves every stored index valid, and a deployment that must use
// 国密 (SM3/SM4) for stored sensitive fields uses nothing else.
package crypt

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
)

// Algorithms accepted by New and named in sealed values.
const (
	SM4GCM = "sm4-gcm" // SM4 (GB/T 32907) in GCM mode, 16-byte key; the default
	AESGCM = "aes-gcm" // AES-256 in GCM mode
)

// KeySize is the length in bytes of a master key.
const KeySize = 32

const version = "v1"

// Errors returned by Open, wrapped with the name of the field (the aad).
// None of them ever carries the plaintext or the sealed value.
var (
	ErrFormat    = errors.New("crypt: malformed sealed value")
	ErrVersion   = errors.New("crypt: unknown sealed-value version")
	ErrAlgorithm = errors.New("crypt: unknown algorithm")
	ErrAuth      = errors.New("crypt: cannot decrypt: wrong key, wrong field or altered data")
)

// Cipher seals and opens field values and computes blind indexes. It is safe
// for concurrent use.
type Cipher struct {
	alg      string
	sm4, aes cipher.AEAD
	indexKey []byte
}

// New returns a Cipher that seals with alg (SM4GCM or AESGCM) and opens
// values sealed with either. master must be KeySize bytes, such as those
// returned by GenerateKey or LoadKey.
func New(alg string, master []byte) (*Cipher, error) {
	if alg != SM4GCM && alg != AESGCM {
		return nil, fmt.Errorf("%w %q: want %q or %q", ErrAlgorithm, alg, SM4GCM, AESGCM)
	}
	if len(master) != KeySize {
		return nil, fmt.Errorf("crypt: master key must be %d bytes, got %d", KeySize, len(master))
	}
	c := &Cipher{alg: alg}
	var err error
	if c.sm4, err = newAEAD(master, SM4GCM, 16, sm4.NewCipher); err != nil {
		return nil, err
	}
	if c.aes, err = newAEAD(master, AESGCM, 32, aes.NewCipher); err != nil {
		return nil, err
	}
	if c.indexKey, err = subkey(master, "index hmac-sm3", 32); err != nil {
		return nil, err
	}
	return c, nil
}

func newAEAD(master []byte, alg string, size int, block func([]byte) (cipher.Block, error)) (cipher.AEAD, error) {
	key, err := subkey(master, "encryption "+alg, size)
	if err != nil {
		return nil, err
	}
	b, err := block(key)
	if err != nil {
		return nil, fmt.Errorf("crypt: %s: %w", alg, err)
	}
	return cipher.NewGCM(b)
}

// subkey derives the key for purpose from master. The info string names the
// format version, so a future v2 never reuses a v1 key.
func subkey(master []byte, purpose string, size int) ([]byte, error) {
	k, err := hkdf.Key(sm3.New, master, nil, "xieshang crypt "+version+" "+purpose, size)
	if err != nil {
		return nil, fmt.Errorf("crypt: derive %s key: %w", purpose, err)
	}
	return k, nil
}

// Alg returns the algorithm Seal uses.
func (c *Cipher) Alg() string { return c.alg }

// Seal encrypts plaintext for the field named by aad (such as
// "member.mobile") and returns the sealed text. Opening it needs the same
// aad, so a value copied into another field does not open. An empty
// plaintext gives "", so optional fields stay empty.
func (c *Cipher) Seal(plaintext, aad string) string {
	if plaintext == "" {
		return ""
	}
	a := c.aead(c.alg)
	header := version + ":" + c.alg + ":"
	n := a.NonceSize()
	buf := make([]byte, n, n+len(plaintext)+a.Overhead())
	rand.Read(buf) // never fails; crypto/rand crashes the program instead
	buf = a.Seal(buf, buf[:n], []byte(plaintext), additional(header, aad))
	return header + base64.RawURLEncoding.EncodeToString(buf)
}

// Open decrypts a value returned by Seal with the same aad and master key,
// whichever algorithm sealed it. "" opens to "". It returns an error that
// wraps ErrFormat, ErrVersion, ErrAlgorithm or ErrAuth (tampered data, wrong
// key or wrong aad); the error names the aad but never the value.
func (c *Cipher) Open(sealed, aad string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	v, rest, ok := strings.Cut(sealed, ":")
	if !ok {
		return "", fmt.Errorf("%w (field %q)", ErrFormat, aad)
	}
	if v != version {
		return "", fmt.Errorf("%w (field %q)", ErrVersion, aad)
	}
	alg, body, ok := strings.Cut(rest, ":")
	if !ok {
		return "", fmt.Errorf("%w (field %q)", ErrFormat, aad)
	}
	a := c.aead(alg)
	if a == nil {
		return "", fmt.Errorf("%w (field %q)", ErrAlgorithm, aad)
	}
	// Strict decoding makes the text canonical: two different strings never
	// decode to the same bytes.
	raw, err := base64.RawURLEncoding.Strict().DecodeString(body)
	if err != nil || len(raw) < a.NonceSize()+a.Overhead() {
		return "", fmt.Errorf("%w (field %q)", ErrFormat, aad)
	}
	n := a.NonceSize()
	plain, err := a.Open(nil, raw[:n], raw[n:], additional(version+":"+alg+":", aad))
	if err != nil {
		return "", fmt.Errorf("%w (field %q)", ErrAuth, aad)
	}
	return string(plain), nil
}

// IsSealed reports whether s has the form of a sealed value, as opposed to
// a plaintext left from before encryption was turned on. It does not check
// that s opens.
func IsSealed(s string) bool { return strings.HasPrefix(s, version+":") }

func (c *Cipher) aead(alg string) cipher.AEAD {
	switch alg {
	case SM4GCM:
		return c.sm4
	case AESGCM:
		return c.aes
	}
	return nil
}

// additional binds the version and algorithm to the ciphertext along with
// the caller's aad. header has a fixed form ending in ':', so the
// concatenation is unambiguous.
func additional(header, aad string) []byte {
	return []byte(header + aad)
}
