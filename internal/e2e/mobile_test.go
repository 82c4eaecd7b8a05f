package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"xieshang/internal/authz"
)

// Phone width in CSS pixels (iPhone 12–15).
const phoneWidth, phoneHeight = 390, 844

// On a phone, the login and home pages fit the screen width, use text large
// enough for older members, and have a login button easy to tap.
func TestMobileLayout(t *testing.T) {
	e := newEnv(t)
	u := e.newUser("chenxiaoyan", "欧阳晓燕", authz.Member, authz.Convener)

	e.do(chromedp.EmulateViewport(phoneWidth, phoneHeight,
		chromedp.EmulateScale(3), chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait))

	e.open("/login")
	e.checkPhoneLayout()
	if h := eval[float64](e, `document.querySelector('form[action="/login"] button[type=submit]').getBoundingClientRect().height`); h < 44 {
		t.Errorf("login button is %.0f px tall, want at least 44", h)
	}
	for _, id := range []string{"login", "password"} {
		if h := eval[float64](e, `document.getElementById("`+id+`").getBoundingClientRect().height`); h < 44 {
			t.Errorf("field #%s is %.0f px tall, want at least 44", id, h)
		}
	}
	t.Logf("login page on a phone: %s", e.screenshot(e.ctx, "login-390"))

	e.loginAs(u)
	e.checkPhoneLayout()
	t.Logf("home page on a phone: %s", e.screenshot(e.ctx, "home-390"))
}

// checkPhoneLayout checks the page shown at phone width: no sideways
// scrolling, body text of at least 16 px, and form fields of at least
// 16 px (smaller text makes phones zoom in when a field gets focus).
func (e *env) checkPhoneLayout() {
	e.t.Helper()
	page := e.path()
	if w := eval[int](e, `window.innerWidth`); w != phoneWidth {
		e.t.Fatalf("%s: viewport is %d px wide, want %d (emulation not applied)", page, w, phoneWidth)
	}
	if w := eval[int](e, `document.documentElement.scrollWidth`); w > phoneWidth {
		e.t.Errorf("%s: page is %d px wide on a %d px screen, so it scrolls sideways", page, w, phoneWidth)
	}
	if px := eval[float64](e, `parseFloat(getComputedStyle(document.body).fontSize)`); px < 16 {
		e.t.Errorf("%s: body text is %.1f px, want at least 16", page, px)
	}
	small := eval[[]string](e, `Array.from(document.querySelectorAll("input:not([type=hidden]), select, textarea"))
		.filter(n => parseFloat(getComputedStyle(n).fontSize) < 16).map(n => n.id || n.name)`)
	if len(small) > 0 {
		e.t.Errorf("%s: form fields with text under 16 px: %v", page, small)
	}
}
