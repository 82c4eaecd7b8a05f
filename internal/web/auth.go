package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"xieshang/internal/account"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/httpx"
)

type ctxKey int

const (
	userKey ctxKey = iota
	sessionKey
	tokenKey
)

func userFrom(r *http.Request) *account.User {
	u, _ := r.Context().Value(userKey).(*account.User)
	return u
}

func sessionFrom(r *http.Request) *account.Session {
	s, _ := r.Context().Value(sessionKey).(*account.Session)
	return s
}

func tokenFrom(r *http.Request) string {
	t, _ := r.Context().Value(tokenKey).(string)
	return t
}

// versions returns the cache counters of the viewer's committee as read
// with the session, or nil if they were not.
func versions(r *http.Request) *account.CommitteeVersions {
	if s := sessionFrom(r); s != nil && s.Versions.Proposals > 0 {
		return &s.Versions
	}
	return nil
}

// actor returns the logged-in user as an authz actor.
func actor(r *http.Request) authz.Actor {
	return userFrom(r).Actor(httpx.ClientAddr(r))
}

func (s *Server) cookieName() string {
	if s.cfg.SecureCookies {
		return "__Host-xs_session"
	}
	return "xs_session"
}

func (s *Server) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: token, Path: "/", HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// authenticate loads the session named by the cookie. ok is false when
// there is none; then reason says why, for the login page. err is a
// failure to look the session up (the database unreachable, say): the
// session may well be valid, so its cookie stays and the caller shows an
// error instead of the login page — a member is not logged out, and does
// not lose the form just sent, because of a passing fault.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (*http.Request, bool, string, error) {
	c, err := r.Cookie(s.cookieName())
	if err != nil || c.Value == "" {
		return r, false, "", nil
	}
	sess, u, err := s.accounts.Authenticate(r.Context(), c.Value)
	if errs.Is(err, errs.Unauthenticated) {
		s.clearSessionCookie(w)
		return r, false, errs.Message(err), nil
	}
	if err != nil {
		return r, false, "", errs.Wrap(errs.Internal, err, "会话查询失败")
	}
	ctx := context.WithValue(r.Context(), userKey, &u)
	ctx = context.WithValue(ctx, sessionKey, &sess)
	ctx = context.WithValue(ctx, tokenKey, c.Value)
	return r.WithContext(ctx), true, "", nil
}

func (s *Server) toLogin(w http.ResponseWriter, r *http.Request, reason string) {
	q := url.Values{}
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		q.Set("next", r.URL.RequestURI())
	}
	if reason != "" {
		q.Set("reason", reason)
	}
	target := "/login"
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// stageHome is where a session at a stage must go next.
func stageHome(sess *account.Session, u *account.User) string {
	switch {
	case sess.Stage == account.StageTOTP:
		return "/login/totp"
	case sess.Stage == account.StageEnroll:
		return "/totp/enroll"
	case u.MustChangePassword:
		return "/password"
	}
	return "/"
}

// partial admits sessions half-way through login at stage (and, for
// enrolment, fully logged-in users who choose to add a second factor).
func (s *Server) partial(stage account.Stage, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r, ok, reason, err := s.authenticate(w, r)
		if err != nil {
			s.fail(w, r, nil, nil, err)
			return
		}
		if !ok {
			s.toLogin(w, r, reason)
			return
		}
		sess := sessionFrom(r)
		if sess.Stage != stage && !(stage == account.StageEnroll && sess.Stage == account.StageOK) {
			http.Redirect(w, r, stageHome(sess, userFrom(r)), http.StatusSeeOther)
			return
		}
		h(w, r)
	}
}

// loggedIn admits fully logged-in sessions, even those that must still
// change their password.
func (s *Server) loggedIn(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r, ok, reason, err := s.authenticate(w, r)
		if err != nil {
			s.fail(w, r, nil, nil, err)
			return
		}
		if !ok {
			s.toLogin(w, r, reason)
			return
		}
		if sess := sessionFrom(r); sess.Stage != account.StageOK {
			http.Redirect(w, r, stageHome(sess, userFrom(r)), http.StatusSeeOther)
			return
		}
		h(w, r)
	}
}

// ready admits fully logged-in users whose password needs no change.
func (s *Server) ready(h http.HandlerFunc) http.HandlerFunc {
	return s.loggedIn(func(w http.ResponseWriter, r *http.Request) {
		if userFrom(r).MustChangePassword {
			http.Redirect(w, r, "/password", http.StatusSeeOther)
			return
		}
		h(w, r)
	})
}

// safeNext accepts only local paths as a post-login destination.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func meta(r *http.Request) account.Meta {
	return account.Meta{ClientAddr: httpx.ClientAddr(r), UserAgent: r.UserAgent()}
}
