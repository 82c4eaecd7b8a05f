// Package httpx holds the HTTP plumbing shared by the web pages and the JSON
// API: middleware (request id, logging, recovery, security headers, body
// limit, cross-origin protection), the client address, and the one mapping
// from error kinds to status codes.
package httpx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"xieshang/internal/errs"
)

// Status returns the HTTP status for an error kind.
func Status(err error) int {
	switch errs.KindOf(err) {
	case "":
		return http.StatusOK
	case errs.Invalid:
		return http.StatusUnprocessableEntity
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Conflict:
		return http.StatusConflict
	case errs.Forbidden:
		return http.StatusForbidden
	case errs.Unauthenticated:
		return http.StatusUnauthorized
	case errs.Locked:
		return http.StatusLocked
	case errs.TooLarge:
		return http.StatusRequestEntityTooLarge
	default:
		return http.StatusInternalServerError
	}
}

type ctxKey int

const requestIDKey ctxKey = iota

// RequestID returns the id given to the request by the middleware.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// ClientAddr returns the client's IP address. Proxy headers are not trusted:
// the service is expected to run behind a proxy that sets RemoteAddr
// correctly or directly on the network.
func ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Log gives each request an id and logs it when done. Requests for static
// assets and health checks log at debug level.
func Log(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 8)
		rand.Read(b)
		id := hex.EncodeToString(b)
		w.Header().Set("X-Request-Id", id)
		sw := &statusWriter{ResponseWriter: w}
		start := time.Now()
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
		level := slog.LevelInfo
		if sw.status >= 500 {
			level = slog.LevelError
		} else if r.URL.Path == "/healthz" || len(r.URL.Path) > 8 && r.URL.Path[:8] == "/static/" {
			level = slog.LevelDebug
		}
		log.Log(r.Context(), level, "request", "id", id, "method", r.Method, "path", r.URL.Path, "status", sw.status,
			"bytes", sw.bytes, "ms", time.Since(start).Milliseconds(), "addr", ClientAddr(r))
	})
}

// Recover turns a panic into a 500 answered by onPanic, logging the stack
// (never sending it to the client).
func Recover(log *slog.Logger, onPanic http.Handler, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.Error("panic", "id", RequestID(r.Context()), "panic", p, "stack", string(debug.Stack()))
				onPanic.ServeHTTP(w, r)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// CSP allows only the service's own scripts, styles and images (plus data:
// images for QR codes); no inline script, no framing.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; form-action 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'"

// SecurityHeaders sets the headers every response carries. hsts is sent
// only when the service is served over HTTPS.
func SecurityHeaders(hsts bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", CSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(self), geolocation=(), microphone=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if hsts {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// MaxBodyBytes is the default request body limit.
const MaxBodyBytes = 1 << 20

// LimitBody caps the request body at n bytes; reading past it fails with
// *http.MaxBytesError, which handlers report as TooLarge.
func LimitBody(n int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > n {
			r.Body = http.MaxBytesReader(w, r.Body, 0)
		} else if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, n)
		}
		next.ServeHTTP(w, r)
	})
}

// LimitBodyFunc is LimitBody with a limit chosen per request, for the few
// routes (file uploads) that take more than MaxBodyBytes.
func LimitBodyFunc(limit func(*http.Request) int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		LimitBody(limit(r), next).ServeHTTP(w, r)
	})
}

// TooLarge is the error for a body over the limit.
func TooLarge() error {
	return errs.E(errs.TooLarge, "提交的内容过大(上限 %d KB)", MaxBodyBytes/1024)
}
