package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"xieshang/internal/account"
	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
)

const pageSize = 50

func (s *Server) users(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	a := actor(r)
	list, err := s.accounts.Users(r.Context(), a, q.Get("q"), after, pageSize+1)
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	d := usersData{Users: list, CanCreate: authz.Can(a, authz.CreateAccount, authz.Object{CommitteeID: a.CommitteeID})}
	if len(list) > pageSize {
		d.Users = list[:pageSize]
		d.Next = "/admin/users?q=" + url.QueryEscape(q.Get("q")) + "&after=" + strconv.FormatInt(d.Users[pageSize-1].ID, 10)
	}
	p := &Page{Title: "账号管理", Form: q}
	s.render(w, r, http.StatusOK, usersView(p, d), p)
}

func (s *Server) newUserForm(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	if err := authz.Check(a, authz.CreateAccount, authz.Object{CommitteeID: a.CommitteeID}); err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	p := &Page{Title: "新建账号"}
	s.render(w, r, http.StatusOK, userNewView(p), p)
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	p := &Page{Title: "新建账号", Form: r.PostForm}
	u, pw, err := s.accounts.CreateUser(r.Context(), a, account.NewUser{CommitteeID: a.CommitteeID,
		Username: r.PostFormValue("username"), Name: r.PostFormValue("name"), Mobile: r.PostFormValue("mobile")})
	if err != nil {
		s.fail(w, r, userNewView(p), p, err)
		return
	}
	s.userPage(w, r, u.ID, "账号已创建。", pw, nil)
}

// userPage renders one account with the actions the actor may take.
func (s *Server) userPage(w http.ResponseWriter, r *http.Request, id int64, flash, oneTime string, formErr error) {
	a := actor(r)
	u, err := s.accounts.User(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	obj := authz.Object{CommitteeID: u.CommitteeID, OwnerID: u.ID}
	var roles []roleChoice
	for _, role := range authz.Roles {
		held := false
		for _, h := range u.Roles {
			held = held || h == role
		}
		roles = append(roles, roleChoice{role, held})
	}
	p := &Page{Title: u.Name, Flash: flash}
	d := userData{Target: u, OneTime: oneTime, AllRoles: roles, Locked: u.Locked(time.Now()),
		CanEdit:   authz.Can(a, authz.EditAccount, obj),
		CanSecure: authz.Can(a, authz.AssignRole, obj),
	}
	if d.CanEdit {
		if d.Email, err = s.accounts.UserEmail(r.Context(), a, id); err != nil {
			s.fail(w, r, nil, nil, err)
			return
		}
		if formErr != nil {
			d.Email = r.PostFormValue("email") // what was typed, with its error
		}
	}
	view := userView(p, d)
	if formErr != nil {
		s.fail(w, r, view, p, formErr)
		return
	}
	s.render(w, r, http.StatusOK, view, p)
}

// userURL is the page of account id, or the path of one of its actions.
func userURL(id int64, action string) string {
	u := "/admin/users/" + strconv.FormatInt(id, 10)
	if action != "" {
		u += "/" + action
	}
	return u
}

func pathID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}

func (s *Server) user(w http.ResponseWriter, r *http.Request) {
	flash := map[string]string{"saved": "已保存。", "unlocked": "已解除锁定。", "totp": "双因素认证已重置。", "roles": "角色已更新。"}[r.URL.Query().Get("done")]
	s.userPage(w, r, pathID(r), flash, "", nil)
}

// after runs an administrative action and shows the account again: with a
// flash on success, with the error on the page otherwise.
func (s *Server) after(w http.ResponseWriter, r *http.Request, done string, err error) {
	id := pathID(r)
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
		s.userPage(w, r, id, "", "", err)
		return
	}
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	http.Redirect(w, r, userURL(id, "")+"?done="+done, http.StatusSeeOther)
}

