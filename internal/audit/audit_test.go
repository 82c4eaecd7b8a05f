package audit

import (
	"strings"
	"testing"
	"time"
)

func chain(n int) []Stored {
	var out []Stored
	prev := ""
	for i := 1; i <= n; i++ {
		e := Entry{Seq: int64(i), At: time.Date(2026, 1, 2, 3, 4, 5, i*1000, time.UTC), ActorID: 7, ActorName: "张三",
			Role: "sys_admin", CommitteeID: 1, Action: "user.update", ObjectType: "user", ObjectID: "9", PrevHash: prev}
		cj := ChangesJSON(map[string]Change{"name": {Old: "a", New: "b"}})
		e.Hash = ComputeHash(e, cj)
		prev = e.Hash
		out = append(out, Stored{e, cj})
	}
	return out
}

func verify(entries []Stored, headSeq int64, headHash string) []Problem {
	var v Verifier
	for _, s := range entries {
		v.Add(s)
	}
	v.Finish(headSeq, headHash)
	return v.Problems
}

func TestVerify(t *testing.T) {
	good := chain(5)
	head := good[4]
	tests := []struct {
		name    string
		mutate  func([]Stored) []Stored
		wantSeq int64 // 0: no problem
		reason  string
	}{
		{"intact", func(s []Stored) []Stored { return s }, 0, ""},
		{"altered content", func(s []Stored) []Stored { s[2].ObjectID = "10"; return s }, 3, "被修改"},
		{"altered changes", func(s []Stored) []Stored { s[1].ChangesJSON = `{"name":{"old":"a","new":"c"}}`; return s }, 2, "被修改"},
		{"deleted middle", func(s []Stored) []Stored { return append(s[:2:2], s[3:]...) }, 4, "删除"},
		{"deleted tail", func(s []Stored) []Stored { return s[:4] }, 5, "链尾"},
		{"rehashed forgery", func(s []Stored) []Stored {
			s[1].ActorName = "李四"
			s[1].Hash = ComputeHash(s[1].Entry, s[1].ChangesJSON)
			return s
		}, 3, "链接"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries := tt.mutate(chain(5))
			probs := verify(entries, head.Seq, head.Hash)
			if tt.wantSeq == 0 {
				if len(probs) != 0 {
					t.Fatalf("problems on intact chain: %v", probs)
				}
				return
			}
			if len(probs) == 0 {
				t.Fatal("no problem found")
			}
			if probs[0].Seq != tt.wantSeq || !strings.Contains(probs[0].Reason, tt.reason) {
				t.Errorf("first problem = %v, want seq %d with %q", probs[0], tt.wantSeq, tt.reason)
			}
		})
	}
}

func TestDiffRedacts(t *testing.T) {
	d := Diff(map[string]any{"name": "a", "password_hash": "x", "gone": 1}, map[string]any{"name": "b", "password_hash": "y", "same": 2})
	if d["name"].Old != "a" || d["name"].New != "b" {
		t.Errorf("name change = %+v", d["name"])
	}
	if d["password_hash"].Old != Redacted || d["password_hash"].New != Redacted {
		t.Errorf("password not redacted: %+v", d["password_hash"])
	}
	if _, ok := d["gone"]; !ok {
		t.Error("removed field missing")
	}
	if strings.Contains(ChangesJSON(d), "\"x\"") {
		t.Error("secret in JSON")
	}
}

func TestHashFieldsAreSeparated(t *testing.T) {
	a := Entry{Seq: 1, ActorName: "ab", Role: "c"}
	b := Entry{Seq: 1, ActorName: "a", Role: "bc"}
	if ComputeHash(a, "{}") == ComputeHash(b, "{}") {
		t.Error("field boundaries not hashed")
	}
}
