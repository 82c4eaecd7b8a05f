package web

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"

	"github.com/a-h/templ"

	qrcode "github.com/skip2/go-qrcode"

	"xieshang/internal/account"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
)

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if r2, ok, _, _ := s.authenticate(w, r); ok {
		http.Redirect(w, r, stageHome(sessionFrom(r2), userFrom(r2)), http.StatusSeeOther)
		return
	}
	p := &Page{Title: "登录", Form: r.URL.Query()}
	switch reason := r.URL.Query().Get("reason"); reason {
	case "":
	case "logout":
		p.Flash = "您已安全退出。"
	case "password":
		p.Flash = "密码已修改,请用新密码登录。"
	default:
		p.Error = reason
	}
	if len(p.Error) > 200 {
		p.Error = ""
	}
	s.render(w, r, http.StatusOK, loginView(p), p)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	p := &Page{Title: "登录", Form: r.PostForm}
	res, err := s.accounts.Login(r.Context(), r.PostFormValue("login"), r.PostFormValue("password"), meta(r))
	if err != nil {
		s.fail(w, r, loginView(p), p, err)
		return
	}
	s.setSessionCookie(w, res.Token)
	next := stageHome(&account.Session{Stage: res.Stage}, &res.User)
	if next == "/" {
		next = safeNext(r.PostFormValue("next"))
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(s.cookieName()); err == nil {
		if err := s.accounts.Logout(r.Context(), c.Value, meta(r).ClientAddr); err != nil {
			s.fail(w, r, nil, nil, err)
			return
		}
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, "/login?reason=logout", http.StatusSeeOther)
}

func (s *Server) totpForm(w http.ResponseWriter, r *http.Request) {
	p := &Page{Title: "双因素验证"}
	s.render(w, r, http.StatusOK, totpView(p), p)
}

func (s *Server) totp(w http.ResponseWriter, r *http.Request) {
	p := &Page{Title: "双因素验证"}
	err := s.accounts.VerifyTOTP(r.Context(), tokenFrom(r), r.PostFormValue("code"), meta(r).ClientAddr)
	if errs.Is(err, errs.Locked) {
		s.lockedOut(w, r, err)
		return
	}
	if err != nil {
		s.fail(w, r, totpView(p), p, err)
		return
	}
	u := userFrom(r)
	http.Redirect(w, r, stageHome(&account.Session{Stage: account.StageOK}, u), http.StatusSeeOther)
}

func (s *Server) enrollPage(w http.ResponseWriter, r *http.Request, status int, err error) {
	en, e := s.accounts.BeginTOTPEnrollment(r.Context(), tokenFrom(r))
	if e != nil {
		s.fail(w, r, nil, nil, e)
		return
	}
	png, e := qrcode.Encode(en.URL, qrcode.Medium, 440)
	if e != nil {
		s.fail(w, r, nil, nil, e)
		return
	}
	p := &Page{Title: "绑定身份验证器"}
	view := enrollView(p, enrollData{Secret: en.Secret,
		QR:       templ.SafeURL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png)),
		Required: sessionFrom(r).Stage == account.StageEnroll})
	if err != nil {
		s.fail(w, r, view, p, err)
		return
	}
	s.render(w, r, status, view, p)
}

func (s *Server) enrollForm(w http.ResponseWriter, r *http.Request) {
	if u := userFrom(r); u.TOTPSecret != "" {
		http.Redirect(w, r, "/security", http.StatusSeeOther)
		return
	}
	s.enrollPage(w, r, http.StatusOK, nil)
}

