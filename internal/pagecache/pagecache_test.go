package pagecache

import (
	"fmt"
	"sync"
	"testing"
)

func TestCache(t *testing.T) {
	type step struct {
		op      string // "put" or "get"
		key     string
		version int64
		body    string
		want    string // for get: the body, or "" for a miss
	}
	tests := []struct {
		name  string
		max   int
		steps []step
	}{
		{"miss on empty", 100, []step{{"get", "a", 1, "", ""}}},
		{"hit on same version", 100, []step{{"put", "a", 1, "x", ""}, {"get", "a", 1, "", "x"}}},
		{"miss on newer version", 100, []step{{"put", "a", 1, "x", ""}, {"get", "a", 2, "", ""}}},
		{"miss on older version", 100, []step{{"put", "a", 2, "x", ""}, {"get", "a", 1, "", ""}}},
		{"newer replaces", 100, []step{{"put", "a", 1, "x", ""}, {"put", "a", 2, "y", ""}, {"get", "a", 2, "", "y"}}},
		{"older never replaces newer", 100, []step{{"put", "a", 2, "y", ""}, {"put", "a", 1, "x", ""}, {"get", "a", 2, "", "y"}}},
		{"keys apart", 100, []step{{"put", "a", 1, "x", ""}, {"put", "b", 1, "y", ""}, {"get", "a", 1, "", "x"}, {"get", "b", 1, "", "y"}}},
		{"evicts least recently used", 6, []step{
			{"put", "a", 1, "aaa", ""}, {"put", "b", 1, "bbb", ""}, {"get", "a", 1, "", "aaa"},
			{"put", "c", 1, "ccc", ""}, {"get", "b", 1, "", ""}, {"get", "a", 1, "", "aaa"}, {"get", "c", 1, "", "ccc"}}},
		{"too large is not kept", 2, []step{{"put", "a", 1, "aaa", ""}, {"get", "a", 1, "", ""}}},
		{"growing replacement evicts others", 6, []step{
			{"put", "a", 1, "aaa", ""}, {"put", "b", 1, "bbb", ""}, {"put", "b", 2, "bbbbb", ""},
			{"get", "a", 1, "", ""}, {"get", "b", 2, "", "bbbbb"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(tt.max)
			for i, s := range tt.steps {
				switch s.op {
				case "put":
					c.Put(s.key, s.version, []byte(s.body))
				case "get":
					got, ok := c.Get(s.key, s.version)
					if string(got) != s.want || ok != (s.want != "") {
						t.Fatalf("step %d: get %s@%d = %q %v, want %q", i, s.key, s.version, got, ok, s.want)
					}
				}
			}
			if _, _, _, size := c.Stats(); size > tt.max {
				t.Errorf("size %d over bound %d", size, tt.max)
			}
		})
	}
}

func TestCacheConcurrent(t *testing.T) {
	c := New(1 << 10)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				k := fmt.Sprint(i % 37)
				c.Put(k, int64(g), []byte(k+"-body"))
				if b, ok := c.Get(k, int64(g)); ok && string(b) != k+"-body" {
					t.Errorf("key %s: %q", k, b)
				}
			}
		}()
	}
	wg.Wait()
	hits, misses, n, size := c.Stats()
	if hits+misses != 8*500 || n == 0 || size > 1<<10 {
		t.Errorf("stats: %d hits %d misses %d entries %d bytes", hits, misses, n, size)
	}
}

func BenchmarkGet(b *testing.B) {
	c := New(1 << 20)
	c.Put("k", 1, make([]byte, 30<<10))
	for b.Loop() {
		c.Get("k", 1)
	}
}
