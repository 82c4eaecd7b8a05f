package e2e

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"

	"xieshang/internal/account"
	"xieshang/internal/authz"
)

// A member logs in with a password only, sees their name, and logs out.
func TestMemberLoginAndLogout(t *testing.T) {
	e := newEnv(t)
	u := e.newUser("wangjianguo", "王建国", authz.Member)

	if status := e.open("/"); status != http.StatusOK {
		t.Fatalf("home without login: status %d", status)
	}
	e.wantPath("/login") // sent to log in first
	e.wantText("h1", "登录")

	e.loginAs(u)
	c := e.cookies()["xs_session"]
	if c == nil || !c.HTTPOnly || c.SameSite != network.CookieSameSiteLax {
		t.Errorf("session cookie %+v, want xs_session, HttpOnly, SameSite=Lax", c)
	}
	e.wantText("header", committeeName)
	e.wantText("header", "委员")
	e.wantText("main", "委员工作台")

	e.logout()
	if c := e.cookies()["xs_session"]; c != nil {
		t.Errorf("session cookie still set after logout: %+v", c)
	}
	e.open("/")
	e.wantPath("/login") // the session is really gone
}

var unlockAt = regexp.MustCompile(`请于 (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) 后再试`)

// Five wrong passwords lock the account for 15 minutes, and the page says
// until when; the right password is refused meanwhile.
func TestLockoutAfterFiveWrongPasswords(t *testing.T) {
	e := newEnv(t)
	u := e.newUser("lixiulan", "李秀兰", authz.Member)

	start := time.Now()
	for i := 1; i < account.MaxFailedAttempts; i++ {
		if status := e.login(u.Username, "wrong-password"); status != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: status %d, want 401", i, status)
		}
		e.wantText(".alert.error", "用户名或密码错误")
		e.wantText(".alert.error", "账号将被锁定 15 分钟")
	}
	e.wantText(".alert.error", "再错 1 次")

	if status := e.login(u.Username, "wrong-password"); status != http.StatusLocked {
		t.Fatalf("fifth wrong password: status %d, want 423", status)
	}
	e.wantText(".alert.error", "已被锁定")
	until := shownUnlockTime(t, e.text(".alert.error"))
	lo, hi := start.Add(account.LockDuration).Truncate(time.Minute), time.Now().Add(account.LockDuration)
	if until.Before(lo) || until.After(hi) {
		t.Errorf("unlock time %s, want between %s and %s", until, lo, hi)
	}

	if status := e.login(u.Username, u.Password); status != http.StatusLocked {
		t.Fatalf("right password while locked: status %d, want 423", status)
	}
	e.wantPath("/login")
	e.wantText(".alert.error", "已被锁定")
	if got := shownUnlockTime(t, e.text(".alert.error")); !got.Equal(until) {
		t.Errorf("second lock message says %s, first said %s", got, until)
	}
	if c := e.cookies(); len(c) > 0 {
		t.Errorf("cookies set although every login was refused: %v", c)
	}
}

// shownUnlockTime reads the unlock time, in China Standard Time, from a
// lock message.
func shownUnlockTime(t *testing.T, msg string) time.Time {
	t.Helper()
	m := unlockAt.FindStringSubmatch(msg)
	if m == nil {
		t.Fatalf("lock message %q does not say when to try again (want %s)", msg, unlockAt)
	}
	until, err := time.ParseInLocation("2006-01-02 15:04", m[1], account.CST)
	if err != nil {
		t.Fatalf("unlock time %q: %v", m[1], err)
	}
	return until
}

