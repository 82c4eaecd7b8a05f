package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
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

// env is the real application over a fresh database: two committees, a
// few users with tokens, and a settable clock.
type env struct {
	t      *testing.T
	db     *sqldb.DB
	app    *server.App
	h      http.Handler
	cid    int64 // 示范市政协, where the test users work
	other  int64 // 邻市政协
	users  map[string]account.User
	tokens map[string]string // name → plain token
	logs   *bytes.Buffer
	mu     sync.Mutex
	now    time.Time
}

// start is the fixture's initial time: 09:00 on 2026-11-30 in China.
var start = time.Date(2026, 11, 30, 1, 0, 0, 0, time.UTC)

func newEnv(t *testing.T, db *sqldb.DB) *env {
	t.Helper()
	e := &env{t: t, db: db, users: map[string]account.User{}, tokens: map[string]string{}, logs: &bytes.Buffer{}, now: start}
	db.Clock = func() time.Time { e.mu.Lock(); defer e.mu.Unlock(); return e.now }
	c, err := crypt.New(crypt.SM4GCM, crypt.GenerateKey())
	if err != nil {
		t.Fatal(err)
	}
	db.Cipher = c
	app, err := server.New(db, server.Config{}, slog.New(slog.NewTextHandler(e.logs, nil)))
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	e.app, e.h = app, app.Handler()
	e.cid = sqldbtest.Committee(t, db, "示范市政协")
	e.other = sqldbtest.Committee(t, db, "邻市政协")

	e.user("admin", e.cid, "13800000001", authz.SysAdmin)
	e.user("secadmin", e.cid, "", authz.SecAdmin)
	e.user("auditor", e.cid, "", authz.AuditAdmin)
	e.user("member", e.cid, "13812345678", authz.Member)
	e.user("gone", e.cid, "", authz.Member)
	e.user("stranger", e.other, "", authz.SysAdmin)

	rw := []account.Scope{account.ScopeRead, account.ScopeWrite}
	e.token("admin", "admin", rw, 30)
	e.token("admin-ro", "admin", []account.Scope{account.ScopeRead}, 30)
	e.token("admin-wo", "admin", []account.Scope{account.ScopeWrite}, 30)
	e.token("secadmin", "secadmin", rw, 30)
	e.token("auditor", "auditor", []account.Scope{account.ScopeRead}, 30)
	e.token("member", "member", rw, 30)
	e.token("gone", "gone", rw, 30)
	e.token("stranger", "stranger", rw, 30)
	e.token("revoked", "admin", rw, 30)
	e.token("expired", "admin", rw, 1)

	admin := e.users["admin"].Actor("test")
	var revokedID int64
	list, _ := app.Accounts.Tokens(ctx, admin)
	for _, tk := range list {
		if tk.Name == "revoked" {
			revokedID = tk.ID
		}
	}
	if err := app.Accounts.RevokeToken(ctx, admin, revokedID); err != nil {
		t.Fatal(err)
	}
	if err := app.Accounts.UpdateUser(ctx, admin, e.users["gone"].ID, "gone", "", true); err != nil {
		t.Fatal(err)
	}
	e.advance(25 * time.Hour) // "expired" is now past its one day
	return e
}

func (e *env) advance(d time.Duration) { e.mu.Lock(); e.now = e.now.Add(d); e.mu.Unlock() }

// user creates an account in committee cid through the service.
func (e *env) user(username string, cid int64, mobile string, roles ...authz.Role) account.User {
	e.t.Helper()
	u, _, err := e.app.Accounts.CreateUser(ctx, authz.SystemActor(cid), account.NewUser{CommitteeID: cid,
		Username: username, Name: username + "名", Mobile: mobile, Roles: roles})
	if err != nil {
		e.t.Fatalf("create %s: %v", username, err)
	}
	e.users[username] = u
	return u
}

