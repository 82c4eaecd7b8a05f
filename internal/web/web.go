// Package web serves the server-rendered pages in 简体中文. Each screen is a
// file of thin handlers (parse the form, call a service, render a view)
// beside a .templ file of views. The views are templ components compiled
// to Go: `make generate` writes each *_templ.go from its .templ file, and
// TestGeneratedViews fails when one is stale. Static files are embedded;
// asset URLs carry a content hash so they can be cached forever.
package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"xieshang/internal/notify"
	"xieshang/internal/pagecache"
	"xieshang/internal/proposal"
	"xieshang/internal/workday"

	"github.com/a-h/templ"

	"xieshang/internal/account"
	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/httpx"
	"xieshang/internal/importer"
	"xieshang/internal/job"
	"xieshang/internal/member"
	"xieshang/internal/org"
)

//go:embed static
var staticFS embed.FS

// Committees names committees for page headers.
type Committees interface {
	CommitteeName(ctx context.Context, id int64) (string, error)
	// All returns every committee, the city's first.
	All(ctx context.Context) ([]CommitteeRef, error)
}

// CommitteeRef names a committee.
type CommitteeRef struct {
	ID   int64
	Name string
}

// Config holds the web settings.
type Config struct {
	SecureCookies bool   // set Secure and the __Host- prefix on cookies (HTTPS)
	Version       string // shown in the footer
}

// Services are what the pages call.
type Services struct {
	Accounts   *account.Service
	Audit      *audit.Viewer
	Committees Committees
	Members    *member.Service
	Org        *org.Service
	Calendars  *workday.Service
	Proposals  *proposal.Service
	Notices    *notify.Service
	Jobs       *job.Runner
	// Import runs a roster import (importer.Run bound to the database).
	Import func(ctx context.Context, by authz.Actor, data []byte, dryRun bool, progress importer.Progress) (*importer.Outcome, error)
}

// Server renders the pages.
type Server struct {
	accounts   *account.Service
	audit      *audit.Viewer
	committees Committees
	members    *member.Service
	org        *org.Service
	calendars  *workday.Service
	proposals  *proposal.Service
	notices    *notify.Service
	jobs       *job.Runner
	importFn   func(ctx context.Context, by authz.Actor, data []byte, dryRun bool, progress importer.Progress) (*importer.Outcome, error)
	log        *slog.Logger
	cfg        Config
	assets     assets
	static     http.Handler
	pages      *pagecache.Cache // rendered directory bodies
}

// New returns a Server; it hashes the static files once.
func New(svc Services, log *slog.Logger, cfg Config) (*Server, error) {
	s := &Server{accounts: svc.Accounts, audit: svc.Audit, committees: svc.Committees, members: svc.Members, org: svc.Org, calendars: svc.Calendars, proposals: svc.Proposals, notices: svc.Notices,
		jobs: svc.Jobs, importFn: svc.Import,
		log: log, cfg: cfg, assets: assets{}, pages: pagecache.New(16 << 20)}
	sub, _ := fs.Sub(staticFS, "static")
	err := fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		s.assets[p] = "/static/" + hex.EncodeToString(sum[:])[:12] + "/" + p
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.static = http.FileServerFS(sub)
	return s, nil
}

// assets maps the name of each static file to its hashed URL.
type assets map[string]string

// NavItem is one entry of the main menu.
type NavItem struct {
	Href, Label string
	Current     bool
}

// Page is what the layout and every view receive. What is particular to
// one screen goes to its view as typed parameters.
type Page struct {
	Title     string
	User      *account.User
	Committee string
	Nav       []NavItem
	Flash     string
	Error     string
	FieldList []errs.FieldError
	Form      url.Values
	Version   string
}

// FieldError returns the message for field, or "".
func (p *Page) FieldError(field string) string {
	for _, f := range p.FieldList {
		if f.Field == field {
			return f.Message
		}
	}
	return ""
}

// render writes view, inside the layout, with status. It first completes p
// (user, committee, menu, version); view is usually built from the same p
// and reads it only while it renders, so it sees those too. Rendering into
// a buffer first means a failing view never sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, view templ.Component, p *Page) {
	if p.Form == nil {
		p.Form = url.Values{}
	}
	p.Version = s.cfg.Version
	if u := userFrom(r); u != nil && p.User == nil {
		p.User = u
	}
	if p.User != nil {
		if p.Committee == "" {
			p.Committee, _ = s.committees.CommitteeName(r.Context(), p.User.CommitteeID)
		}
		if sess := sessionFrom(r); sess != nil && sess.Stage == account.StageOK && !p.User.MustChangePassword {
			p.Nav = navFor(*p.User, r.URL.Path)
		}
	}
	buf := buffers.Get().(*bytes.Buffer)
	defer putBuffer(buf)
	if err := layout(p, s.assets, view).Render(r.Context(), buf); err != nil {
		if r.Context().Err() != nil {
			return // the client has gone; nobody reads the answer
		}
		s.log.Error("render", "path", r.URL.Path, "err", err)
		http.Error(w, "页面显示出错", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	// With its length known the page goes out unchunked, in fewer writes.
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// buffers hold pages while they render, so that a failure can still send an
// error page; pooled, since a page is tens of kilobytes.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 1<<20 {
		return // let an unusually large page's buffer go
	}
	b.Reset()
	buffers.Put(b)
}

