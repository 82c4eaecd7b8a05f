package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"xieshang/internal/account"
	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/crypt"
	"xieshang/internal/idcard"
	"xieshang/internal/member"
	"xieshang/internal/org"
	"xieshang/internal/roster"
	"xieshang/internal/server"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

// BenchmarkPages serves the login and home pages through the whole handler
// (middleware, session lookup, template) and, as the baseline of the same
// run, the same bytes from a handler that only writes them. Compare ns/op of
// each page with its "static" twin.
func BenchmarkPages(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			db := sqldbtest.Engine(b, engine)
			c, err := crypt.New(crypt.SM4GCM, crypt.GenerateKey())
			if err != nil {
				b.Fatal(err)
			}
			db.Cipher = c
			app, err := server.New(db, server.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				b.Fatal(err)
			}
			cid := sqldbtest.Committee(b, db, "压测市政协")
			_, temp, err := app.Accounts.CreateUser(ctx, authz.SystemActor(cid), account.NewUser{CommitteeID: cid, Username: "member1", Name: "压测委员", Roles: []authz.Role{authz.Member}})
			if err != nil {
				b.Fatal(err)
			}
			res, _ := app.Accounts.Login(ctx, "member1", temp, account.Meta{})
			if err := app.Accounts.ChangePassword(ctx, res.User.Actor(""), res.Token, temp, pw, pw); err != nil {
				b.Fatal(err)
			}
			benchMembers(b, db, cid, 120)
			h := app.Handler()
			pages := []struct {
				name, path, cookie string
			}{
				{"login", "/login", ""},
				{"home", "/", "xs_session=" + res.Token},
				{"directory", "/members?party=" + url.QueryEscape("民盟"), "xs_session=" + res.Token},
			}
			for _, p := range pages {
				req := httptest.NewRequest("GET", p.path, nil)
				if p.cookie != "" {
					req.Header.Set("Cookie", p.cookie)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 || (p.name == "home" && !strings.Contains(rec.Body.String(), "您好")) {
					b.Fatalf("%s: %d", p.name, rec.Code)
				}
				body := rec.Body.Bytes()
				b.Run(p.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						rec := httptest.NewRecorder()
						h.ServeHTTP(rec, req)
						if rec.Code != 200 {
							b.Fatal(rec.Code)
						}
					}
				})
				static := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
					w.Write(body)
				})
				if p.name == "directory" {
					// The same page with its body rendered afresh each time: a
					// member write between requests.
					b.Run(p.name+"-uncached", func(b *testing.B) {
						for b.Loop() {
							b.StopTimer()
							if _, err := db.W.Exec("UPDATE committees SET directory_version = directory_version + 1"); err != nil {
								b.Fatal(err)
							}
							b.StartTimer()
							h.ServeHTTP(httptest.NewRecorder(), req)
						}
					})
				}
				b.Run(p.name+"-static", func(b *testing.B) {
					for b.Loop() {
						static.ServeHTTP(httptest.NewRecorder(), req)
					}
				})
			}
		})
	}
}

