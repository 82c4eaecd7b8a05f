package e2e

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"xieshang/internal/account"
	"xieshang/internal/authz"
)

// The three separated administrators (三员分立) at work: the system
// administrator creates an account, the security administrator gives it a
// role and unlocks a locked colleague, the audit administrator reviews the
// failed logins.
func TestAdministratorsJourney(t *testing.T) {
	e := newEnv(t)
	sys := e.newUser("sunlixin", "孙立新", authz.SysAdmin)
	sec := e.newUser("zhoujing", "周静", authz.SecAdmin)
	e.enrollTOTP(sec)
	aud := e.newUser("wuwenbo", "吴文博", authz.AuditAdmin)
	e.enrollTOTP(aud)
	locked := e.newUser("yanghaitao", "杨海涛", authz.Member)
	e.lock(locked)

	// The system administrator's first login asks for an authenticator.
	e.login(sys.Username, sys.Password)
	e.wantPath("/totp/enroll")
	sys.Secret = e.text("#totp-secret")
	e.fill("code", sys.nextCode(t))
	e.submit("/totp/enroll")
	e.wantPath("/")
	e.wantText(".alert.ok", "身份验证器已绑定")
	e.wantText("main", "系统管理")

	// They create an account for 赵德明 and read out the one-time password.
	e.press(`main a[href="/admin/users/new"]`)
	e.wantPath("/admin/users/new")
	e.fill("username", "zhaodeming")
	e.fill("name", "赵德明")
	e.fill("mobile", "1380013800") // one digit short
	if status := e.submit("/admin/users/new"); status != http.StatusUnprocessableEntity {
		t.Errorf("bad mobile number: status %d, want 422", status)
	}
	e.wantText("#mobile-error", "手机号码应为 11 位数字")
	if got := eval[string](e, `document.getElementById("name").value`); got != "赵德明" {
		t.Errorf("after an error the name field holds %q, want what was typed", got)
	}
	e.fill("mobile", "13800138000")
	e.submit("/admin/users/new")
	e.wantText(".alert.ok", "账号已创建")
	e.wantText("main h1", "赵德明")
	e.wantText("main dl", "138****8000")
	e.wantText("main dl", "待修改初始密码")
	oneTime := e.text("#one-time")
	if !regexp.MustCompile(`^[A-Za-z2-9]{10}$`).MatchString(oneTime) {
		t.Fatalf("one-time password shown is %q", oneTime)
	}
	if e.text(`form[action$="/roles"]`) != "" {
		t.Error("the system administrator is offered role assignment (三员分立)")
	}
	e.open("/admin/users?q=zhaodeming")
	e.wantText("main table", "待修改初始密码")
	newUserPath := eval[string](e, `document.querySelector("main table a").getAttribute("href")`)
	if !regexp.MustCompile(`^/admin/users/\d+$`).MatchString(newUserPath) {
		t.Fatalf("link to the new account is %q", newUserPath)
	}
	e.logout()

	// The one-time password works, and must be replaced.
	e.login("zhaodeming", oneTime)
	e.wantPath("/password")
	e.logout()

	// The security administrator makes 赵德明 a member and unlocks 杨海涛.
	e.loginAs(sec)
	e.wantText("main", "安全管理")
	e.open("/admin/users")
	e.wantText("main table", "赵德明")
	if strings.Contains(e.text("main"), "新建账号") {
		t.Error("the security administrator is offered account creation (三员分立)")
	}
	e.open(newUserPath)
	e.wantText("main h1", "赵德明")
	e.click(`input[name=role][value="member"]`)
	e.submit(newUserPath + "/roles")
	e.wantPath(newUserPath)
	e.wantText(".alert.ok", "角色已更新")
	e.wantText("main dl", "委员")

	// 三员分立: an administrator role cannot be added to a business role.
	e.click(`input[name=role][value="audit_admin"]`)
	if status := e.submit(newUserPath + "/roles"); status != http.StatusUnprocessableEntity {
		t.Errorf("member + audit admin: status %d, want 422", status)
	}
	e.wantText("main", "三员分立")

	e.open("/admin/users?q=yanghaitao")
	e.wantText("main table", "已锁定至")
	e.press(`main table a`)
	e.wantText("main h1", "杨海涛")
	e.wantText("main dl", "已锁定至")
	lockedPath := e.path()
	e.submit(lockedPath + "/unlock")
	e.wantText(".alert.ok", "已解除锁定")
	e.wantText("main dl", "正常")
	if e.text(`form[action$="/unlock"]`) != "" {
		t.Error("the unlock button is still shown after unlocking")
	}
	if _, err := e.app.Accounts.Login(context.Background(), locked.Username, locked.Password, account.Meta{}); err != nil {
		t.Errorf("杨海涛 still cannot log in after the unlock: %v", err)
	}
	e.logout()

	// The audit administrator finds the failed logins.
	e.loginAs(aud)
	e.press(`main a[href="/audit"]`)
	e.wantPath("/audit")
	e.fill("action", "login.failed")
	e.submit("/audit")
	if got := e.path(); !strings.Contains(got, "action=login.failed") {
		t.Errorf("filtered audit page is %s, want action=login.failed in the query", got)
	}
	actions := e.texts(`main tbody td[data-label="操作"]`)
	if len(actions) < account.MaxFailedAttempts-1 {
		t.Fatalf("audit shows %d failed logins, want at least %d: %v", len(actions), account.MaxFailedAttempts-1, actions)
	}
	for _, a := range actions {
		if a != "登录失败" {
			t.Errorf("filtered audit shows action %q, want only 登录失败", a)
		}
	}
	actors := strings.Join(e.texts(`main tbody td[data-label="操作人"]`), "\n")
	if !strings.Contains(actors, "杨海涛") {
		t.Errorf("failed logins of 杨海涛 missing; actors shown:\n%s", actors)
	}
	e.wantText("main tbody", "198.51.100.7")
}
