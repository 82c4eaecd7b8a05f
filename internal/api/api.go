// Package api serves the JSON API under /api/v1, its OpenAPI 3.1 document at
// /api/openapi.json and a readable rendering of it at /api/docs.
//
// The API is authenticated only by personal access tokens sent as
// "Authorization: Bearer xst_…"; it reads no cookies. Errors are RFC 9457
// problem details in 简体中文. One table of operations (operations in
// routes.go) drives both the registration on the mux and the document, so
// the two cannot drift apart.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"xieshang/internal/account"
	"xieshang/internal/audit"
	"xieshang/internal/errs"
	"xieshang/internal/member"
	"xieshang/internal/org"
	"xieshang/internal/proposal"
)

// API is the JSON API.
type API struct {
	accounts   *account.Service
	audit      *audit.Viewer
	members    *member.Service
	org        *org.Service
	committees Committees
	proposals  *proposal.Service
	clock      func() time.Time
	log        *slog.Logger
	ops        []route
	openapi    []byte // the generated document, built once
	docs       []byte // the rendered /api/docs page, built once
}

// Services are what the API serves.
type Services struct {
	Accounts   *account.Service
	Audit      *audit.Viewer
	Members    *member.Service
	Org        *org.Service
	Committees Committees
	Proposals  *proposal.Service
	// Clock tells the time deadlines are judged at (overdue, the steps
	// available now); time.Now if nil.
	Clock func() time.Time
}

// Committees names committees.
type Committees interface {
	CommitteeName(ctx context.Context, id int64) (string, error)
}

// New returns the API over the services. It generates the OpenAPI document
// and the documentation page from the table of operations and panics if the
// table cannot be described, which only a programming error can cause.
func New(s Services, log *slog.Logger) *API {
	a := &API{accounts: s.Accounts, audit: s.Audit, members: s.Members, org: s.Org, committees: s.Committees,
		proposals: s.Proposals, clock: s.Clock,
		log: log, ops: operations()}
	if a.clock == nil {
		a.clock = time.Now
	}
	doc := buildDocument(a.ops)
	var err error
	if a.openapi, err = marshalDocument(doc); err != nil {
		panic("api: encode OpenAPI document: " + err.Error())
	}
	if a.docs, err = renderDocs(a.ops, doc); err != nil {
		panic("api: render documentation: " + err.Error())
	}
	return a
}

// now returns the time deadlines are judged at.
func (a *API) now() time.Time { return a.clock() }

// IsAPIPath reports whether path belongs to the API.
func IsAPIPath(path string) bool { return strings.HasPrefix(path, "/api/") }

// Routes registers the API on mux: every operation of the table, a 405
// answer for the other methods on each of their paths, the OpenAPI
// document, the documentation page and the problem type links.
func (a *API) Routes(mux *http.ServeMux) {
	methods := map[string][]string{}
	for i := range a.ops {
		rt := &a.ops[i]
		mux.Handle(rt.Method+" "+rt.Path, a.serve(rt))
		methods[rt.Path] = append(methods[rt.Path], rt.Method)
	}
	for path, ms := range methods {
		if slices.Contains(ms, http.MethodGet) {
			ms = append(ms, http.MethodHead)
		}
		slices.Sort(ms)
		mux.Handle(path, a.methodNotAllowed(strings.Join(ms, ", ")))
	}
	mux.HandleFunc("GET /api/openapi.json", a.serveOpenAPI)
	mux.HandleFunc("GET /api/docs", a.serveDocs)
	mux.HandleFunc("GET /api/docs.css", serveDocsCSS)
	mux.HandleFunc("GET /api/problems/{slug}", a.serveProblemType)
}

// NotFound answers an unknown API path with a 404 problem.
func (a *API) NotFound(w http.ResponseWriter, r *http.Request) {
	a.fail(w, r, errs.E(errs.NotFound, "接口不存在,请核对请求地址,可用接口见 /api/docs"))
}

// Panic answers with a 500 problem after a recovered panic; the panic itself
// is logged by the middleware and never shown.
func (a *API) Panic(w http.ResponseWriter, r *http.Request) {
	writeProblem(w, r, http.StatusInternalServerError, errs.E(errs.Internal, "panic"))
}

// CrossOriginDenied answers a cross-origin request rejected by the
// middleware with a 403 problem.
func (a *API) CrossOriginDenied(w http.ResponseWriter, r *http.Request) {
	a.fail(w, r, errs.E(errs.Forbidden, "请求来自其他网站,已被拒绝。调用 API 请直接使用访问令牌,不要从浏览器页面跨站提交"))
}

// methodNotAllowed answers a method the path does not support with a 405
// problem and the Allow header.
func (a *API) methodNotAllowed(allow string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		a.fail(w, r, withStatus(http.StatusMethodNotAllowed,
			errs.E(errs.Invalid, "该接口不支持 %s 方法,支持的方法:%s", r.Method, allow), nil))
	})
}
