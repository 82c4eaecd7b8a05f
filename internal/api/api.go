// Package api serves the JSON API under /api/v1 and its OpenAPI document.
package api

import (
	"log/slog"
	"net/http"
	"strings"

	"xieshang/internal/account"
	"xieshang/internal/audit"
)

// API is the JSON API.
type API struct {
	accounts *account.Service
	audit    *audit.Viewer
	log      *slog.Logger
}

// New returns the API over the services.
func New(accounts *account.Service, viewer *audit.Viewer, log *slog.Logger) *API {
	return &API{accounts: accounts, audit: viewer, log: log}
}

// IsAPIPath reports whether path belongs to the API.
func IsAPIPath(path string) bool { return strings.HasPrefix(path, "/api/") }

// Routes registers the API on mux.
func (a *API) Routes(mux *http.ServeMux) {}

// NotFound answers an unknown API path.
func (a *API) NotFound(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }

// Panic answers after a recovered panic.
func (a *API) Panic(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "internal", http.StatusInternalServerError)
}

// CrossOriginDenied answers a rejected cross-origin request.
func (a *API) CrossOriginDenied(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "forbidden", http.StatusForbidden)
}