// benchMembers adds n members of 民盟 to the committee.
func benchMembers(b *testing.B, db *sqldb.DB, cid int64, n int) {
	op := authz.SystemActor(cid)
	sec, err := org.NewService(sqldb.Org(db)).AddItem(ctx, op, org.Sectors, "医卫")
	if err != nil {
		b.Fatal(err)
	}
	members := member.NewService(sqldb.Members(db))
	for i := range n {
		birth := time.Date(1960+i%30, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
		m := member.Member{Name: "委员" + strconv.Itoa(i), Gender: member.Male, Party: "民盟", SectorID: sec.ID,
			EmployerTitle: "示范市第一人民医院副院长", Mobile: "139" + strconv.Itoa(10000000+i), IDNumber: idcard.Make("649901", birth, true, i)}
		if _, err := members.Create(ctx, op, m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuditAppend measures a transaction that appends one audit entry
// beside, as baseline, a transaction that inserts one plain row.
func BenchmarkAuditAppend(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			db := sqldbtest.Engine(b, engine)
			b.Run("audit", func(b *testing.B) {
				for b.Loop() {
					if err := db.InTx(ctx, func(tx *sqldb.Tx) error {
						return tx.Audit(ctx, auditEntry())
					}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("plain-insert", func(b *testing.B) {
				i := 0
				for b.Loop() {
					i++
					if err := db.InTx(ctx, func(tx *sqldb.Tx) error {
						return tx.InsertCommittee(ctx, &sqldb.Committee{Name: "c" + itoa(i), Level: "city"})
					}); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func auditEntry() audit.Entry {
	return audit.Entry{ActorID: 1, ActorName: "压测", Role: "member", CommitteeID: 1, Action: "user.update", ObjectType: "user",
		ObjectID: "1", Changes: map[string]audit.Change{"name": {Old: "甲", New: "乙"}}}
}

// BenchmarkExport10k downloads the masked roster of 10,000 members through
// the whole handler (session, authorisation, audit entry, decryption,
// streaming .xlsx) and, as the baseline of the same run, writes the same
// rows with roster.Export from memory.
func BenchmarkExport10k(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			db := sqldbtest.Engine(b, engine)
			c, err := crypt.New(crypt.SM4GCM, crypt.GenerateKey())
			if err != nil {
				b.Fatal(err)
			}
			db.Cipher = c
			app, err := server.New(db, server.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				b.Fatal(err)
			}
			cid := sqldbtest.Committee(b, db, "压测市政协")
			op := authz.SystemActor(cid)
			ms := make([]member.Member, 10000)
			rows := make([]roster.Row, len(ms))
			for i := range ms {
				birth := time.Date(1955+i%35, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
				ms[i] = member.Member{Name: "委员" + strconv.Itoa(i), Gender: member.Male, Ethnicity: "汉族", Party: "民盟",
					EmployerTitle: "示范市某单位职员", Mobile: "139" + strconv.Itoa(10000000+i), IDNumber: idcard.Make("649901", birth, true, i%500)}
				rows[i] = roster.Row{Name: ms[i].Name, Gender: "男", Ethnicity: "汉族", BirthYear: birth.Year(), BirthMonth: int(birth.Month()),
					BirthDay: birth.Day(), Party: "民盟", EmployerTitle: ms[i].EmployerTitle, Mobile: "139****0000", IDNumber: idcard.Mask(ms[i].IDNumber)}
			}
			if _, err := member.Import(ctx, sqldb.Imports(db), op, ms, nil); err != nil {
				b.Fatal(err)
			}
			token := staffSession(b, app, cid, "office1", authz.Office)
			h := app.Handler()
			req := httptest.NewRequest("GET", "/members/export", nil)
			req.Header.Set("Cookie", "xs_session="+token)
			b.Run("handler", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					w := &countingWriter{header: http.Header{}}
					h.ServeHTTP(w, req)
					if w.code != 0 && w.code != 200 || w.n < 100000 {
						b.Fatalf("export: %d, %d bytes", w.code, w.n)
					}
				}
			})
			b.Run("bare-export", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := roster.Export(io.Discard, "压测市政协委员名册", slices.Values(rows), false); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// countingWriter is a ResponseWriter that keeps nothing but the size, so
// that the benchmark measures streaming, not buffering.
type countingWriter struct {
	header http.Header
	code   int
	n      int
}

func (w *countingWriter) Header() http.Header         { return w.header }
func (w *countingWriter) WriteHeader(code int)        { w.code = code }
func (w *countingWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

// BenchmarkProposalPages serves the office's filtered proposal list and a
// proposal's page through the whole handler, over a generated data set
// (xieshang proposals generate; bench/proposals.sh keeps one in
// bench/out/proposals-cache/), beside the same bytes from a handler that
// only writes them. It needs XIESHANG_BENCH_PROPOSALS_DB, a DSN of a copy
// of that data set (it adds an account), and skips without it.
func BenchmarkProposalPages(b *testing.B) {
	dsn := os.Getenv("XIESHANG_BENCH_PROPOSALS_DB")
	if dsn == "" {
		b.Skip("XIESHANG_BENCH_PROPOSALS_DB is not set")
	}
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	c, err := crypt.New(crypt.SM4GCM, crypt.GenerateKey())
	if err != nil {
		b.Fatal(err)
	}
	db.Cipher = c
	app, err := server.New(db, server.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	defer app.Close()
	var cid, pid int64
	if err := db.R.QueryRow("SELECT id FROM committees WHERE name = '压测市政协'").Scan(&cid); err != nil {
		b.Fatal(err)
	}
	if err := db.R.QueryRow("SELECT MAX(id) FROM proposals WHERE committee_id = " + itoa(int(cid)) + " AND state = 'closed' AND mode = 'joint'").Scan(&pid); err != nil {
		b.Fatal(err)
	}
	name := "bench-office-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	token := staffSession(b, app, cid, name, authz.ProposalOffice)
	h := app.Handler()
	for _, p := range []struct{ name, path string }{
		{"list", "/proposals?queue=all&category=" + url.QueryEscape("社会") + "&q=" + url.QueryEscape("养老")},
		{"proposal", "/proposals/" + strconv.FormatInt(pid, 10)},
	} {
		req := httptest.NewRequest("GET", p.path, nil)
		req.Header.Set("Cookie", "xs_session="+token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("%s: %d", p.name, rec.Code)
		}
		body := rec.Body.Bytes()
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatal(rec.Code)
				}
			}
		})
		b.Run(p.name+"-static", func(b *testing.B) {
			for b.Loop() {
				w := httptest.NewRecorder()
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write(body)
			}
		})
	}
}

// staffSession creates a staff account of role in committee cid, enrols its
// authenticator, sets its password and returns a session token that has
// passed two-factor login.
func staffSession(b *testing.B, app *server.App, cid int64, username string, role authz.Role) string {
	_, temp, err := app.Accounts.CreateUser(ctx, authz.SystemActor(cid), account.NewUser{CommitteeID: cid, Username: username,
		Name: username, Roles: []authz.Role{role}})
	if err != nil {
		b.Fatal(err)
	}
	res, err := app.Accounts.Login(ctx, username, temp, account.Meta{})
	if err != nil {
		b.Fatal(err)
	}
	en, err := app.Accounts.BeginTOTPEnrollment(ctx, res.Token)
	if err != nil {
		b.Fatal(err)
	}
	code, _ := account.TOTPCode(en.Secret, account.TOTPStep(time.Now()))
	if err := app.Accounts.ConfirmTOTPEnrollment(ctx, res.Token, code, ""); err != nil {
		b.Fatal(err)
	}
	if err := app.Accounts.ChangePassword(ctx, res.User.Actor(""), res.Token, temp, pw, pw); err != nil {
		b.Fatal(err)
	}
	return res.Token
}

// BenchmarkSubmit posts the drafting form with then=submit (a new 平时提案
// created and submitted in one transaction, with its audit entries, event
// and notifications) through the whole handler from 32 goroutines, and, as
// the baseline of the same run, one-row transactions into a scratch table
// through the same pools. Compare ns/op of "http" with "raw".
func BenchmarkSubmit(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			db := sqldbtest.Engine(b, engine)
			s := newProposalSite(b, db)
			res, err := s.app.Accounts.Login(ctx, "member1", pw, account.Meta{})
			if err != nil {
				b.Fatal(err)
			}
			h := s.app.Handler()
			form := url.Values{"title": {"关于社区养老服务的建议"}, "category": {"社会"}, "kind": {"individual"}, "timing": {"regular"},
				"situation": {"我市社区居家养老服务供给不足,助餐、助浴等服务覆盖面不广。"}, "analysis": {"统筹不够,投入不足。"},
				"suggestion": {"一是加强统筹规划;二是加大财政投入。"}, "one_matter": {"1"}, "version": {"0"}, "then": {"submit"}}.Encode()
			b.Run("http", func(b *testing.B) {
				b.SetParallelism(16)
				b.ReportAllocs()
				txs0, commits0 := db.GroupStats()
				defer func() {
					txs, commits := db.GroupStats()
					b.ReportMetric(float64(txs-txs0)/float64(max(commits-commits0, 1)), "tx/commit")
				}()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						req := httptest.NewRequest("POST", "/proposals/new", strings.NewReader(form))
						req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
						req.Header.Set("Cookie", "xs_session="+res.Token)
						rec := httptest.NewRecorder()
						h.ServeHTTP(rec, req)
						if rec.Code != http.StatusSeeOther {
							b.Fatalf("%d %.500s", rec.Code, rec.Body.String())
						}
					}
				})
			})
			ddl, q := "CREATE TABLE bench_raw (id INTEGER PRIMARY KEY, title TEXT NOT NULL, at TEXT NOT NULL)",
				"INSERT INTO bench_raw (title, at) VALUES (?, ?)"
			if db.Dialect == sqldb.Postgres {
				ddl, q = "CREATE TABLE bench_raw (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, title TEXT NOT NULL, at TEXT NOT NULL)",
					"INSERT INTO bench_raw (title, at) VALUES ($1, $2)"
			}
			if _, err := db.W.Exec(ddl); err != nil {
				b.Fatal(err)
			}
			b.Run("raw", func(b *testing.B) {
				b.SetParallelism(16)
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						tx, err := db.W.Begin()
						if err != nil {
							b.Fatal(err)
						}
						if _, err := tx.Exec(q, "关于社区养老服务的建议", time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
							b.Fatal(err)
						}
						if err := tx.Commit(); err != nil {
							b.Fatal(err)
						}
					}
				})
			})
		})
	}
}