// A new account must replace its one-time password before doing anything
// else; the policy is explained in Chinese.
func TestForcedPasswordChange(t *testing.T) {
	e := newEnv(t)
	u := e.newAccount("liuzhiqiang", "刘志强", authz.Member)

	e.login(u.Username, u.Password)
	e.wantPath("/password")
	e.wantText(".alert.warn", "必须设置新密码")
	if e.text("nav.main") != "" {
		t.Error("the main menu is shown before the password is changed")
	}

	for _, p := range []string{"/", "/security", "/tokens"} {
		e.open(p)
		e.wantPath("/password")
	}

	e.fill("current_password", u.Password)
	e.fill("new_password", "abcdefgh")
	e.fill("confirm_password", "abcdefgh")
	if status := e.submit("/password"); status != http.StatusUnprocessableEntity {
		t.Errorf("weak password: status %d, want 422", status)
	}
	e.wantPath("/password")
	e.wantText("#new_password-error", "密码需包含大写字母、小写字母、数字、符号中的至少三类")
	if got := eval[string](e, `document.getElementById("new_password").getAttribute("aria-invalid") || ""`); got != "true" {
		t.Errorf("new_password aria-invalid = %q, want true", got)
	}

	e.fill("current_password", u.Password)
	e.fill("new_password", "short")
	e.fill("confirm_password", "short")
	e.submit("/password")
	e.wantText("#new_password-error", "密码至少需要 8 个字符")

	e.fill("current_password", u.Password)
	e.fill("new_password", strongPassword)
	e.fill("confirm_password", strongPassword)
	e.submit("/password")
	e.wantPath("/")
	e.wantText(".alert.ok", "密码已修改")
	e.wantText("h1", u.Name)
	e.wantText("nav.main", "首页")

	// The new password is the one that works from now on.
	e.logout()
	if status := e.login(u.Username, u.Password); status != http.StatusUnauthorized {
		t.Errorf("old one-time password: status %d, want 401", status)
	}
	u.Password = strongPassword
	e.loginAs(u)
}

// A new staff member (办公室工作人员) must set up an authenticator at first
// login, then replace the one-time password; next time the code is asked
// after the password, a wrong code is refused and the right one admits.
func TestStaffTOTPEnrolmentAndLogin(t *testing.T) {
	e := newEnv(t)
	u := e.newAccount("zhangminghua", "张明华", authz.Office)

	e.login(u.Username, u.Password)
	e.wantPath("/totp/enroll")
	e.wantText(".alert.warn", "要求使用双因素认证")
	if src := eval[string](e, `(document.querySelector("img.qr") || {}).src || ""`); !strings.HasPrefix(src, "data:image/png;base64,") {
		t.Errorf("QR code image src is %.60q, want a data:image/png URL", src)
	} else if !eval[bool](e, `document.querySelector("img.qr").naturalWidth > 0`) {
		t.Error("the QR code image does not show")
	}
	// Other pages wait until the second factor is set up.
	e.open("/")
	e.wantPath("/totp/enroll")

	u.Secret = e.text("#totp-secret")
	if !regexp.MustCompile(`^[A-Z2-7]{32}$`).MatchString(u.Secret) {
		t.Fatalf("secret shown is %q, want 32 base32 characters", u.Secret)
	}
	e.fill("code", u.wrongCode(t))
	e.submit("/totp/enroll")
	e.wantPath("/totp/enroll")
	e.wantText("#code-error", "动态验证码不正确")
	if got := e.text("#totp-secret"); got != u.Secret {
		t.Fatalf("after a wrong code the secret changed from %q to %q", u.Secret, got)
	}

	e.fill("code", u.nextCode(t))
	e.submit("/totp/enroll")
	switch p := e.path(); {
	case p == "/password": // the one-time password must still be replaced
		e.wantText(".alert.warn", "必须设置新密码")
		e.fill("current_password", u.Password)
		e.fill("new_password", strongPassword)
		e.fill("confirm_password", strongPassword)
		e.submit("/password")
		u.Password = strongPassword
		e.wantPath("/")
		e.wantText(".alert.ok", "密码已修改")
	default:
		e.wantPath("/")
		e.wantText(".alert.ok", "身份验证器已绑定")
	}
	e.wantText("h1", u.Name)
	e.open("/security")
	e.wantText("main dl", "已绑定")
	e.logout()

	e.login(u.Username, u.Password)
	e.wantPath("/login/totp")
	e.wantText("h1", "双因素验证")
	e.open("/") // half-way through login, nothing else opens
	e.wantPath("/login/totp")

	e.fill("code", u.wrongCode(t))
	e.submit("/login/totp")
	e.wantPath("/login/totp")
	e.wantText("#code-error", "动态验证码错误")
	e.wantText("#code-error", "再错 4 次")

	e.fill("code", u.nextCode(t))
	e.submit("/login/totp")
	e.wantPath("/")
	e.wantText("h1", u.Name)
}
