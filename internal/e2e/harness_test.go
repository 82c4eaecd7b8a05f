package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"xieshang/internal/account"
	"xieshang/internal/authz"
	"xieshang/internal/crypt"
	"xieshang/internal/server"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

// committeeName is the committee every test works in; the page header shows it.
const committeeName = "测试市政协"

// env is one test's running application and browser tab.
type env struct {
	t         *testing.T
	app       *server.App
	srv       *httptest.Server
	db        *sqldb.DB
	committee int64
	ctx       context.Context // the tab, with the test's deadline
	artifacts string          // set by artifactsDir
}

// newEnv starts the application over a fresh migrated SQLite database and
// opens a browser tab with no cookies. On failure it saves a screenshot and
// logs the page text and the server log.
func newEnv(t *testing.T) *env {
	t.Helper()
	ctx, tabCtx := newTab(t)
	db := sqldbtest.SQLite(t)
	// Member storage seals mobiles and ID numbers; it refuses to work
	// without a key, as cmd/xieshang would give it.
	c, err := crypt.New(crypt.SM4GCM, crypt.GenerateKey())
	if err != nil {
		t.Fatalf("cipher: %v", err)
	}
	db.Cipher = c
	var logs lockedBuffer
	app, err := server.New(db, server.Config{Version: "e2e"}, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	// Cleanups run last-in first-out: background jobs stop before the
	// database closes, and after the server.
	t.Cleanup(app.Close)
	srv := httptest.NewServer(app.Handler())
	t.Cleanup(srv.Close)
	e := &env{t: t, app: app, srv: srv, db: db, committee: sqldbtest.Committee(t, db, committeeName), ctx: ctx}
	if c := e.cookies(); len(c) > 0 {
		t.Fatalf("a new browser context already has cookies for %s: %v", srv.URL, c)
	}
	// Cleanups run last-in first-out: this one runs before the tab closes.
	t.Cleanup(func() {
		if t.Failed() {
			e.recordFailure(tabCtx, logs.String())
		}
	})
	return e
}

// artifactsDir is where screenshots go: $E2E_ARTIFACTS, or the test's
// temporary folder.
func (e *env) artifactsDir() string {
	e.t.Helper()
	if e.artifacts != "" {
		return e.artifacts
	}
	dir := os.Getenv("E2E_ARTIFACTS")
	if dir == "" {
		dir = e.t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		e.t.Fatalf("artifacts: %v", err)
	}
	e.artifacts = dir
	return dir
}

// screenshot saves a full-page PNG named after the test and returns its path.
func (e *env) screenshot(ctx context.Context, name string) string {
	e.t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		e.t.Errorf("screenshot %s: %v", name, err)
		return ""
	}
	safe := regexp.MustCompile(`[^A-Za-z0-9_.-]+`).ReplaceAllString(e.t.Name()+"-"+name, "_")
	file := filepath.Join(e.artifactsDir(), safe+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		e.t.Errorf("screenshot %s: %v", name, err)
		return ""
	}
	return file
}

