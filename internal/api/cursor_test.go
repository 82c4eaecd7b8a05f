package api

import (
	"encoding/base64"
	"errors"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"xieshang/internal/errs"
)

func TestCursorRoundTrip(t *testing.T) {
	for _, key := range []int64{1, 42, 1<<63 - 1} {
		s := encodeCursor("users", key)
		if strings.ContainsAny(s, "+/=") {
			t.Errorf("cursor %q is not URL-safe", s)
		}
		got, err := decodeCursor("users", s)
		if err != nil || got != key {
			t.Errorf("decode(encode(%d)) = %d, %v", key, got, err)
		}
		if _, err := decodeCursor("audit", s); err == nil {
			t.Errorf("a users cursor was accepted for audit")
		}
	}
}

func TestDecodeCursorRejects(t *testing.T) {
	b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for _, s := range []string{
		"", "bogus!", "v1:12", b64(`{"v":2,"on":"users","k":5}`), b64(`{"v":1,"on":"users","k":0}`),
		b64(`{"v":1,"on":"users","k":-3}`), b64(`{"v":1,"on":"users","k":5,"x":1}`), b64(`{"v":1,"on":"users","k":5} {}`),
		b64(`{"v":1,"on":"users","k":"5"}`), b64(`[1]`), strings.Repeat("A", 500),
	} {
		if _, err := decodeCursor("users", s); err == nil {
			t.Errorf("%q accepted", s)
		} else if f := errs.FieldsOf(err); len(f) != 1 || f[0].Field != "cursor" || f[0].Message != badCursor {
			t.Errorf("%q: %v", s, err)
		}
	}
}

// FuzzDecodeCursor: the cursor decoder never panics, rejects with a
// Chinese field error about "cursor", and what it accepts round-trips.
func FuzzDecodeCursor(f *testing.F) {
	f.Add(encodeCursor("users", 7))
	f.Add(encodeCursor("audit", 1<<40))
	f.Add("eyJ2IjoxLCJvbiI6InVzZXJzIiwiayI6MH0")
	f.Add("%%%")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		key, err := decodeCursor("users", s)
		if err != nil {
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "cursor" || !hasHan(e.Message) {
				t.Fatalf("%q: %#v", s, err)
			}
			return
		}
		if key <= 0 {
			t.Fatalf("%q decoded to %d", s, key)
		}
		if again, err := decodeCursor("users", encodeCursor("users", key)); err != nil || again != key {
			t.Fatalf("%d does not round-trip", key)
		}
	})
}

func TestParsePage(t *testing.T) {
	rt := &route{ID: "t", Params: []param{cursorParam, limitParam}}
	parse := func(query string) (page, error) {
		return parsePage(&request{Request: httptest.NewRequest("GET", "/x?"+query, nil), route: rt}, "users")
	}
	if p, err := parse(""); err != nil || p.Limit != defaultLimit || p.After != 0 {
		t.Errorf("defaults: %+v %v", p, err)
	}
	if p, err := parse("limit=200&cursor=" + encodeCursor("users", 9)); err != nil || p.Limit != 200 || p.After != 9 {
		t.Errorf("explicit: %+v %v", p, err)
	}
	for _, q := range []string{"limit=0", "limit=201", "limit=-1", "limit=ten", "limit=1.5"} {
		if _, err := parse(q); len(errs.FieldsOf(err)) != 1 || errs.FieldsOf(err)[0].Field != "limit" {
			t.Errorf("%s: %v", q, err)
		}
	}
}

// fakeList serves ids 1..n the way the services do: at most maxFetch per
// call, 50 when asked for more.
func fakeList(n int) (func(after int64, limit int) ([]int64, error), *int) {
	calls := 0
	return func(after int64, limit int) ([]int64, error) {
		calls++
		if limit <= 0 || limit > maxFetch {
			limit = 50
		}
		var out []int64
		for id := after + 1; id <= int64(n) && len(out) < limit; id++ {
			out = append(out, id)
		}
		return out, nil
	}, &calls
}

func TestFetchPageWalks(t *testing.T) {
	for _, c := range []struct{ total, limit int }{
		{0, 50}, {1, 1}, {5, 5}, {6, 5}, {10, 3}, {200, 200}, {201, 200}, {400, 200}, {450, 200}, {199, 200},
	} {
		fetch, calls := fakeList(c.total)
		var got []int64
		p := page{On: "users", Limit: c.limit}
		for pages := 0; ; pages++ {
			if pages > c.total+1 {
				t.Fatalf("%+v: no end", c)
			}
			items, next, err := fetchPage(p, func(id int64) int64 { return id }, fetch)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) > c.limit {
				t.Fatalf("%+v: page of %d", c, len(items))
			}
			if next != "" && len(items) == 0 {
				t.Fatalf("%+v: empty page with a next cursor", c)
			}
			got = append(got, items...)
			if next == "" {
				break
			}
			if p.After, err = decodeCursor("users", next); err != nil {
				t.Fatal(err)
			}
		}
		want := make([]int64, c.total)
		for i := range want {
			want[i] = int64(i + 1)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%+v: walked %d items, want %d", c, len(got), c.total)
		}
		if *calls > c.total/c.limit+2+c.total/maxFetch {
			t.Errorf("%+v: %d calls", c, *calls)
		}
	}
}
