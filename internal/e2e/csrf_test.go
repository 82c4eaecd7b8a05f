package e2e

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"xieshang/internal/authz"
)

// A page on another site that makes the browser post a form to the
// application is refused with a page that says why, and does not log the
// member out.
func TestCrossSiteFormIsRefused(t *testing.T) {
	e := newEnv(t)
	u := e.newUser("zhaojiren", "李秀兰", authz.Convener)
	evil := e.evilSite()

	// Login CSRF: the other site tries to log the visitor in as someone.
	e.visitEvil(evil, "/login", url.Values{"login": {u.Username}, "password": {u.Password}})
	e.wantText("main", "请求来自其他网站")
	e.open("/")
	e.wantPath("/login") // no session was started

	// Logout CSRF: the other site tries to end the member's session.
	e.loginAs(u)
	e.visitEvil(evil, "/logout", nil)
	e.wantText("main", "请求来自其他网站")
	e.open("/")
	e.wantPath("/")
	e.wantText("h1", u.Name) // still logged in
}

// evilSite serves, at /?target=…, a page that posts a form to the
// application as soon as it loads. It is reached as "localhost" while the
// application is at "127.0.0.1", so the browser treats it as another site.
func (e *env) evilSite() string {
	e.t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		var fields strings.Builder
		for k, vs := range q {
			if k == "target" {
				continue
			}
			for _, v := range vs {
				fmt.Fprintf(&fields, `<input type="hidden" name="%s" value="%s">`, html.EscapeString(k), html.EscapeString(v))
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><title>免费领取话费</title>
<body onload="document.forms[0].submit()"><p>正在跳转…</p>
<form method="post" action="%s">%s</form></body>`, html.EscapeString(q.Get("target")), fields.String())
	}))
	e.t.Cleanup(srv.Close)
	return strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
}

// visitEvil opens the other site's page that posts fields to path, waits
// for the application's answer and checks it is a 403.
func (e *env) visitEvil(evil, path string, fields url.Values) {
	e.t.Helper()
	q := url.Values{"target": {e.url(path)}}
	for k, v := range fields {
		q[k] = v
	}
	isAnswer := func(ev network.EventResponseReceived) bool {
		return ev.Type == network.ResourceTypeDocument && ev.Response.URL == e.url(path)
	}
	ev, err := chromedp.Run(e.ctx, chromedp.WaitEvent(network.ResponseReceived, isAnswer,
		chromedp.Navigate(evil+"/?"+q.Encode())))
	if err != nil {
		e.t.Fatalf("cross-site post to %s: %v", path, err)
	}
	if ev.Response.Status != http.StatusForbidden {
		e.t.Errorf("cross-site post to %s: status %d, want 403", path, ev.Response.Status)
	}
	// The response has arrived; wait until the browser shows it.
	e.do(chromedp.WaitVisible(chromedp.CSS("main#content h1")))
	e.wantPath(path)
	e.wantText("h1", "没有权限")
}
