package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"xieshang/internal/account"
	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/crypt"
	"xieshang/internal/server"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

func TestMain(m *testing.M) { sqldbtest.Main(m) }

var ctx = context.Background()

const pw = "Secret-Pass-1"

// site is a running app with a committee and a few users.
type site struct {
	t   testing.TB
	db  *sqldb.DB
	app *server.App
	srv *httptest.Server
	cid int64
}

func newSite(t testing.TB, db *sqldb.DB) *site {
	c, err := crypt.New(crypt.SM4GCM, crypt.GenerateKey())
	if err != nil {
		t.Fatal(err)
	}
	db.Cipher = c
	app, err := server.New(db, server.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	s := &site{t: t, db: db, app: app, srv: httptest.NewServer(app.Handler()), cid: sqldbtest.Committee(t, db, "示范市政协")}
	t.Cleanup(s.srv.Close)
	return s
}

// user creates an account whose password is pw and needs no change.
func (s *site) user(username string, roles ...authz.Role) account.User {
	s.t.Helper()
	u, temp, err := s.app.Accounts.CreateUser(ctx, authz.SystemActor(s.cid), account.NewUser{CommitteeID: s.cid, Username: username, Name: username, Roles: roles})
	if err != nil {
		s.t.Fatal(err)
	}
	res, err := s.app.Accounts.Login(ctx, username, temp, account.Meta{})
	if err != nil {
		s.t.Fatal(err)
	}
	if err := s.app.Accounts.ChangePassword(ctx, res.User.Actor(""), res.Token, temp, pw, pw); err != nil {
		s.t.Fatal(err)
	}
	return u
}

// client returns an HTTP client with its own cookie jar that does not
// follow redirects.
func (s *site) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (s *site) do(c *http.Client, method, path string, form url.Values, header map[string]string) (int, http.Header, string) {
	s.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, s.srv.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func (s *site) login(c *http.Client, username string) {
	s.t.Helper()
	code, h, body := s.do(c, "POST", "/login", url.Values{"login": {username}, "password": {pw}}, nil)
	if code != http.StatusSeeOther || h.Get("Location") != "/" {
		s.t.Fatalf("login %s: %d %s %s", username, code, h.Get("Location"), body)
	}
}

func (s *site) auditCount(action string) int {
	n := 0
	s.db.View(ctx, func(tx *sqldb.Tx) error {
		es, _ := tx.AuditEntries(ctx, audit.Filter{Action: action, Limit: 200})
		n = len(es)
		return nil
	})
	return n
}

func (s *site) userCount() int {
	n := 0
	s.db.View(ctx, func(tx *sqldb.Tx) error {
		us, _ := tx.ListUsers(ctx, s.cid, "", 0, 1000)
		n = len(us)
		return nil
	})
	return n
}

// TestPageScenarios runs request scenarios against the real handler.
func TestPageScenarios(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db)
		s.user("member1", authz.Member)
		s.user("sys1", authz.SysAdmin)
		member := s.client()
		s.login(member, "member1")
		anon := s.client()

		big := url.Values{"login": {"member1"}, "password": {strings.Repeat("x", 2<<20)}}
		tests := []struct {
			name     string
			c        *http.Client
			method   string
			path     string
			form     url.Values
			header   map[string]string
			status   int
			location string
			contains []string
			absent   []string
		}{
			{name: "healthz", c: anon, method: "GET", path: "/healthz", status: 200, contains: []string{"ok"}},
			{name: "login page", c: anon, method: "GET", path: "/login", status: 200, contains: []string{"用户名或手机号", "连续输错 5 次"}},
			{name: "home needs login", c: anon, method: "GET", path: "/", status: 303, location: "/login"},
			{name: "deep page keeps next", c: anon, method: "GET", path: "/tokens", status: 303, location: "/login?next=%2Ftokens"},
			{name: "empty login", c: anon, method: "POST", path: "/login", form: url.Values{}, status: 422, contains: []string{"请输入用户名或手机号", "请输入密码", `aria-invalid="true"`}},
			{name: "wrong password", c: anon, method: "POST", path: "/login", form: url.Values{"login": {"member1"}, "password": {"nope"}}, status: 401, contains: []string{"用户名或密码错误", "再错 4 次"}},
			{name: "unknown user", c: anon, method: "POST", path: "/login", form: url.Values{"login": {"ghost"}, "password": {"nope"}}, status: 401, contains: []string{"用户名或密码错误"}, absent: []string{"再错"}},
			{name: "oversized body", c: anon, method: "POST", path: "/login", form: big, status: 413, contains: []string{"内容过大"}},
			{name: "tampered cookie", c: anon, method: "GET", path: "/", header: map[string]string{"Cookie": "xs_session=forged"}, status: 303, location: "/login?reason="},
			{name: "open redirect refused", c: anon, method: "POST", path: "/login", form: url.Values{"login": {"member1"}, "password": {pw}, "next": {"//evil.example/"}}, status: 303, location: "/"},
			{name: "member home", c: member, method: "GET", path: "/", status: 200, contains: []string{"member1,您好", "委员工作台"}},
			{name: "member cannot list accounts", c: member, method: "GET", path: "/admin/users", status: 403, contains: []string{"没有权限"}},
			{name: "member cannot read audit", c: member, method: "GET", path: "/audit", status: 403},
			{name: "member cannot create accounts", c: member, method: "POST", path: "/admin/users/new", form: url.Values{"username": {"abc"}, "name": {"x"}}, status: 403},
			{name: "unknown page", c: member, method: "GET", path: "/no/such/page", status: 404, contains: []string{"页面不存在"}},
			{name: "cross-site post refused", c: member, method: "POST", path: "/logout", header: map[string]string{"Sec-Fetch-Site": "cross-site"}, status: 403, contains: []string{"请求来自其他网站"}},
			{name: "cross-origin post refused", c: member, method: "POST", path: "/tokens", form: url.Values{"name": {"x"}}, header: map[string]string{"Origin": "http://evil.example"}, status: 403},
			{name: "bad token form", c: member, method: "POST", path: "/tokens", form: url.Values{"name": {""}, "days": {"0"}}, status: 422, contains: []string{"请为令牌起一个名称", "请至少选择一项权限范围", "有效期应在"}},
			{name: "static asset with wrong hash", c: anon, method: "GET", path: "/static/000000000000/app.css", status: 404},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := s.userCount()
				code, h, body := s.do(tt.c, tt.method, tt.path, tt.form, tt.header)
				if code != tt.status {
					t.Fatalf("status %d, want %d; body: %.300s", code, tt.status, body)
				}
				if tt.location != "" && !strings.HasPrefix(h.Get("Location"), tt.location) {
					t.Errorf("location %q, want prefix %q", h.Get("Location"), tt.location)
				}
				for _, c := range tt.contains {
					if !strings.Contains(body, c) {
						t.Errorf("body lacks %q: %.500s", c, body)
					}
				}
				for _, a := range append(tt.absent, "goroutine", "panic", "sql:", "SQLSTATE") {
					if strings.Contains(body, a) {
						t.Errorf("body contains %q", a)
					}
				}
				if h.Get("Content-Security-Policy") == "" || h.Get("X-Content-Type-Options") != "nosniff" {
					t.Errorf("security headers missing: %v", h)
				}
				if after := s.userCount(); after != before {
					t.Errorf("users %d → %d", before, after)
				}
			})
		}
		if n := s.auditCount("csrf.denied"); n != 2 {
			t.Errorf("csrf.denied audited %d times, want 2", n)
		}
	})
}

