package httpx

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"xieshang/internal/errs"
)

func TestStatus(t *testing.T) {
	tests := map[error]int{
		nil:                                200,
		errs.E(errs.Invalid, ""):           422,
		errs.E(errs.NotFound, ""):          404,
		errs.E(errs.Conflict, ""):          409,
		errs.E(errs.Forbidden, ""):         403,
		errs.E(errs.Unauthenticated, ""):   401,
		errs.E(errs.Locked, ""):            423,
		errs.E(errs.TooLarge, ""):          413,
		errors.New("database is on fire"):  500,
		errs.Wrap(errs.Internal, nil, "x"): 500,
	}
	for err, want := range tests {
		if got := Status(err); got != want {
			t.Errorf("Status(%v) = %d, want %d", err, got, want)
		}
	}
}

func TestRecoverHidesPanic(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	onPanic := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(500)
		io.WriteString(w, "系统出错")
	})
	h := Log(log, Recover(log, onPanic, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("secret detail") })))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "secret") || rec.Header().Get("X-Request-Id") == "" {
		t.Errorf("%d %q %v", rec.Code, rec.Body.String(), rec.Header())
	}
}

func TestLimitBody(t *testing.T) {
	var readErr error
	h := LimitBody(10, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, readErr = io.ReadAll(r.Body)
	}))
	for _, tc := range []struct {
		body string
		ok   bool
	}{{"short", true}, {strings.Repeat("x", 11), false}} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/", strings.NewReader(tc.body)))
		var maxErr *http.MaxBytesError
		if (readErr == nil) != tc.ok || (!tc.ok && !errors.As(readErr, &maxErr)) {
			t.Errorf("body %d bytes: %v", len(tc.body), readErr)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	rec := httptest.NewRecorder()
	SecurityHeaders(true, http.NotFoundHandler()).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	h := rec.Header()
	if !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") || strings.Contains(h.Get("Content-Security-Policy"), "unsafe-inline") ||
		h.Get("Strict-Transport-Security") == "" || h.Get("X-Frame-Options") != "DENY" {
		t.Errorf("headers: %v", h)
	}
}
