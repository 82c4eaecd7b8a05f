package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/a-h/templ"
)

// TestRenderFailure checks that a view failing half-way sends a plain 500
// and none of the half-written page.
func TestRenderFailure(t *testing.T) {
	s, err := New(Services{}, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{})
	if err != nil {
		t.Fatal(err)
	}
	failing := templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		io.WriteString(w, "<p>half</p>")
		return errors.New("broken view")
	})
	w := httptest.NewRecorder()
	s.render(w, httptest.NewRequest("GET", "/", nil), http.StatusOK, failing, &Page{Title: "首页"})
	if body := w.Body.String(); w.Code != http.StatusInternalServerError || strings.Contains(body, "half") || strings.Contains(body, "<html") {
		t.Errorf("got %d %q, want 500 without the page", w.Code, body)
	}
}