func TestStaticAssetsAreCacheBusted(t *testing.T) {
	s := newSite(t, sqldbtest.SQLite(t))
	_, _, body := s.do(s.client(), "GET", "/login", nil, nil)
	i := strings.Index(body, "/static/")
	if i < 0 {
		t.Fatal("no asset link")
	}
	href := body[i : i+strings.IndexByte(body[i:], '"')]
	code, h, css := s.do(s.client(), "GET", href, nil, nil)
	if code != 200 || !strings.Contains(h.Get("Cache-Control"), "immutable") || len(css) < 100 {
		t.Errorf("asset %s: %d %v", href, code, h.Get("Cache-Control"))
	}
}

func TestIdleSessionExpires(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		now := time.Now()
		db.Clock = func() time.Time { return now }
		s := newSite(t, db)
		s.user("member1", authz.Member)
		c := s.client()
		s.login(c, "member1")
		now = now.Add(31 * time.Minute)
		code, h, _ := s.do(c, "GET", "/", nil, nil)
		loc, _ := url.Parse(h.Get("Location"))
		if code != 303 || loc.Path != "/login" || !strings.Contains(loc.Query().Get("reason"), "30 分钟未操作") {
			t.Fatalf("after idle: %d %s", code, h.Get("Location"))
		}
		code, _, body := s.do(c, "GET", h.Get("Location"), nil, nil)
		if code != 200 || !strings.Contains(body, "30 分钟未操作") {
			t.Errorf("login page does not say why: %d", code)
		}
	})
}