// token creates a token called name for user.
func (e *env) token(name, user string, scopes []account.Scope, days int) {
	e.t.Helper()
	_, plain, err := e.app.Accounts.CreateToken(ctx, e.users[user].Actor("test"), account.NewToken{Name: name, Scopes: scopes, Days: days})
	if err != nil {
		e.t.Fatalf("token %s: %v", name, err)
	}
	e.tokens[name] = plain
}

// do sends a request as token (a fixture token name, "" for none).
func (e *env) do(method, url, token string, header map[string]string, body io.Reader) *httptest.ResponseRecorder {
	e.t.Helper()
	r := httptest.NewRequest(method, url, body)
	r.RemoteAddr = "192.0.2.7:50000"
	if token != "" {
		plain, ok := e.tokens[token]
		if !ok {
			e.t.Fatalf("no token %q", token)
		}
		r.Header.Set("Authorization", "Bearer "+plain)
	}
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

// getJSON sends an authenticated GET and decodes a 200 answer.
func (e *env) getJSON(url, token string, v any) {
	e.t.Helper()
	w := e.do("GET", url, token, nil, nil)
	if w.Code != http.StatusOK {
		e.t.Fatalf("GET %s: %d %s", url, w.Code, w.Body)
	}
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		e.t.Fatalf("GET %s: %v", url, err)
	}
}

