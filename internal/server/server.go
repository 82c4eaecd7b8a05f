// Package server assembles the services, the web pages and the JSON API into
// one http.Handler. cmd/xieshang and the end-to-end tests both build the
// application through New, so tests exercise exactly what runs.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"xieshang/internal/account"
	"xieshang/internal/api"
	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/httpx"
	"xieshang/internal/importer"
	"xieshang/internal/job"
	"xieshang/internal/member"
	"xieshang/internal/notify"
	"xieshang/internal/org"
	"xieshang/internal/outbox"
	"xieshang/internal/proposal"
	"xieshang/internal/sqldb"
	"xieshang/internal/web"
	"xieshang/internal/workday"
)

// Config is the application's configuration.
type Config struct {
	IdleTimeout   time.Duration
	SecureCookies bool
	Version       string
	// Worker runs the outbox worker (reminders, e-mail) in the background;
	// tests leave it off and run due tasks themselves (App.Outbox.RunDue).
	Worker bool
	// Mailer sends e-mail; nil marks mail tasks done without sending.
	Mailer notify.Mailer
	// BaseURL ("https://zx.example.cn") makes links in e-mails absolute.
	BaseURL string
}

// App is the assembled application.
type App struct {
	Jobs      *job.Runner
	Outbox    *outbox.Worker
	Proposals *proposal.Service
	worker    chan struct{} // closed when the background worker stops
	base      context.Context
	cancel    context.CancelFunc
	DB        *sqldb.DB
	Accounts  *account.Service
	Audit     *audit.Viewer
	Web       *web.Server
	API       *api.API
	log       *slog.Logger
}

// New builds the application over an open, migrated database.
func New(db *sqldb.DB, cfg Config, log *slog.Logger) (*App, error) {
	accounts := account.NewService(sqldb.Accounts(db), account.Config{IdleTimeout: cfg.IdleTimeout})
	viewer := audit.NewViewer(sqldb.AuditLog(db))
	members := member.NewService(sqldb.Members(db))
	orgs := org.NewService(sqldb.Org(db))
	base, cancel := context.WithCancel(context.Background())
	jobs, err := job.NewRunner(base, sqldb.Jobs(db), log)
	if err != nil {
		cancel()
		return nil, err
	}
	importFn := func(ctx context.Context, by authz.Actor, data []byte, dryRun bool, progress importer.Progress) (*importer.Outcome, error) {
		return importer.Run(ctx, db, orgs, by, data, dryRun, progress)
	}
	proposals := proposal.NewService(sqldb.Proposals(db))
	w, err := web.New(web.Services{Accounts: accounts, Audit: viewer, Committees: &committees{db: db, names: map[int64]cachedName{}},
		Members: members, Org: orgs, Calendars: workday.NewService(sqldb.Workday(db)), Proposals: proposals, Notices: notify.NewService(sqldb.Notify(db)),
		Jobs: jobs, Import: importFn}, log, web.Config{SecureCookies: cfg.SecureCookies, Version: cfg.Version})
	if err != nil {
		cancel()
		return nil, err
	}
	a := api.New(api.Services{Accounts: accounts, Audit: viewer, Members: members, Org: orgs, Proposals: proposals, Clock: db.Clock,
		Committees: &committees{db: db, names: map[int64]cachedName{}}}, log)
	reminders := sqldb.ProposalReminders(db)
	worker := outbox.NewWorker(sqldb.Outbox(db), map[string]outbox.Handler{
		notify.MailKind:        notify.MailHandler(cfg.Mailer, cfg.BaseURL, log),
		proposal.RemindKind:    proposal.RemindHandler(reminders),
		proposal.DigestKind:    proposal.DigestHandler(reminders),
		proposal.AutoCloseKind: proposal.AutoCloseHandler(proposals),
	}, log, outbox.Options{})
	app := &App{DB: db, Accounts: accounts, Audit: viewer, Web: w, API: a, log: log, Jobs: jobs, cancel: cancel,
		Outbox: worker, Proposals: proposals}
	app.base = base
	if cfg.Worker {
		if err := app.StartWorker(); err != nil {
			cancel()
			return nil, err
		}
	}
	return app, nil
}

// StartWorker schedules every committee's daily tasks and starts the
// outbox worker in the background (once); Close stops it. serve --demo
// starts it after seeding, so that reminders of backdated demo steps are
// not sent.
func (a *App) StartWorker() error {
	if a.worker != nil {
		return nil
	}
	if err := ensureDigests(a.base, a.DB); err != nil {
		return err
	}
	a.worker = make(chan struct{})
	go func() { a.Outbox.Run(a.base); close(a.worker) }()
	return nil
}