func (s *Server) editUser(w http.ResponseWriter, r *http.Request) {
	e := account.AccountEdit{Name: r.PostFormValue("name"), Mobile: r.PostFormValue("mobile"), Disabled: r.PostFormValue("disabled") == "1"}
	if _, ok := r.PostForm["email"]; ok {
		email := r.PostFormValue("email")
		e.Email = &email
	}
	s.after(w, r, "saved", s.accounts.EditUser(r.Context(), actor(r), pathID(r), e))
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) {
	pw, err := s.accounts.ResetPassword(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.after(w, r, "", err)
		return
	}
	s.userPage(w, r, pathID(r), "密码已重置,该用户的登录会话已全部结束。", pw, nil)
}

func (s *Server) setRoles(w http.ResponseWriter, r *http.Request) {
	var roles []authz.Role
	for _, v := range r.PostForm["role"] {
		roles = append(roles, authz.Role(v))
	}
	s.after(w, r, "roles", s.accounts.SetRoles(r.Context(), actor(r), pathID(r), roles))
}

func (s *Server) unlock(w http.ResponseWriter, r *http.Request) {
	s.after(w, r, "unlocked", s.accounts.Unlock(r.Context(), actor(r), pathID(r)))
}

func (s *Server) resetTOTP(w http.ResponseWriter, r *http.Request) {
	s.after(w, r, "totp", s.accounts.ResetTOTP(r.Context(), actor(r), pathID(r)))
}

// parseDay reads a yyyy-mm-dd date as the start of that day in CST.
func parseDay(field, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02", v, account.CST)
	if err != nil {
		return time.Time{}, errs.Field(field, "日期格式应为 年-月-日,例如 2026-01-31")
	}
	return t, nil
}

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := &Page{Title: "审计日志", Form: q}
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	from, err1 := parseDay("from", q.Get("from"))
	to, err2 := parseDay("to", q.Get("to"))
	if !to.IsZero() {
		to = to.AddDate(0, 0, 1)
	}
	f := audit.Filter{ActorName: q.Get("actor"), Action: q.Get("action"), From: from, To: to, BeforeSeq: before, Limit: pageSize}
	entries, err := s.audit.List(r.Context(), actor(r), f)
	if err == nil {
		err = errsJoin(err1, err2)
	}
	d := auditData{Entries: entries, Actions: audit.SortedActions()}
	if err != nil {
		s.fail(w, r, auditView(p, d), p, err)
		return
	}
	if len(entries) == pageSize {
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("before", strconv.FormatInt(entries[len(entries)-1].Seq, 10))
		d.Next = "/audit?" + nq.Encode()
	}
	s.render(w, r, http.StatusOK, auditView(p, d), p)
}

func errsJoin(list ...error) error {
	var c errs.Check
	for _, e := range list {
		for _, f := range errs.FieldsOf(e) {
			c.Add(f.Field, f.Message)
		}
	}
	return c.Err()
}

func (s *Server) tokensPage(w http.ResponseWriter, r *http.Request, plain string, form url.Values, formErr error) {
	list, err := s.accounts.Tokens(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	p := &Page{Title: "API 访问令牌", Form: form}
	view := tokensView(p, tokensData{Tokens: list, Plain: plain})
	if formErr != nil {
		s.fail(w, r, view, p, formErr)
		return
	}
	s.render(w, r, http.StatusOK, view, p)
}

func (s *Server) tokens(w http.ResponseWriter, r *http.Request) {
	s.tokensPage(w, r, "", nil, nil)
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	var scopes []account.Scope
	for _, v := range r.PostForm["scope"] {
		scopes = append(scopes, account.Scope(v))
	}
	days, err := strconv.Atoi(r.PostFormValue("days"))
	if err != nil {
		days = -1
	}
	_, plain, err := s.accounts.CreateToken(r.Context(), actor(r), account.NewToken{Name: r.PostFormValue("name"), Scopes: scopes, Days: days})
	if err != nil {
		s.tokensPage(w, r, "", r.PostForm, err)
		return
	}
	s.tokensPage(w, r, plain, nil, nil)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	if err := s.accounts.RevokeToken(r.Context(), actor(r), pathID(r)); err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	http.Redirect(w, r, "/tokens", http.StatusSeeOther)
}