func (e *env) countUsers() int {
	e.t.Helper()
	var n int
	if err := e.db.R.QueryRow("SELECT count(*) FROM users").Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// auditSince returns the actions audited after seq, oldest first, and the
// newest seq.
func (e *env) auditSince(seq int64) ([]string, int64) {
	e.t.Helper()
	var out []string
	last := seq
	err := e.db.View(ctx, func(tx *sqldb.Tx) error {
		es, err := tx.AuditEntries(ctx, audit.Filter{Limit: 200})
		for i := len(es) - 1; i >= 0; i-- {
			if es[i].Seq > seq {
				out = append(out, es[i].Action)
				last = es[i].Seq
			}
		}
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return out, last
}

// scenario is one request and what must come back.
type scenario struct {
	name    string
	method  string
	url     string
	token   string            // fixture token name; "" sends none
	header  map[string]string // extra request headers
	body    string
	chunked bool // send the body with unknown length

	status     int
	headers    map[string]string // response header → substring
	contains   []string          // substrings of the response body
	excludes   []string          // strings the response body must not contain
	fields     map[string]any    // JSON path (a.0.b) → value
	audits     []string          // actions the request audits, in order
	usersAdded int               // accounts the request creates
}

const jsonCT = "application/json"

func TestScenarios(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		val := newResponseValidator(t, e)
		id := func(name string) string { return strconv.FormatInt(e.users[name].ID, 10) }
		ctJSON := map[string]string{"Content-Type": jsonCT}
		bigName := strings.Repeat("长", (1<<20)/3+10)

		scenarios := []scenario{
			// Authentication.
			{name: "no token", method: "GET", url: "/api/v1/me", status: 401,
				headers:  map[string]string{"WWW-Authenticate": `Bearer realm="xieshang"`},
				contains: []string{"缺少访问令牌"},
				fields:   map[string]any{"type": "/api/problems/unauthenticated", "title": "未通过身份认证", "status": 401, "instance": "/api/v1/me"}},
			{name: "basic auth", method: "GET", url: "/api/v1/me", header: map[string]string{"Authorization": "Basic YWRtaW46cHc="},
				status: 401, contains: []string{"缺少访问令牌"}},
			{name: "session cookie is ignored", method: "GET", url: "/api/v1/me", header: map[string]string{"Cookie": "xs_session=abc"},
				status: 401},
			{name: "malformed token", method: "GET", url: "/api/v1/me", header: map[string]string{"Authorization": "Bearer not-a-token"},
				status: 401, headers: map[string]string{"WWW-Authenticate": `error="invalid_token"`},
				fields: map[string]any{"detail": "访问令牌无效"}, audits: []string{"token.failed"}},
			{name: "unknown token", method: "GET", url: "/api/v1/me", header: map[string]string{"Authorization": "bearer xst_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
				status: 401, fields: map[string]any{"detail": "访问令牌无效"}, audits: []string{"token.failed"}},
			{name: "revoked token", method: "GET", url: "/api/v1/me", token: "revoked", status: 401,
				fields: map[string]any{"detail": "访问令牌已被撤销"}, audits: []string{"token.failed"}},
			{name: "expired token", method: "GET", url: "/api/v1/me", token: "expired", status: 401,
				fields: map[string]any{"detail": "访问令牌已过期"}, audits: []string{"token.failed"}},
			{name: "token of a disabled account", method: "GET", url: "/api/v1/me", token: "gone", status: 401,
				contains: []string{"已停用"}, audits: []string{"token.failed"}},
			{name: "read-only token may not write", method: "POST", url: "/api/v1/users", token: "admin-ro", header: ctJSON,
				body: `{"username":"wangwu","name":"王五"}`, status: 403,
				headers: map[string]string{"WWW-Authenticate": `error="insufficient_scope", scope="write"`},
				fields:  map[string]any{"type": "/api/problems/forbidden", "detail": "该访问令牌没有“写入”权限范围,不能执行此操作。请使用具有写入权限的令牌"}},
			{name: "write-only token may not read", method: "GET", url: "/api/v1/me", token: "admin-wo", status: 403,
				contains: []string{"读取"}},

			// Me.
			{name: "me", method: "GET", url: "/api/v1/me", token: "admin", status: 200,
				headers: map[string]string{"Content-Type": jsonCT, "Cache-Control": "no-store"},
				fields: map[string]any{"id": e.users["admin"].ID, "username": "admin", "name": "admin名", "committee_id": e.cid,
					"roles.0.code": "sys_admin", "roles.0.name": "系统管理员", "totp_enabled": false, "must_change_password": true,
					"token.name": "admin", "token.scopes.1": "write"},
				excludes: []string{e.tokens["admin"], "13800000001"}},
			{name: "method not allowed", method: "DELETE", url: "/api/v1/me", token: "admin", status: 405,
				headers: map[string]string{"Allow": "GET, HEAD", "Content-Type": "application/problem+json"},
				fields:  map[string]any{"type": "/api/problems/method-not-allowed"}},
			{name: "unknown path", method: "GET", url: "/api/v1/nope", token: "admin", status: 404,
				headers: map[string]string{"Content-Type": "application/problem+json"},
				fields:  map[string]any{"type": "/api/problems/not-found", "instance": "/api/v1/nope"}, contains: []string{"接口不存在"}},
			{name: "unknown path without token", method: "POST", url: "/api/v2/users", status: 404,
				headers: map[string]string{"Content-Type": "application/problem+json"}},
			{name: "unknown query parameter", method: "GET", url: "/api/v1/me?verbose=1", token: "admin", status: 422,
				fields: map[string]any{"errors.0.field": "verbose", "type": "/api/problems/invalid"}},

			// Listing and reading users.
			{name: "list users masks mobiles", method: "GET", url: "/api/v1/users", token: "admin", status: 200,
				contains: []string{`"mobile":"138****5678"`, `"username":"member"`},
				excludes: []string{"13812345678", "13800000001", `"username":"stranger"`, "next_cursor"}},
			{name: "security admin lists users", method: "GET", url: "/api/v1/users?q=mem", token: "secadmin", status: 200,
				fields: map[string]any{"items.0.username": "member"}},
			{name: "member may not list users", method: "GET", url: "/api/v1/users", token: "member", status: 403,
				fields: map[string]any{"type": "/api/problems/forbidden", "detail": "您没有权限执行此操作"}},
			{name: "limit zero", method: "GET", url: "/api/v1/users?limit=0", token: "admin", status: 422,
				fields: map[string]any{"errors.0.field": "limit"}, contains: []string{"1 至 200"}},
			{name: "limit too large and bad cursor", method: "GET", url: "/api/v1/users?limit=201&cursor=bogus", token: "admin", status: 422,
				fields: map[string]any{"errors.0.field": "limit", "errors.1.field": "cursor"}, contains: []string{"分页游标无效"}},
			{name: "search text too long", method: "GET", url: "/api/v1/users?q=" + url.QueryEscape(strings.Repeat("张", 65)), token: "admin", status: 422,
				fields: map[string]any{"errors.0.field": "q"}},
			{name: "own account", method: "GET", url: "/api/v1/users/" + id("member"), token: "member", status: 200,
				fields: map[string]any{"username": "member", "mobile": "138****5678", "roles.0.name": "委员"}},
			{name: "member may not read another account", method: "GET", url: "/api/v1/users/" + id("admin"), token: "member", status: 403},
			{name: "another committee's account", method: "GET", url: "/api/v1/users/" + id("stranger"), token: "admin", status: 404,
				fields: map[string]any{"detail": "账号不存在", "type": "/api/problems/not-found"}},
			{name: "no such account", method: "GET", url: "/api/v1/users/999999", token: "admin", status: 404},
			{name: "account id not a number", method: "GET", url: "/api/v1/users/abc", token: "admin", status: 404,
				fields: map[string]any{"detail": "账号不存在"}},

			// Creating users: the body.
			{name: "create user", method: "POST", url: "/api/v1/users", token: "admin", header: ctJSON,
				body:   `{"username":"wangwu","name":" 王五 ","mobile":"13912345678"}`,
				status: 201, headers: map[string]string{"Location": "/api/v1/users/"},
				fields: map[string]any{"username": "wangwu", "name": "王五", "mobile": "139****5678", "committee_id": e.cid,
					"must_change_password": true, "disabled": false},
				contains: []string{`"one_time_password":"`}, excludes: []string{"13912345678"},
				audits: []string{"user.create"}, usersAdded: 1},
			{name: "no content type", method: "POST", url: "/api/v1/users", token: "admin", body: `{"username":"a","name":"b"}`,
				status: 415, fields: map[string]any{"type": "/api/problems/unsupported-media-type"}, contains: []string{"Content-Type: application/json"}},
			{name: "form content type", method: "POST", url: "/api/v1/users", token: "admin",
				header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, body: "username=a&name=b",
				status: 415, contains: []string{"请求体须为 JSON"}},
			{name: "non-UTF-8 charset", method: "POST", url: "/api/v1/users", token: "admin",
				header: map[string]string{"Content-Type": "application/json; charset=gbk"}, body: `{}`,
				status: 415, contains: []string{"UTF-8"}},
			{name: "charset utf-8 is fine", method: "POST", url: "/api/v1/users", token: "admin",
				header: map[string]string{"Content-Type": "application/json; charset=UTF-8"}, body: `{"username":"zhaoliu","name":"赵六"}`,
				status: 201, audits: []string{"user.create"}, usersAdded: 1},
			{name: "malformed JSON", method: "POST", url: "/api/v1/users", token: "admin", header: ctJSON,
				body:   "{\n  \"username\": \"lisi\",\n  \"name\": \"李四\",\n}",
				status: 400, fields: map[string]any{"type": "/api/problems/bad-request", "title": "请求格式有误"},
				contains: []string{"JSON 格式错误:第 4 行第 1 列"}},
			{name: "truncated JSON", method: "POST", url: "/api/v1/users", token: "admin", header: ctJSON,
				body: `{"username":"lisi"`, status: 400, contains: []string{"JSON 内容不完整"}},
			{name: "empty body", method: "POST", url: "/api/v1/users", token: "admin", header: ctJSON,
				status: 400, contains: []string{"请求体为空"}},
			{name: "array body", method: "POST", url: "/api/v1/users", token: "admin", header: ctJSON,
				body: `[{"username":"lisi"}]`, status: 400, contains: []string{"应为一个 JSON 对象"}},
			{name: "trailing data", method: "POST", url: "/api/v1/users", token: "admin", header: ctJSON,
				body: `{"username":"lisi","name":"李四"} {"x":1}`, status: 400, contains: []string{"多余的内容"}},
			{name: "invalid UTF-8", method: "POST", url: "/api/v1/users", token: "admin", header: ctJSON,
				body: "{\"username\":\"li\xffsi\",\"name\":\"李四\"}", status: 400, contains: []string{"UTF-8"}},
			{name: "unknown field cannot grant roles", method: "POST", url: "/api/v1/users", token: "admin", header: ctJSON,
				body: `{"username":"lisi","name":"李四","roles":["sys_admin"]}`, status: 422,
				fields: map[string]any{"errors.0.field": "roles", "errors.0.message": "不支持字段“roles”,请检查字段名拼写"}},
			{name: "wrong type", method: "POST", url: "/api/v1/users", token: "admin", header: ctJSON,
				body: `{"username":42,"name":"李四"}`, status: 422,
				fields: map[string]any{"errors.0.field": "username", "errors.0.message": "字段“username”应为字符串"}},
			{name: "oversized body", method: "POST", url: "/api/v1/users", token: "admin", header: ctJSON,
				body: `{"username":"lisi","name":"` + bigName + `"}`, status: 413,
				fields: map[string]any{"type": "/api/problems/too-large"}, contains: []string{"提交的内容过大"}},
			{name: "oversized body of unknown length", method: "POST", url: "/api/v1/users", token: "admin", header: ctJSON,
				body: `{"username":"lisi","name":"` + bigName + `"}`, chunked: true, status: 413},

			// Creating users: the rules, decided by the service.
			{name: "validation errors in Chinese", method: "POST", url: "/api/v1/users", token: "admin", header: ctJSON,
				body: `{"username":"1x","name":"","mobile":"12345"}`, status: 422,
				fields: map[string]any{"type": "/api/problems/invalid", "errors.0.field": "username", "errors.1.field": "name",
					"errors.1.message": "请输入姓名", "errors.2.field": "mobile"},
				contains: []string{"用户名须以字母开头", "手机号码应为 11 位数字"}},
			{name: "duplicate username", method: "POST", url: "/api/v1/users", token: "admin", header: ctJSON,
				body: `{"username":"member","name":"重名"}`, status: 422,
				fields: map[string]any{"errors.0.field": "username", "errors.0.message": "用户名或手机号已被其他账号使用"}},
			{name: "member may not create accounts", method: "POST", url: "/api/v1/users", token: "member", header: ctJSON,
				body: `{"username":"lisi","name":"李四"}`, status: 403},
			{name: "security admin may not create accounts", method: "POST", url: "/api/v1/users", token: "secadmin", header: ctJSON,
				body: `{"username":"lisi","name":"李四"}`, status: 403},
			{name: "cross-site request", method: "POST", url: "/api/v1/users", token: "admin",
				header: map[string]string{"Content-Type": jsonCT, "Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
				body:   `{"username":"lisi","name":"李四"}`, status: 403, contains: []string{"其他网站"},
				headers: map[string]string{"Content-Type": "application/problem+json"}, audits: []string{"csrf.denied"}},

			// Audit.
			{name: "audit admin reads the log", method: "GET", url: "/api/v1/audit?limit=2", token: "auditor", status: 200,
				fields: map[string]any{"items.0.action": "csrf.denied", "items.0.action_name": "跨站请求被拒绝", "items.0.committee_id": 0,
					"items.1.action": "user.create", "items.1.changes.username.new": "zhaoliu"},
				contains: []string{`"next_cursor":"`, `"at":"2026-12-01T02:00:00Z"`}},
			{name: "audit filtered by action prefix and day", method: "GET",
				url: "/api/v1/audit?action=user.&from=2026-11-30&to=2026-11-30", token: "auditor", status: 200,
				fields: map[string]any{"items.0.action": "user.update", "items.0.changes.disabled.new": true,
					"items.0.actor_name": "admin名", "items.0.role": "sys_admin", "items.0.at": "2026-11-30T01:00:00Z",
					"items.1.action": "user.create", "items.1.object_id": id("gone")}},
			{name: "audit filtered by actor", method: "GET", url: "/api/v1/audit?actor=" + url.QueryEscape("命令行"), token: "auditor",
				status: 200, fields: map[string]any{"items.0.action": "user.create", "items.0.role": "system",
					"items.0.actor_name": "命令行操作员", "items.0.object_id": id("gone")}},
			{name: "audit days are China days", method: "GET", url: "/api/v1/audit?from=2026-12-02", token: "auditor", status: 200,
				fields: map[string]any{"items": []any{}}},
			{name: "audit bad dates", method: "GET", url: "/api/v1/audit?from=2026-13-01&to=yesterday", token: "auditor", status: 422,
				fields: map[string]any{"errors.0.field": "from", "errors.1.field": "to"}, contains: []string{"年-月-日"}},
			{name: "audit dates reversed", method: "GET", url: "/api/v1/audit?from=2026-11-30&to=2026-11-01", token: "auditor", status: 422,
				fields: map[string]any{"errors.0.field": "to"}},
			{name: "system admin may not read the log", method: "GET", url: "/api/v1/audit", token: "admin", status: 403},
			{name: "member may not read the log", method: "GET", url: "/api/v1/audit", token: "member", status: 403},

			// Documentation, no token needed.
			{name: "openapi document", method: "GET", url: "/api/openapi.json", status: 200,
				contains: []string{`"openapi": "3.1.0"`, `"operationId": "listUsers"`}},
			{name: "documentation page", method: "GET", url: "/api/docs", status: 200,
				headers:  map[string]string{"Content-Type": "text/html", "Content-Security-Policy": "default-src 'self'"},
				contains: []string{"协商平台 API 文档", "/api/v1/users/{id}", "one_time_password", `href="/api/docs.css"`},
				excludes: []string{"http://", "https://", "<script", "style="}},
			{name: "documentation stylesheet", method: "GET", url: "/api/docs.css", status: 200,
				headers: map[string]string{"Content-Type": "text/css"}},
			{name: "problem type link", method: "GET", url: "/api/problems/invalid", status: 302,
				headers: map[string]string{"Location": "/api/docs#problem-invalid"}},
		}
		e.run(t, val, scenarios)
	})
}

// run plays the scenarios in order, each as a subtest, and validates every
// answer against the OpenAPI document.
func (e *env) run(t *testing.T, val *responseValidator, scenarios []scenario) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			e.t = t
			before := e.countUsers()
			seq := e.lastSeq()
			var body io.Reader
			if sc.body != "" {
				body = strings.NewReader(sc.body)
				if sc.chunked {
					body = io.MultiReader(body) // hides the length from httptest
				}
			}
			w := e.do(sc.method, sc.url, sc.token, sc.header, body)
			check(t, sc, w)
			if got := e.countUsers() - before; got != sc.usersAdded {
				t.Errorf("accounts added: %d, want %d", got, sc.usersAdded)
			}
			if got, _ := e.auditSince(seq); !slices.Equal(got, sc.audits) {
				t.Errorf("audited %v, want %v", got, sc.audits)
			}
			val.check(t, sc.method, sc.url, sc.header, w)
		})
	}
}