// fail renders err: field errors re-show view, the form, with the user's
// input in p; other errors, or a nil view, show the error page with a safe
// message.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, view templ.Component, p *Page, err error) {
	status := httpx.Status(err)
	if status >= 500 && r.Context().Err() == nil {
		s.log.Error("request failed", "id", httpx.RequestID(r.Context()), "path", r.URL.Path, "err", err)
	}
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		err, status = httpx.TooLarge(), http.StatusRequestEntityTooLarge
	}
	if view != nil && (errs.Is(err, errs.Invalid) || errs.Is(err, errs.Unauthenticated) || errs.Is(err, errs.Locked) || errs.Is(err, errs.Conflict)) {
		p.Error = errs.Message(err)
		p.FieldList = errs.FieldsOf(err)
		if len(p.FieldList) == 1 && p.FieldList[0].Message == p.Error {
			p.Error = "请修改以下内容后重新提交"
		}
		s.render(w, r, status, view, p)
		return
	}
	s.errorPage(w, r, status, errs.Message(err))
}

var statusTitles = map[int]string{
	400: "请求有误", 401: "请先登录", 403: "没有权限", 404: "页面不存在", 405: "不支持的操作", 409: "操作冲突",
	413: "内容过大", 422: "内容有误", 423: "账号已锁定", 500: "系统出错",
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	title := statusTitles[status]
	if title == "" {
		title = "出错了"
	}
	p := &Page{Title: title}
	s.render(w, r, status, errorView(p, msg, httpx.RequestID(r.Context())), p)
}

// NotFound renders the 404 page.
func (s *Server) NotFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound, "您要找的页面不存在,可能已被删除或地址有误。")
}

// Panic renders the 500 page after a recovered panic.
func (s *Server) Panic(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusInternalServerError, "系统内部错误,请稍后再试。")
}

// CrossOriginDenied renders the page for a rejected cross-site form post.
func (s *Server) CrossOriginDenied(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusForbidden, "请求来自其他网站,已被拒绝。请从本系统页面重新操作。")
}

// Static serves the embedded assets under /static/{hash}/name with a
// one-year immutable cache.
func (s *Server) Static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if want, ok := s.assets[name]; !ok || want != r.URL.Path {
		s.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	r2 := r.Clone(r.Context())
	r2.URL.Path = "/" + name
	s.static.ServeHTTP(w, r2)
}

// form parses the posted form before h runs, so that an oversized or
// malformed body is answered here (413 or 400) and handlers can read
// r.PostForm without checking errors.
func (s *Server) form(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			var maxErr *http.MaxBytesError
			if errors.As(err, &maxErr) {
				s.errorPage(w, r, http.StatusRequestEntityTooLarge, errs.Message(httpx.TooLarge()))
				return
			}
			s.errorPage(w, r, http.StatusBadRequest, "提交的表单格式有误,请返回后重新填写。")
			return
		}
		h(w, r)
	}
}

