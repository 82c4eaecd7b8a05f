package crypt

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestGenerateAndLoadKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "demo.key")
	key, err := GenerateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(key) != KeySize {
		t.Fatalf("key of %d bytes", len(key))
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %04o, want 0600", info.Mode().Perm())
	}
	got, err := LoadKey(envOf(map[string]string{EnvKeyFile: path}))
	if err != nil || !bytes.Equal(got, key) {
		t.Fatalf("LoadKey = %x, %v; want %x", got, err, key)
	}
	if _, err := GenerateKeyFile(path); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second GenerateKeyFile: %v, want fs.ErrExist", err)
	}
	if again, _ := ReadKeyFile(path); !bytes.Equal(again, key) {
		t.Fatal("GenerateKeyFile replaced an existing key")
	}
}

func TestKeyFilePermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permissions")
	}
	path := filepath.Join(t.TempDir(), "k")
	if _, err := GenerateKeyFile(path); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []fs.FileMode{0o640, 0o604, 0o644, 0o620} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		_, err := LoadKey(envOf(map[string]string{EnvKeyFile: path}))
		if err == nil || !strings.Contains(err.Error(), "chmod 600") {
			t.Errorf("mode %04o: %v, want a refusal that says chmod 600", mode, err)
		}
	}
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadKeyFile(path); err != nil {
		t.Errorf("mode 0400: %v", err)
	}
	if _, err := ReadKeyFile(filepath.Dir(path)); err == nil {
		t.Error("a directory was accepted as a key file")
	}
}

func TestLoadKeyFromEnv(t *testing.T) {
	key := GenerateKey()
	for _, text := range []string{
		EncodeKey(key),
		" " + EncodeKey(key) + "\n",
		base64.RawStdEncoding.EncodeToString(key),
		base64.RawURLEncoding.EncodeToString(key),
	} {
		got, err := LoadKey(envOf(map[string]string{EnvKey: text}))
		if err != nil || !bytes.Equal(got, key) {
			t.Errorf("LoadKey(%q) = %x, %v", text, got, err)
		}
	}
	secret := "not base64 but secret!"
	for name, env := range map[string]map[string]string{
		"none":    {},
		"both":    {EnvKey: EncodeKey(key), EnvKeyFile: "/nonexistent"},
		"short":   {EnvKey: EncodeKey(key[:16])},
		"garbage": {EnvKey: secret},
		"no file": {EnvKeyFile: filepath.Join(t.TempDir(), "missing")},
	} {
		_, err := LoadKey(envOf(env))
		if err == nil {
			t.Errorf("%s: no error", name)
		} else if strings.Contains(err.Error(), secret) {
			t.Errorf("%s: error quotes the key text: %v", name, err)
		}
	}
	if _, err := LoadKey(envOf(nil)); !errors.Is(err, ErrNoKey) {
		t.Errorf("no key: %v, want ErrNoKey", err)
	}
}

func TestAlgorithmAndFromEnv(t *testing.T) {
	for in, want := range map[string]string{"": SM4GCM, "sm4-gcm": SM4GCM, " AES-GCM ": AESGCM} {
		if got, err := Algorithm(envOf(map[string]string{EnvAlg: in})); got != want || err != nil {
			t.Errorf("Algorithm(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := Algorithm(envOf(map[string]string{EnvAlg: "sm4-cbc"})); err == nil {
		t.Error("unknown algorithm accepted")
	}
	key := EncodeKey(GenerateKey())
	c, err := FromEnv(envOf(map[string]string{EnvKey: key, EnvAlg: AESGCM}))
	if err != nil || c.Alg() != AESGCM {
		t.Fatalf("FromEnv: %v, %v", c, err)
	}
	if _, err := FromEnv(envOf(map[string]string{EnvKey: key, EnvAlg: "rot13"})); err == nil {
		t.Error("FromEnv accepted an unknown algorithm")
	}
}
