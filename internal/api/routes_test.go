package api

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"xieshang/internal/account"
)

// TestTableDrivesEverything checks that every operation of the table is in
// the document, on the mux and on the documentation page, with the scope
// its method calls for.
func TestTableDrivesEverything(t *testing.T) {
	a := New(Services{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	doc := buildDocument(a.ops)
	mux := http.NewServeMux()
	a.Routes(mux)
	docs := string(a.docs)
	for _, rt := range a.ops {
		op := doc.Paths[rt.Path][strings.ToLower(rt.Method)]
		if op == nil || op.OperationID != rt.ID {
			t.Errorf("%s %s: not in the document", rt.Method, rt.Path)
			continue
		}
		want := account.ScopeWrite
		if rt.Method == http.MethodGet {
			want = account.ScopeRead
		}
		if rt.Scope != want {
			t.Errorf("%s: scope %s for %s", rt.ID, rt.Scope, rt.Method)
		}
		if !slices.ContainsFunc(tags, func(tg tag) bool { return tg.Name == rt.Tag }) {
			t.Errorf("%s: unknown tag %q", rt.ID, rt.Tag)
		}
		url := strings.ReplaceAll(rt.Path, "{id}", "1")
		if _, pattern := mux.Handler(httptest.NewRequest(rt.Method, url, nil)); pattern != rt.Method+" "+rt.Path {
			t.Errorf("%s: mux pattern %q", rt.ID, pattern)
		}
		if !strings.Contains(docs, `id="op-`+rt.ID+`"`) {
			t.Errorf("%s: not on the documentation page", rt.ID)
		}
	}
	n := 0
	for _, item := range doc.Paths {
		n += len(item)
	}
	if n != len(a.ops) {
		t.Errorf("document has %d operations, table %d", n, len(a.ops))
	}
}

func TestCheckPathParams(t *testing.T) {
	for _, rt := range []route{
		{ID: "a", Path: "/api/v1/x/{id}"},
		{ID: "b", Path: "/api/v1/x", Params: []param{{Name: "id", In: "path"}}},
		{ID: "c", Path: "/api/v1/x/{rest...}", Params: []param{{Name: "rest...", In: "path"}}},
		{ID: "d", Path: "/api/v1/x", Params: []param{{Name: "id", In: "header"}}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s accepted", rt.ID)
				}
			}()
			checkPathParams(&rt)
		}()
	}
}

func TestBearer(t *testing.T) {
	for in, want := range map[string]string{
		"Bearer xst_abc": "xst_abc", "bearer  xst_abc ": "xst_abc", "BEARER x": "x",
		"": "", "Bearer": "", "Bearer ": "", "Basic xst_abc": "", "Bearerxst_abc": "",
	} {
		got, ok := bearer(in)
		if got != want || ok != (want != "") {
			t.Errorf("bearer(%q) = %q, %v", in, got, ok)
		}
	}
}