func TestLogoutEndsSession(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db)
		s.user("member1", authz.Member)
		c := s.client()
		s.login(c, "member1")
		u, _ := url.Parse(s.srv.URL)
		stolen := c.Jar.Cookies(u)
		if code, _, _ := s.do(c, "POST", "/logout", url.Values{}, nil); code != 303 {
			t.Fatalf("logout: %d", code)
		}
		// Replaying the old cookie after logout does not log in.
		c2 := s.client()
		c2.Jar.SetCookies(u, stolen)
		if code, h, _ := s.do(c2, "GET", "/", nil, nil); code != 303 || !strings.HasPrefix(h.Get("Location"), "/login") {
			t.Errorf("old cookie still works: %d %s", code, h.Get("Location"))
		}
	})
}

// A session that cannot be looked up (here: the database is gone) is not
// a logged-out session: the member gets an error page, not the login page,
// and keeps the cookie, to carry on once the fault passes.
func TestSessionLookupFailureKeepsSession(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db)
		s.user("member1", authz.Member)
		c := s.client()
		s.login(c, "member1")
		db.Close()
		for _, method := range []string{"GET", "POST"} {
			code, h, body := s.do(c, method, "/proposals/new", url.Values{"title": {"关于加快老旧小区加装电梯的建议"}}, nil)
			if code != http.StatusInternalServerError || !strings.Contains(body, "请稍后再试") || strings.Contains(body, "sql") {
				t.Errorf("%s while the database is gone: %d %s %.300s", method, code, h.Get("Location"), body)
			}
			for _, sc := range h.Values("Set-Cookie") {
				if strings.HasPrefix(sc, "xs_session=") {
					t.Errorf("%s: the session cookie was touched: %s", method, sc)
				}
			}
		}
	})
}

func TestWrongTOTPAtLogin(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db)
		u := s.user("office1", authz.Office)
		// Enrol through the service, as the enrolment page would.
		res, _ := s.app.Accounts.Login(ctx, "office1", pw, account.Meta{})
		en, _ := s.app.Accounts.BeginTOTPEnrollment(ctx, res.Token)
		code, _ := account.TOTPCode(en.Secret, account.TOTPStep(time.Now()))
		if err := s.app.Accounts.ConfirmTOTPEnrollment(ctx, res.Token, code, ""); err != nil {
			t.Fatal(err)
		}
		c := s.client()
		st, h, _ := s.do(c, "POST", "/login", url.Values{"login": {"office1"}, "password": {pw}}, nil)
		if st != 303 || h.Get("Location") != "/login/totp" {
			t.Fatalf("password step: %d %s", st, h.Get("Location"))
		}
		// Half-logged-in sessions cannot reach pages.
		if st, h, _ := s.do(c, "GET", "/", nil, nil); st != 303 || h.Get("Location") != "/login/totp" {
			t.Errorf("home before TOTP: %d %s", st, h.Get("Location"))
		}
		st, _, body := s.do(c, "POST", "/login/totp", url.Values{"code": {"12345x"}}, nil)
		if st != 422 || !strings.Contains(body, "动态验证码错误") {
			t.Errorf("wrong code: %d %.300s", st, body)
		}
		_ = u
	})
}

// loginStaff logs in a user whose role needs TOTP, enrolling their
// authenticator through the service as the enrolment page would.
func (s *site) loginStaff(c *http.Client, username string, userID int64) {
	s.t.Helper()
	code, h, _ := s.do(c, "POST", "/login", url.Values{"login": {username}, "password": {pw}}, nil)
	if code != http.StatusSeeOther || h.Get("Location") != "/totp/enroll" {
		s.t.Fatalf("staff login %s: %d %s", username, code, h.Get("Location"))
	}
	u, _ := url.Parse(s.srv.URL)
	var token string
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "xs_session" {
			token = ck.Value
		}
	}
	en, err := s.app.Accounts.BeginTOTPEnrollment(ctx, token)
	if err != nil {
		s.t.Fatal(err)
	}
	totp, _ := account.TOTPCode(en.Secret, account.TOTPStep(time.Now()))
	if err := s.app.Accounts.ConfirmTOTPEnrollment(ctx, token, totp, ""); err != nil {
		s.t.Fatal(err)
	}
}

func TestHealthzReportsUnreachableDatabase(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db)
		if code, _, _ := s.do(s.client(), "GET", "/healthz", nil, nil); code != 200 {
			t.Fatalf("healthy: %d", code)
		}
		db.Close()
		code, _, body := s.do(s.client(), "GET", "/healthz", nil, nil)
		if code != 503 || strings.Contains(body, "sql") {
			t.Errorf("database closed: %d %q", code, body)
		}
	})
}