func (s *Server) enroll(w http.ResponseWriter, r *http.Request) {
	if err := s.accounts.ConfirmTOTPEnrollment(r.Context(), tokenFrom(r), r.PostFormValue("code"), meta(r).ClientAddr); err != nil {
		s.enrollPage(w, r, 0, err)
		return
	}
	u := userFrom(r)
	if u.MustChangePassword {
		http.Redirect(w, r, "/password", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/?done=totp", http.StatusSeeOther)
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) {
	p := &Page{Title: "修改密码"}
	s.render(w, r, http.StatusOK, passwordView(p, userFrom(r).MustChangePassword), p)
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	p := &Page{Title: "修改密码"}
	err := s.accounts.ChangePassword(r.Context(), actor(r), tokenFrom(r), r.PostFormValue("current_password"),
		r.PostFormValue("new_password"), r.PostFormValue("confirm_password"))
	if errs.Is(err, errs.Locked) {
		s.lockedOut(w, r, err)
		return
	}
	if err != nil {
		s.fail(w, r, passwordView(p, u.MustChangePassword), p, err)
		return
	}
	http.Redirect(w, r, "/?done=password", http.StatusSeeOther)
}

type section struct {
	Title, Note string
	Links       []NavItem
}

// homeSections lists what each role can reach from the home page. Later
// capabilities add their entries here.
func homeSections(u account.User) []section {
	var out []section
	add := func(title, note string, links ...NavItem) { out = append(out, section{title, note, links}) }
	for _, r := range u.Roles {
		switch r {
		case authz.Member, authz.Convener:
			add(r.Name()+"工作台", "撰写提案、确认联名、查看办理进程并评价答复;活动、履职档案等功能将陆续开通。",
				NavItem{Href: "/proposals", Label: "我的提案"}, NavItem{Href: "/proposals/new", Label: "撰写提案"},
				NavItem{Href: "/members", Label: "委员名录"}, NavItem{Href: "/security", Label: "账号安全"})
		case authz.Office:
			add(r.Name()+"工作台", "社情民意等功能将陆续开通。", NavItem{Href: "/proposals", Label: "提案"}, NavItem{Href: "/members", Label: "委员名录"},
				NavItem{Href: "/members/import", Label: "导入导出名册"}, NavItem{Href: "/org", Label: "组织设置"}, NavItem{Href: "/calendar", Label: "工作日历"},
				NavItem{Href: "/security", Label: "账号安全"})
		case authz.ProposalOffice:
			add(r.Name()+"工作台", "审查立案、交办、审核答复、督办超期提案。", NavItem{Href: "/proposals", Label: "提案审查办理"},
				NavItem{Href: "/proposals/report", Label: "提案统计"}, NavItem{Href: "/proposals/settings", Label: "提案工作规则"},
				NavItem{Href: "/calendar", Label: "工作日历"}, NavItem{Href: "/members", Label: "委员名录"}, NavItem{Href: "/security", Label: "账号安全"})
		case authz.InfoOffice:
			add(r.Name()+"工作台", "社情民意等功能将陆续开通。", NavItem{Href: "/members", Label: "委员名录"}, NavItem{Href: "/security", Label: "账号安全"})
		case authz.Collective:
			add("集体提案", "以党派、团体或专委会名义撰写和提交提案,查看办理进程并评价答复。",
				NavItem{Href: "/proposals", Label: "本单位的提案"}, NavItem{Href: "/proposals/new", Label: "撰写提案"}, NavItem{Href: "/security", Label: "账号安全"})
		case authz.UnitLiaison:
			add("承办单位工作台", "签收交办的提案、申请退回或延期、提交协办意见和答复。", NavItem{Href: "/proposals", Label: "交办的提案"},
				NavItem{Href: "/tokens", Label: "API 访问令牌"})
		case authz.Leader:
			add("领导工作台", "重点提案的办理情况与提案工作统计。", NavItem{Href: "/proposals?queue=key", Label: "重点提案"},
				NavItem{Href: "/proposals/report", Label: "提案统计"}, NavItem{Href: "/members", Label: "委员名录"}, NavItem{Href: "/security", Label: "账号安全"})
		case authz.SysAdmin:
			add("系统管理", "创建账号、重置密码、停用账号。", NavItem{Href: "/admin/users", Label: "账号管理"}, NavItem{Href: "/admin/users/new", Label: "新建账号"})
		case authz.SecAdmin:
			add("安全管理", "分配角色、解除锁定、重置双因素认证。", NavItem{Href: "/admin/users", Label: "账号与角色"})
		case authz.AuditAdmin:
			add("安全审计", "查阅全部操作与安全事件记录。", NavItem{Href: "/audit", Label: "审计日志"})
		}
	}
	if len(out) == 0 {
		add("欢迎", "您的账号尚未分配角色,请联系安全管理员。", NavItem{Href: "/security", Label: "账号安全"})
	}
	return out
}

func navFor(u account.User, current string) []NavItem {
	items := []NavItem{{Href: "/", Label: "首页"}}
	seen := map[string]bool{"/": true}
	for _, sec := range homeSections(u) {
		for _, l := range sec.Links {
			if !seen[l.Href] {
				seen[l.Href] = true
				items = append(items, NavItem{Href: l.Href, Label: l.Label})
			}
		}
	}
	if len(items) > 1 {
		items = append(items, NavItem{Href: "/notifications", Label: "消息通知"})
	}
	if !seen["/security"] {
		items = append(items, NavItem{Href: "/security", Label: "账号安全"})
	}
	for i := range items {
		items[i].Current = items[i].Href == current
	}
	return items
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	p := &Page{Title: "首页"}
	switch r.URL.Query().Get("done") {
	case "password":
		p.Flash = "密码已修改。"
	case "totp":
		p.Flash = "身份验证器已绑定,今后登录需输入动态验证码。"
	}
	if n, err := s.notices.UnreadCount(r.Context(), actor(r)); err == nil && n > 0 && p.Flash == "" {
		p.Flash = "您有 " + strconv.Itoa(n) + " 条未读消息,请查看“消息通知”。"
	}
	s.render(w, r, http.StatusOK, homeView(p, homeSections(*u)), p)
}

func (s *Server) security(w http.ResponseWriter, r *http.Request) {
	p := &Page{Title: "账号安全"}
	if r.URL.Query().Get("done") == "email" {
		p.Flash = "通知邮箱已保存。"
	}
	email, err := s.accounts.Email(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	p.Form = url.Values{"email": {email}}
	s.render(w, r, http.StatusOK, securityView(p), p)
}

// setEmail saves the actor's notification e-mail address.
func (s *Server) setEmail(w http.ResponseWriter, r *http.Request) {
	if err := s.accounts.SetEmail(r.Context(), actor(r), r.PostFormValue("email")); err != nil {
		p := &Page{Title: "账号安全", Form: r.PostForm}
		s.fail(w, r, securityView(p), p, err)
		return
	}
	http.Redirect(w, r, "/security?done=email", http.StatusSeeOther)
}

// lockedOut ends the browser's session and shows the login page with the
// lock message, after a wrong code or password locked the account.
func (s *Server) lockedOut(w http.ResponseWriter, r *http.Request, err error) {
	s.clearSessionCookie(w)
	lp := &Page{Title: "登录"}
	s.fail(w, r, loginView(lp), lp, err)
}