// lastSeq returns the newest audit seq.
func (e *env) lastSeq() int64 {
	e.t.Helper()
	var seq int64
	if err := e.db.R.QueryRow("SELECT seq FROM audit_head WHERE id = 1").Scan(&seq); err != nil {
		e.t.Fatal(err)
	}
	return seq
}

// check compares a response with the scenario's expectations. Every error
// is a problem+json with a Chinese detail and the request id.
func check(t *testing.T, sc scenario, w *httptest.ResponseRecorder) {
	t.Helper()
	body := w.Body.String()
	if w.Code != sc.status {
		t.Fatalf("status %d, want %d; body %s", w.Code, sc.status, body)
	}
	for k, v := range sc.headers {
		if got := w.Header().Get(k); !strings.Contains(got, v) {
			t.Errorf("header %s = %q, want it to contain %q", k, got, v)
		}
	}
	for _, s := range sc.contains {
		if !strings.Contains(body, s) {
			t.Errorf("body lacks %q: %s", s, body)
		}
	}
	for _, s := range sc.excludes {
		if strings.Contains(body, s) {
			t.Errorf("body contains %q: %s", s, body)
		}
	}
	if w.Code >= 400 {
		if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("Content-Type %q", ct)
		}
		var p map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
			t.Fatalf("problem: %v", err)
		}
		if p["status"] != float64(w.Code) || p["request_id"] != w.Header().Get("X-Request-Id") || p["request_id"] == "" {
			t.Errorf("problem status/request_id: %v", p)
		}
		if d, _ := p["detail"].(string); !hasHan(d) {
			t.Errorf("detail %q is not Chinese", d)
		}
	}
	if len(sc.fields) == 0 {
		return
	}
	var v any
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, body)
	}
	for path, want := range sc.fields {
		got, ok := lookup(v, path)
		if !ok {
			t.Errorf("%s missing in %s", path, body)
			continue
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

// lookup follows a dotted path of object keys and array indexes.
func lookup(v any, path string) (any, bool) {
	for part := range strings.SplitSeq(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[part]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// TestPagination walks the user list and the audit log page by page and
// compares with one big page: nothing skipped, nothing repeated.
func TestPagination(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		for i := range 11 {
			e.user(fmt.Sprintf("extra%02d", i), e.cid, "")
		}
		type item struct {
			ID  int64 `json:"id"`
			Seq int64 `json:"seq"`
		}
		type list struct {
			Items      []item  `json:"items"`
			NextCursor *string `json:"next_cursor"`
		}
		walk := func(base, token string, limit int, key func(item) int64) []int64 {
			var out []int64
			next := ""
			for pages := 0; ; pages++ {
				if pages > 100 {
					t.Fatalf("%s: no last page", base)
				}
				u := fmt.Sprintf("%s?limit=%d", base, limit)
				if next != "" {
					u += "&cursor=" + url.QueryEscape(next)
				}
				var l list
				e.getJSON(u, token, &l)
				if len(l.Items) > limit || len(l.Items) == 0 && l.NextCursor != nil {
					t.Fatalf("%s: page of %d, next %v", u, len(l.Items), l.NextCursor)
				}
				for _, it := range l.Items {
					out = append(out, key(it))
				}
				if l.NextCursor == nil {
					return out
				}
				if *l.NextCursor == "" {
					t.Fatalf("%s: empty next_cursor", u)
				}
				next = *l.NextCursor
			}
		}
		byID := func(it item) int64 { return it.ID }
		bySeq := func(it item) int64 { return it.Seq }

		all := walk("/api/v1/users", "admin", 200, byID)
		if len(all) != 16 { // 5 fixture users of the committee and 11 extras
			t.Fatalf("%d users", len(all))
		}
		if !slices.IsSorted(all) {
			t.Errorf("users not in id order: %v", all)
		}
		for _, limit := range []int{1, 3, 5, 16, 50} {
			if got := walk("/api/v1/users", "admin", limit, byID); !slices.Equal(got, all) {
				t.Errorf("limit %d: %v, want %v", limit, got, all)
			}
		}

		log := walk("/api/v1/audit", "auditor", 200, bySeq)
		if len(log) < 20 || !slices.IsSortedFunc(log, func(a, b int64) int { return int(b - a) }) {
			t.Fatalf("audit log %v", log)
		}
		for _, limit := range []int{1, 7} {
			if got := walk("/api/v1/audit", "auditor", limit, bySeq); !slices.Equal(got, log) {
				t.Errorf("audit limit %d: %v, want %v", limit, got, log)
			}
		}

		// A cursor of one list is refused by the other.
		var l list
		e.getJSON("/api/v1/users?limit=1", "admin", &l)
		w := e.do("GET", "/api/v1/audit?cursor="+url.QueryEscape(*l.NextCursor), "auditor", nil, nil)
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `"field":"cursor"`) {
			t.Errorf("users cursor on audit: %d %s", w.Code, w.Body)
		}
	})
}

// TestCreateThenRead follows the Location of a created account.
func TestCreateThenRead(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		w := e.do("POST", "/api/v1/users", "admin", map[string]string{"Content-Type": jsonCT},
			strings.NewReader(`{"username":"sunqi","name":"孙七"}`))
		if w.Code != http.StatusCreated {
			t.Fatalf("create: %d %s", w.Code, w.Body)
		}
		var created struct {
			ID              int64  `json:"id"`
			OneTimePassword string `json:"one_time_password"`
		}
		json.Unmarshal(w.Body.Bytes(), &created)
		if len(created.OneTimePassword) < 8 {
			t.Errorf("one-time password %q", created.OneTimePassword)
		}
		loc := w.Header().Get("Location")
		if loc != "/api/v1/users/"+strconv.FormatInt(created.ID, 10) {
			t.Fatalf("Location %q", loc)
		}
		var got map[string]any
		e.getJSON(loc, "admin", &got)
		if got["username"] != "sunqi" || got["name"] != "孙七" {
			t.Errorf("read back %v", got)
		}
		if _, ok := got["one_time_password"]; ok {
			t.Errorf("the one-time password is shown again")
		}
		// The new account logs in with the one-time password.
		if _, err := e.app.Accounts.Login(ctx, "sunqi", created.OneTimePassword, account.Meta{}); err != nil {
			t.Errorf("login with the one-time password: %v", err)
		}
	})
}

