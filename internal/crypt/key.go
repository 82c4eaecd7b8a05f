package crypt

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Environment variables read by LoadKey, Algorithm and FromEnv.
const (
	EnvKey     = "XIESHANG_KEY"      // base64 of the 32-byte master key
	EnvKeyFile = "XIESHANG_KEY_FILE" // path of a file holding that base64 text, mode 0600
	EnvAlg     = "XIESHANG_CRYPTO"   // "sm4-gcm" (default) or "aes-gcm"
)

// ErrNoKey is returned by LoadKey when neither EnvKey nor EnvKeyFile is set.
var ErrNoKey = errors.New("crypt: no master key: set " + EnvKey + " or " + EnvKeyFile)

// GenerateKey returns a new random master key.
func GenerateKey() []byte {
	k := make([]byte, KeySize)
	rand.Read(k) // never fails; crypto/rand crashes the program instead
	return k
}

// EncodeKey returns key in the text form LoadKey reads: standard base64
// with padding.
func EncodeKey(key []byte) string { return base64.StdEncoding.EncodeToString(key) }

// DecodeKey parses the base64 text of a master key (standard or URL
// alphabet, padded or not, surrounding white space ignored). Its errors
// never quote the text.
func DecodeKey(text string) ([]byte, error) {
	text = strings.TrimSpace(text)
	for _, enc := range []*base64.Encoding{
		base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding,
	} {
		if k, err := enc.DecodeString(text); err == nil {
			if len(k) != KeySize {
				return nil, fmt.Errorf("crypt: master key must be %d bytes, got %d", KeySize, len(k))
			}
			return k, nil
		}
	}
	return nil, errors.New("crypt: master key is not valid base64")
}

// LoadKey returns the master key named by the environment, read through env
// (os.Getenv in production): the base64 text in EnvKey, or the file named
// by EnvKeyFile. Setting both is an error, and so is a key file that group
// or others may read or write. It returns ErrNoKey when neither is set.
func LoadKey(env func(string) string) ([]byte, error) {
	text, file := env(EnvKey), env(EnvKeyFile)
	switch {
	case text != "" && file != "":
		return nil, fmt.Errorf("crypt: set only one of %s and %s", EnvKey, EnvKeyFile)
	case text != "":
		k, err := DecodeKey(text)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", EnvKey, err)
		}
		return k, nil
	case file != "":
		return ReadKeyFile(file)
	}
	return nil, ErrNoKey
}

// ReadKeyFile returns the master key stored in base64 in the file at path.
// It refuses a file that is not a regular file or whose mode lets group or
// others read or write it (on Windows the mode is not checked).
func ReadKeyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("crypt: key file: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("crypt: key file: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("crypt: key file %s is not a regular file", path)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return nil, fmt.Errorf("crypt: key file %s has mode %04o, so other users may read it; run: chmod 600 %s",
			path, perm, path)
	}
	text, err := io.ReadAll(io.LimitReader(f, 1024))
	if err != nil {
		return nil, fmt.Errorf("crypt: key file %s: %w", path, err)
	}
	k, err := DecodeKey(string(text))
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	return k, nil
}

// GenerateKeyFile writes a new master key to a new file at path with mode
// 0600, creating missing parent directories with mode 0700, and returns the
// key. It fails, with an error matching fs.ErrExist, if the file exists, so
// it never replaces a key that encrypted data may depend on.
func GenerateKeyFile(path string) ([]byte, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("crypt: key file: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("crypt: key file: %w", err)
	}
	key := GenerateKey()
	_, err = f.WriteString(EncodeKey(key) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("crypt: key file %s: %w", path, err)
	}
	return key, nil
}

// Algorithm returns the sealing algorithm named by EnvAlg, SM4GCM when it
// is unset.
func Algorithm(env func(string) string) (string, error) {
	switch a := strings.ToLower(strings.TrimSpace(env(EnvAlg))); a {
	case "":
		return SM4GCM, nil
	case SM4GCM, AESGCM:
		return a, nil
	default:
		return "", fmt.Errorf("crypt: %s=%q: want %q or %q", EnvAlg, a, SM4GCM, AESGCM)
	}
}

// FromEnv returns the Cipher configured by the environment: the algorithm
// of Algorithm and the key of LoadKey.
func FromEnv(env func(string) string) (*Cipher, error) {
	alg, err := Algorithm(env)
	if err != nil {
		return nil, err
	}
	key, err := LoadKey(env)
	if err != nil {
		return nil, err
	}
	return New(alg, key)
}
