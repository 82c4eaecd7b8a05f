package api

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"xieshang/internal/account"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/httpx"
)

// request is what an operation's handler receives: the HTTP request, the
// route it matched, and the token, its user and the actor they make.
type request struct {
	*http.Request
	route *route
	token account.Token
	user  account.User
	actor authz.Actor
}

// serve returns the handler of rt: it authenticates the bearer token,
// checks the token's scope and the query parameters, then runs the
// operation and answers its error, if any, as a problem.
func (a *API) serve(rt *route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, err := a.authenticate(w, r, rt)
		if err == nil {
			err = checkQuery(r, rt)
		}
		if err == nil {
			err = rt.handle(a, w, req)
		}
		if err != nil {
			a.fail(w, r, err)
		}
	})
}

// authenticate reads "Authorization: Bearer xst_…" and returns the request
// as its token's user. A missing or unusable token is Unauthenticated; a
// token without rt's scope is Forbidden. It sets the RFC 6750 challenge.
func (a *API) authenticate(w http.ResponseWriter, r *http.Request, rt *route) (*request, error) {
	plain, ok := bearer(r.Header.Get("Authorization"))
	if !ok {
		return nil, errs.E(errs.Unauthenticated, "缺少访问令牌:请在请求头中提供 Authorization: Bearer 令牌。令牌可在个人中心的“API 访问令牌”页面创建")
	}
	addr := httpx.ClientAddr(r)
	t, u, err := a.accounts.AuthenticateToken(r.Context(), plain, addr)
	if err != nil {
		if errs.Is(err, errs.Unauthenticated) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="xieshang", error="invalid_token"`)
		}
		return nil, err
	}
	if !t.HasScope(rt.Scope) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="xieshang", error="insufficient_scope", scope="`+string(rt.Scope)+`"`)
		return nil, errs.E(errs.Forbidden, "该访问令牌没有“%s”权限范围,不能执行此操作。请使用具有%s权限的令牌", scopeName(rt.Scope), scopeName(rt.Scope))
	}
	return &request{Request: r, route: rt, token: t, user: u, actor: u.Actor(addr)}, nil
}

// bearer returns the token of an Authorization header value of the Bearer
// scheme (matched case-insensitively, RFC 9110).
func bearer(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return token, true
}

// scopeName returns the Chinese name of a token scope.
func scopeName(s account.Scope) string {
	if s == account.ScopeWrite {
		return "写入"
	}
	return "读取"
}

// checkQuery refuses query parameters rt does not declare, so that a
// misspelt filter is reported instead of silently ignored.
func checkQuery(r *http.Request, rt *route) error {
	var c errs.Check
	names := make([]string, 0, len(r.URL.Query()))
	for name := range r.URL.Query() {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if !rt.declares(name, "query") {
			name = truncateRunes(name, 40)
			c.Add(name, "不支持查询参数“"+name+"”")
		}
	}
	return c.Err()
}

// query returns the query parameter name, which the route must declare: a
// handler reading an undeclared parameter is a programming error that would
// leave the parameter undocumented, so it panics.
func (r *request) query(name string) string {
	if !r.route.declares(name, "query") {
		panic("api: operation " + r.route.ID + " reads undeclared query parameter " + name)
	}
	return r.URL.Query().Get(name)
}

// pathID returns the path parameter name as a positive id, or a NotFound
// error naming what was not found.
func (r *request) pathID(name, what string) (int64, error) {
	if !r.route.declares(name, "path") {
		panic("api: operation " + r.route.ID + " reads undeclared path parameter " + name)
	}
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "%s不存在", what)
	}
	return id, nil
}

// truncateRunes cuts s to at most n runes, marking the cut with "…".
func truncateRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