// TestInternalErrorsAreHidden breaks the database: the answer is a generic
// 500 problem, and the cause goes to the log only.
func TestInternalErrorsAreHidden(t *testing.T) {
	e := newEnv(t, sqldbtest.SQLite(t))
	e.db.Close()
	w := e.do("GET", "/api/v1/me", "admin", nil, nil)
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("status %d %s", w.Code, w.Body)
	}
	var p map[string]any
	json.Unmarshal(w.Body.Bytes(), &p)
	if p["detail"] != "系统内部错误,请稍后再试" || p["type"] != "/api/problems/internal" || strings.Contains(w.Body.String(), "sql") {
		t.Errorf("problem %s", w.Body)
	}
	if !strings.Contains(e.logs.String(), "api request failed") || !strings.Contains(e.logs.String(), "closed") {
		t.Errorf("log: %s", e.logs)
	}

	w = httptest.NewRecorder()
	e.app.API.Panic(w, httptest.NewRequest("POST", "/api/v1/users", nil))
	if w.Code != http.StatusInternalServerError || w.Header().Get("Content-Type") != "application/problem+json" ||
		!strings.Contains(w.Body.String(), "系统内部错误") {
		t.Errorf("panic answer: %d %s", w.Code, w.Body)
	}
}

// TestLockedAccount shows the end of a lockout in UTC.
func TestLockedAccount(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		for range account.MaxFailedAttempts {
			e.app.Accounts.Login(ctx, "member", "wrong", account.Meta{ClientAddr: "192.0.2.9"})
		}
		var u map[string]any
		e.getJSON("/api/v1/users/"+strconv.FormatInt(e.users["member"].ID, 10), "admin", &u)
		if want := start.Add(25*time.Hour + account.LockDuration).Format(time.RFC3339); u["locked_until"] != want {
			t.Errorf("locked_until %v, want %s", u["locked_until"], want)
		}
		var admin map[string]any
		e.getJSON("/api/v1/users/"+strconv.FormatInt(e.users["admin"].ID, 10), "admin", &admin)
		if _, ok := admin["locked_until"]; ok {
			t.Errorf("admin shown as locked: %v", admin)
		}
	})
}