// recordFailure keeps what helps to understand a failed journey. ctx has no
// deadline, so this works after the test timed out.
func (e *env) recordFailure(tabCtx context.Context, serverLog string) {
	ctx, cancel := context.WithTimeout(tabCtx, 5*time.Second)
	defer cancel()
	if file := e.screenshot(ctx, "failure"); file != "" {
		keep := ""
		if os.Getenv("E2E_ARTIFACTS") == "" {
			keep = " (removed after the test; set E2E_ARTIFACTS to keep it)"
		}
		e.t.Logf("screenshot of the failure: %s%s", file, keep)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	e.t.Logf("page at failure: %s\n%s", loc, text)
	e.t.Logf("server log:\n%s", serverLog)
}

// lockedBuffer is a bytes.Buffer that the server's goroutines may share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Users.

// user is a test account and the secrets its owner knows.
type user struct {
	account.User
	Password string
	Secret   string // TOTP secret once enrolled
	lastStep int64  // last TOTP step used; the server refuses it again
}

// strongPassword satisfies the password policy.
const strongPassword = "Xieshang-e2e-2026"

// newAccount creates an account the way the command line does, with roles
// and a one-time password that must be changed at first login.
func (e *env) newAccount(username, name string, roles ...authz.Role) *user {
	e.t.Helper()
	u, pw, err := e.app.Accounts.CreateUser(context.Background(), authz.SystemActor(e.committee),
		account.NewUser{CommitteeID: e.committee, Username: username, Name: name, Roles: roles})
	if err != nil {
		e.t.Fatalf("create %s: %v", username, err)
	}
	return &user{User: u, Password: pw}
}

// newUser creates an account whose owner has already replaced the one-time
// password with strongPassword.
func (e *env) newUser(username, name string, roles ...authz.Role) *user {
	e.t.Helper()
	u := e.newAccount(username, name, roles...)
	err := e.app.Accounts.ChangePassword(context.Background(), u.Actor("e2e"), "", u.Password, strongPassword, strongPassword)
	if err != nil {
		e.t.Fatalf("set password of %s: %v", username, err)
	}
	u.Password, u.MustChangePassword = strongPassword, false
	return u
}

// enrollTOTP sets up the second factor of u through the service, as if u
// had done it earlier in another session.
func (e *env) enrollTOTP(u *user) {
	e.t.Helper()
	ctx := context.Background()
	res, err := e.app.Accounts.Login(ctx, u.Username, u.Password, account.Meta{ClientAddr: "e2e"})
	if err != nil {
		e.t.Fatalf("login %s: %v", u.Username, err)
	}
	en, err := e.app.Accounts.BeginTOTPEnrollment(ctx, res.Token)
	if err != nil {
		e.t.Fatalf("begin enrolment of %s: %v", u.Username, err)
	}
	u.Secret = en.Secret
	if err := e.app.Accounts.ConfirmTOTPEnrollment(ctx, res.Token, u.nextCode(e.t), "e2e"); err != nil {
		e.t.Fatalf("confirm enrolment of %s: %v", u.Username, err)
	}
	if err := e.app.Accounts.Logout(ctx, res.Token, "e2e"); err != nil {
		e.t.Fatalf("logout %s: %v", u.Username, err)
	}
}

// lock makes u's account locked by failing to log in MaxFailedAttempts
// times through the service.
func (e *env) lock(u *user) {
	e.t.Helper()
	for range account.MaxFailedAttempts {
		_, err := e.app.Accounts.Login(context.Background(), u.Username, "wrong-"+u.Password, account.Meta{ClientAddr: "198.51.100.7"})
		if err == nil {
			e.t.Fatalf("login of %s with a wrong password succeeded", u.Username)
		}
	}
}

// nextCode returns the authenticator code an honest user would type now:
// the code of the current 30-second step, or of the next step when the
// current one was already used (the server accepts one step of drift but
// never the same step twice). Only a third use within one step waits.
func (u *user) nextCode(t *testing.T) string {
	t.Helper()
	if u.Secret == "" {
		t.Fatalf("%s has no TOTP secret", u.Username)
	}
	for {
		now := account.TOTPStep(time.Now())
		step := max(now, u.lastStep+1)
		if step <= now+1 {
			code, err := account.TOTPCode(u.Secret, step)
			if err != nil {
				t.Fatalf("TOTP code: %v", err)
			}
			u.lastStep = step
			return code
		}
		time.Sleep(time.Until(time.Unix((now+1)*30, 0)) + 50*time.Millisecond)
	}
}

// wrongCode returns a six-digit code that is valid at no step near now.
func (u *user) wrongCode(t *testing.T) string {
	t.Helper()
	valid := map[string]bool{}
	now := account.TOTPStep(time.Now())
	for s := now - 3; s <= now+3; s++ {
		c, err := account.TOTPCode(u.Secret, s)
		if err != nil {
			t.Fatalf("TOTP code: %v", err)
		}
		valid[c] = true
	}
	for i := 0; ; i++ {
		c := fmt.Sprintf("%06d", (123456+i*111111)%1000000)
		if !valid[c] {
			return c
		}
	}
}

// Browser steps. Each fails the test on a browser error.

func (e *env) do(steps ...chromedp.Action[chromedp.Void]) {
	e.t.Helper()
	if err := chromedp.Do(e.ctx, steps...); err != nil {
		e.t.Fatalf("browser: %v", err)
	}
}

// url returns the absolute URL of a path of the application.
func (e *env) url(path string) string { return e.srv.URL + path }

// open loads path and returns the HTTP status of the page shown (after
// redirects).
func (e *env) open(path string) int {
	e.t.Helper()
	resp, err := chromedp.Run(e.ctx, chromedp.NavigateResponse(e.url(path)))
	if err != nil {
		e.t.Fatalf("open %s: %v", path, err)
	}
	return int(resp.Status)
}

// fill sets the value of the form field with the given id.
func (e *env) fill(id, value string) {
	e.t.Helper()
	e.do(chromedp.SetValue(chromedp.ID(id), value))
}

// click clicks the element matched by the CSS selector, such as a
// checkbox, where no new page follows.
func (e *env) click(css string) {
	e.t.Helper()
	e.do(chromedp.Click(chromedp.CSS(css)))
}

// press clicks the element matched by the CSS selector and waits for the
// page it leads to. It returns the HTTP status of that page.
func (e *env) press(css string) int {
	e.t.Helper()
	resp, err := chromedp.RunResponse(e.ctx, chromedp.Click(chromedp.CSS(css)))
	if err != nil {
		e.t.Fatalf("press %s: %v", css, err)
	}
	if resp == nil {
		e.t.Fatalf("press %s: no page loaded", css)
	}
	return int(resp.Status)
}

// submit presses the submit button of the form posting to action.
func (e *env) submit(action string) int {
	e.t.Helper()
	return e.press(fmt.Sprintf(`form[action=%q] button[type=submit]`, action))
}

// path returns the path and query of the page shown.
func (e *env) path() string {
	e.t.Helper()
	loc, err := chromedp.Run(e.ctx, chromedp.Location())
	if err != nil {
		e.t.Fatalf("location: %v", err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		e.t.Fatalf("location %q: %v", loc, err)
	}
	return u.RequestURI()
}

// cookies returns the browser's cookies for the application, by name.
func (e *env) cookies() map[string]*network.Cookie {
	e.t.Helper()
	res, err := chromedp.Call(e.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{e.srv.URL + "/"}})
	if err != nil {
		e.t.Fatalf("cookies: %v", err)
	}
	out := map[string]*network.Cookie{}
	for _, c := range res.Cookies {
		out[c.Name] = c
	}
	return out
}

// wantPath fails unless the page shown is at path (query ignored).
func (e *env) wantPath(path string) {
	e.t.Helper()
	got := e.path()
	if p, _, _ := strings.Cut(got, "?"); p != path {
		e.t.Fatalf("page is %s, want %s", got, path)
	}
}

// eval runs a JavaScript expression in the page.
func eval[T any](e *env, js string) T {
	e.t.Helper()
	v, err := chromedp.Run(e.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		e.t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// text returns the text a person sees in the first element matched by the
// CSS selector, or "" if there is none. It does not wait: pages are fully
// loaded when press and open return.
func (e *env) text(css string) string {
	e.t.Helper()
	return eval[string](e, fmt.Sprintf(`(document.querySelector(%s) || {}).innerText || ""`, jsString(css)))
}

// texts returns the visible texts of every element matched by the selector.
func (e *env) texts(css string) []string {
	e.t.Helper()
	return eval[[]string](e, fmt.Sprintf(`Array.from(document.querySelectorAll(%s), n => n.innerText)`, jsString(css)))
}

// wantText fails unless the element matched by css shows want.
func (e *env) wantText(css, want string) {
	e.t.Helper()
	if got := e.text(css); !strings.Contains(got, want) {
		e.t.Fatalf("%s shows %q, want it to contain %q", css, got, want)
	}
}

// noText fails if the element matched by css shows unwanted.
func (e *env) noText(css, unwanted string) {
	e.t.Helper()
	if got := e.text(css); strings.Contains(got, unwanted) {
		e.t.Fatalf("%s shows %q, which should not contain %q", css, got, unwanted)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// Journeys shared by several tests.

// login fills the login form and submits it; it returns the status of the
// page that follows.
func (e *env) login(name, password string) int {
	e.t.Helper()
	if p, _, _ := strings.Cut(e.path(), "?"); p != "/login" {
		e.open("/login")
	}
	e.fill("login", name)
	e.fill("password", password)
	return e.submit("/login")
}

// loginAs logs u in completely: password, then the second factor if u has
// one, and lands on the home page showing u's name.
func (e *env) loginAs(u *user) {
	e.t.Helper()
	e.login(u.Username, u.Password)
	if u.Secret != "" {
		e.wantPath("/login/totp")
		e.fill("code", u.nextCode(e.t))
		e.submit("/login/totp")
	}
	e.wantPath("/")
	e.wantText("h1", u.Name)
}

// logout presses 退出 in the page header and checks the farewell.
func (e *env) logout() {
	e.t.Helper()
	e.press(`header form[action="/logout"] button`)
	e.wantPath("/login")
	e.wantText("main .alert.ok", "您已安全退出")
}
