package web

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"xieshang/internal/account"
)

// This file holds the small formatting functions that views call.

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(account.CST).Format("2006-01-02 15:04")
}

func userStatus(u account.User) string {
	switch {
	case u.Disabled:
		return "已停用"
	case u.Locked(time.Now()):
		return "已锁定至 " + fmtTime(u.LockedUntil)
	case u.MustChangePassword:
		return "待修改初始密码"
	}
	return "正常"
}

func tokenStatus(t account.Token) string {
	switch {
	case !t.RevokedAt.IsZero():
		return "已撤销"
	case !time.Now().Before(t.ExpiresAt):
		return "已过期"
	}
	return "有效"
}

func scopeName(sc account.Scope) string {
	if sc == account.ScopeWrite {
		return "写入"
	}
	return "读取"
}

func fmtDay(t time.Time) string {
	if t.IsZero() {
		return "未定"
	}
	return t.In(account.CST).Format("2006-01-02")
}

func moreNote(more bool) string {
	if more {
		return ",仅列出前 200 位"
	}
	return ""
}

// rawHTML is a component writing already rendered (and escaped) HTML.
func rawHTML(b []byte) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// sizeText writes a byte count for people: 820 KB, 3.2 MB.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

// typesText lists file types for people: PDF、DOCX.
func typesText(exts []string) string {
	return strings.ToUpper(strings.Join(exts, "、"))
}