// Routes registers the pages on mux.
func (s *Server) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /static/{hash}/{name}", s.Static)
	mux.HandleFunc("GET /login", s.loginForm)
	mux.HandleFunc("POST /login", s.form(s.login))
	mux.HandleFunc("POST /logout", s.form(s.logout))
	mux.HandleFunc("GET /login/totp", s.partial(account.StageTOTP, s.totpForm))
	mux.HandleFunc("POST /login/totp", s.form(s.partial(account.StageTOTP, s.totp)))
	mux.HandleFunc("GET /totp/enroll", s.partial(account.StageEnroll, s.enrollForm))
	mux.HandleFunc("POST /totp/enroll", s.form(s.partial(account.StageEnroll, s.enroll)))
	mux.HandleFunc("GET /password", s.loggedIn(s.passwordForm))
	mux.HandleFunc("POST /password", s.form(s.loggedIn(s.changePassword)))
	mux.HandleFunc("GET /{$}", s.ready(s.home))
	mux.HandleFunc("GET /security", s.ready(s.security))
	mux.HandleFunc("POST /security/email", s.form(s.ready(s.setEmail)))
	mux.HandleFunc("GET /tokens", s.ready(s.tokens))
	mux.HandleFunc("POST /tokens", s.form(s.ready(s.createToken)))
	mux.HandleFunc("POST /tokens/{id}/revoke", s.form(s.ready(s.revokeToken)))
	mux.HandleFunc("GET /admin/users", s.ready(s.users))
	mux.HandleFunc("GET /admin/users/new", s.ready(s.newUserForm))
	mux.HandleFunc("POST /admin/users/new", s.form(s.ready(s.createUser)))
	mux.HandleFunc("GET /admin/users/{id}", s.ready(s.user))
	mux.HandleFunc("POST /admin/users/{id}/edit", s.form(s.ready(s.editUser)))
	mux.HandleFunc("POST /admin/users/{id}/reset-password", s.form(s.ready(s.resetPassword)))
	mux.HandleFunc("POST /admin/users/{id}/roles", s.form(s.ready(s.setRoles)))
	mux.HandleFunc("POST /admin/users/{id}/unlock", s.form(s.ready(s.unlock)))
	mux.HandleFunc("POST /admin/users/{id}/reset-totp", s.form(s.ready(s.resetTOTP)))
	mux.HandleFunc("GET /audit", s.ready(s.auditLog))
	mux.HandleFunc("GET /members", s.ready(s.directory))
	mux.HandleFunc("GET /members/import", s.ready(s.importForm))
	mux.HandleFunc("POST /members/import", s.ready(s.importUpload))
	mux.HandleFunc("GET /members/export", s.ready(s.exportRoster))
	mux.HandleFunc("GET /jobs/{id}", s.ready(s.jobPage))
	mux.HandleFunc("GET /jobs/{id}/errors.xlsx", s.ready(s.jobErrors))
	mux.HandleFunc("GET /members/new", s.ready(s.newMemberForm))
	mux.HandleFunc("POST /members/new", s.form(s.ready(s.createMember)))
	mux.HandleFunc("GET /members/{id}", s.ready(s.memberProfile))
	mux.HandleFunc("POST /members/{id}/reveal", s.form(s.ready(s.revealMember)))
	mux.HandleFunc("GET /members/{id}/photo", s.ready(s.memberPhoto))
	mux.HandleFunc("GET /calendar", s.ready(s.calendar))
	mux.HandleFunc("GET /public/proposals", s.publicProposals)
	mux.HandleFunc("GET /public/proposals/{id}", s.publicProposal)
	mux.HandleFunc("GET /notifications", s.ready(s.notifications))
	mux.HandleFunc("GET /notifications/{id}/open", s.ready(s.openNotification))
	mux.HandleFunc("POST /notifications/read-all", s.form(s.ready(s.readAllNotifications)))
	mux.HandleFunc("GET /proposals", s.ready(s.proposalList))
	mux.HandleFunc("GET /proposals/new", s.ready(s.newProposal))
	mux.HandleFunc("GET /proposals/export", s.ready(s.exportProposals))
	mux.HandleFunc("POST /proposals/bulk-assign", s.form(s.ready(s.bulkAssign)))
	mux.HandleFunc("GET /proposals/report", s.ready(s.proposalReport))
	mux.HandleFunc("POST /proposals/excellent-units", s.form(s.ready(s.setExcellentUnit)))
	mux.HandleFunc("GET /proposals/settings", s.ready(s.proposalSettings))
	mux.HandleFunc("POST /proposals/settings", s.form(s.ready(s.saveSettings)))
	mux.HandleFunc("POST /proposals/new", s.form(s.ready(s.saveProposal)))
	mux.HandleFunc("GET /proposals/{id}", s.ready(s.showProposal))
	mux.HandleFunc("GET /proposals/{id}/edit", s.ready(s.editProposalForm))
	mux.HandleFunc("GET /proposals/{id}/reply.docx", s.ready(s.replyLetter))
	mux.HandleFunc("POST /proposals/{id}/attachments", s.ready(s.uploadAttachment))
	mux.HandleFunc("GET /attachments/{id}", s.ready(s.downloadAttachment))
	mux.HandleFunc("POST /proposals/{id}/edit", s.form(s.ready(s.saveProposal)))
	mux.HandleFunc("POST /proposals/{id}/do/{action}", s.form(s.ready(s.proposalStep)))
	mux.HandleFunc("POST /calendar/{year}", s.form(s.ready(s.saveCalendar)))
	mux.HandleFunc("POST /members/{id}/photo", s.ready(s.uploadPhoto))
	mux.HandleFunc("GET /members/{id}/edit", s.ready(s.editMemberForm))
	mux.HandleFunc("POST /members/{id}/edit", s.form(s.ready(s.editMember)))
	mux.HandleFunc("POST /members/{id}/contact", s.form(s.ready(s.editContact)))
	mux.HandleFunc("POST /members/{id}/memberships/{term}", s.form(s.ready(s.setMembership)))
	mux.HandleFunc("GET /org", s.ready(s.orgSettings))
	mux.HandleFunc("POST /org/units/new", s.form(s.ready(s.addUnit)))
	mux.HandleFunc("POST /org/terms/new", s.form(s.ready(s.addTerm)))
	mux.HandleFunc("POST /org/terms/{id}/sessions/new", s.form(s.ready(s.addSession)))
	mux.HandleFunc("POST /org/units/{id}/liaisons/new", s.form(s.ready(s.addLiaison)))
	mux.HandleFunc("POST /org/{kind}/new", s.form(s.ready(s.addItem)))
	mux.HandleFunc("POST /org/{kind}/{id}/rename", s.form(s.ready(s.renameItem)))
	mux.HandleFunc("GET /sectors/{id}", s.ready(s.sector))
	mux.HandleFunc("POST /sectors/{id}/conveners", s.form(s.ready(s.setConveners)))
	mux.HandleFunc("GET /special-committees/{id}", s.ready(s.specialCommittee))
}