// ensureDigests schedules every committee's daily overdue digest (08:00)
// and automatic closing (02:00).
func ensureDigests(ctx context.Context, db *sqldb.DB) error {
	var cs []sqldb.Committee
	if err := db.View(ctx, func(tx *sqldb.Tx) error {
		var err error
		cs, err = tx.Committees(ctx)
		return err
	}); err != nil {
		return err
	}
	for _, c := range cs {
		if err := outbox.EnsureDaily(ctx, sqldb.Outbox(db), proposal.DigestKind, c.ID, 8); err != nil {
			return err
		}
		if err := outbox.EnsureDaily(ctx, sqldb.Outbox(db), proposal.AutoCloseKind, c.ID, 2); err != nil {
			return err
		}
	}
	return nil
}

// Close stops background jobs and waits for them; a job cut off is marked
// failed at the next start.
func (a *App) Close() {
	a.cancel()
	a.Jobs.Wait()
	if a.worker != nil {
		<-a.worker
	}
}

// committees answers the committee names shown in page headers. Names
// change rarely, so they are cached for a minute rather than read on every
// page view.
type committees struct {
	db    *sqldb.DB
	mu    sync.Mutex
	names map[int64]cachedName
}

type cachedName struct {
	name string
	at   time.Time
}

const committeeNameTTL = time.Minute

// All returns every committee, the city's first.
func (c *committees) All(ctx context.Context) ([]web.CommitteeRef, error) {
	var out []web.CommitteeRef
	err := c.db.Peek(ctx, func(tx *sqldb.Tx) error {
		cs, err := tx.Committees(ctx)
		for _, x := range cs {
			out = append(out, web.CommitteeRef{ID: x.ID, Name: x.Name})
		}
		return err
	})
	return out, err
}

func (c *committees) CommitteeName(ctx context.Context, id int64) (string, error) {
	c.mu.Lock()
	n, ok := c.names[id]
	c.mu.Unlock()
	if ok && time.Since(n.at) < committeeNameTTL {
		return n.name, nil
	}
	var name string
	err := c.db.View(ctx, func(tx *sqldb.Tx) error {
		var err error
		name, err = tx.CommitteeName(ctx, id)
		return err
	})
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	c.names[id] = cachedName{name, time.Now()}
	c.mu.Unlock()
	return name, nil
}

// Handler returns the whole HTTP surface with its middleware.
func (a *App) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", a.healthz)
	a.Web.Routes(mux)
	a.API.Routes(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if api.IsAPIPath(r.URL.Path) {
			a.API.NotFound(w, r)
			return
		}
		a.Web.NotFound(w, r)
	})

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.auditCrossOrigin(r)
		if api.IsAPIPath(r.URL.Path) {
			a.API.CrossOriginDenied(w, r)
			return
		}
		a.Web.CrossOriginDenied(w, r)
	}))
	var h http.Handler = mux
	h = cop.Handler(h)
	h = httpx.LimitBodyFunc(func(r *http.Request) int64 {
		if r.URL.Path == "/members/import" {
			return web.MaxUploadBytes
		}
		if strings.HasPrefix(r.URL.Path, "/members/") && strings.HasSuffix(r.URL.Path, "/photo") {
			return web.MaxPhotoUploadBytes
		}
		if strings.HasPrefix(r.URL.Path, "/proposals/") && strings.HasSuffix(r.URL.Path, "/attachments") {
			return web.MaxAttachmentUploadBytes
		}
		return httpx.MaxBodyBytes
	}, h)
	h = httpx.SecurityHeaders(false, h)
	h = httpx.Recover(a.log, http.HandlerFunc(a.panicked), h)
	h = httpx.Log(a.log, h)
	return h
}

func (a *App) panicked(w http.ResponseWriter, r *http.Request) {
	if api.IsAPIPath(r.URL.Path) {
		a.API.Panic(w, r)
		return
	}
	a.Web.Panic(w, r)
}

// auditCrossOrigin records a rejected cross-site request as a security event.
func (a *App) auditCrossOrigin(r *http.Request) {
	err := a.DB.InTx(r.Context(), func(tx *sqldb.Tx) error {
		return tx.Audit(r.Context(), audit.Entry{ActorName: "匿名", Action: "csrf.denied", ObjectType: "request",
			ObjectID: r.Method + " " + r.URL.Path, ClientAddr: httpx.ClientAddr(r),
			Changes: map[string]audit.Change{"origin": {New: r.Header.Get("Origin")}, "sec_fetch_site": {New: r.Header.Get("Sec-Fetch-Site")}}})
	})
	if err != nil {
		a.log.Error("audit cross-origin", "err", err)
	}
}

func (a *App) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := a.DB.Ping(ctx); err != nil {
		a.log.Error("healthz", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unreachable\n"))
		return
	}
	w.Write([]byte("ok\n"))
}
