package notify_test

import (
	"context"
	"fmt"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"

	"xieshang/internal/notify"
	"xieshang/internal/notify/smtptest"
	"xieshang/internal/outbox"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

const subject = "关于市政协十四届三次会议第0042号提案的答复已送达"

func TestMailDelivery(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		srv := smtptest.Start(t, smtptest.Options{})
		cid, u := people(t, db, map[string]string{"zhang": "zhang@example.org"}, "zhang")
		mailer, err := notify.NewSMTP(notify.SMTPConfig{Addr: srv.Addr, From: "示范市政协提案委 <noreply@zx.example.org>"})
		if err != nil {
			t.Fatal(err)
		}
		w := outbox.NewWorker(sqldb.Outbox(db), map[string]outbox.Handler{notify.MailKind: notify.MailHandler(mailer, "https://zx.example.org/", quiet)},
			quiet, outbox.Options{})
		s := notify.NewService(sqldb.Notify(db))
		body := "张委员:\n您领衔的提案已由市民政局答复,请登录平台查看并评价。\n\n办理结果:A类(所提问题已经解决)"
		m := notify.Message{CommitteeID: cid, UserIDs: []int64{u["zhang"]}, Kind: "proposal.replied", Title: subject, Body: body,
			Link: "/proposals/42", Key: "proposal:42:replied:1"}
		if err := s.Send(ctx, m); err != nil {
			t.Fatal(err)
		}
		if n := runMail(t, w); n != 1 {
			t.Fatalf("ran %d mail tasks", n)
		}
		msgs := srv.Messages()
		if len(msgs) != 1 {
			t.Fatalf("%d messages delivered", len(msgs))
		}
		got := msgs[0]
		if got.From != "noreply@zx.example.org" || len(got.To) != 1 || got.To[0] != "zhang@example.org" {
			t.Errorf("envelope: %s → %v", got.From, got.To)
		}
		if s, err := got.Header("Subject"); err != nil || s != subject {
			t.Errorf("subject %q, %v", s, err)
		}
		raw, _ := got.Parse()
		if !strings.HasPrefix(raw.Header.Get("Subject"), "=?UTF-8?b?") {
			t.Errorf("subject not RFC 2047 encoded: %q", raw.Header.Get("Subject"))
		}
		from, err := raw.Header.AddressList("From")
		if err != nil || from[0].Name != "示范市政协提案委" || from[0].Address != "noreply@zx.example.org" {
			t.Errorf("From: %v, %v", from, err)
		}
		if ct := raw.Header.Get("Content-Type"); ct != "text/plain; charset=UTF-8" {
			t.Errorf("Content-Type %q", ct)
		}
		if d, err := raw.Header.Date(); err != nil || time.Since(d) > time.Minute {
			t.Errorf("Date: %v, %v", d, err)
		}
		if id := raw.Header.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@zx.example.org>") {
			t.Errorf("Message-ID %q", id)
		}
		text, err := got.Text()
		if err != nil || !strings.HasPrefix(text, body+"\n") || !strings.Contains(text, "查看详情:https://zx.example.org/proposals/42") {
			t.Errorf("body %q, %v", text, err)
		}

		// The task is done: running the worker again sends nothing, and
		// sending the same message again enqueues nothing.
		if n := runMail(t, w); n != 0 {
			t.Errorf("ran %d tasks on the second pass", n)
		}
		if err := s.Send(ctx, m); err != nil {
			t.Fatal(err)
		}
		runMail(t, w)
		if n := len(srv.Messages()); n != 1 {
			t.Errorf("%d messages after running twice", n)
		}
	})
}

func TestMailRetryAndUnconfigured(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		srv := smtptest.Start(t, smtptest.Options{})
		cid, u := people(t, db, map[string]string{"zhang": "zhang@example.org"}, "zhang")
		mailer, err := notify.NewSMTP(notify.SMTPConfig{Addr: srv.Addr, From: "noreply@zx.example.org"})
		if err != nil {
			t.Fatal(err)
		}
		store := sqldb.Outbox(db)
		w := outbox.NewWorker(store, map[string]outbox.Handler{notify.MailKind: notify.MailHandler(mailer, "", quiet)}, quiet, outbox.Options{})
		s := notify.NewService(sqldb.Notify(db))
		if err := s.Send(ctx, notify.Message{CommitteeID: cid, UserIDs: []int64{u["zhang"]}, Kind: "k", Title: "提醒", Key: "r:1"}); err != nil {
			t.Fatal(err)
		}
		// A temporary refusal leaves the task for a retry a minute later.
		srv.FailNext(1)
		now := time.Now().Add(time.Second)
		if n, err := w.RunDue(ctx, now); err != nil || n != 1 {
			t.Fatalf("first run: %d, %v", n, err)
		}
		key := fmt.Sprintf("mail:r:1:%d", u["zhang"])
		task := taskByKey(t, store, key)
		if task.State != outbox.Pending || !strings.Contains(task.LastError, "451") || len(srv.Messages()) != 0 {
			t.Fatalf("after refusal: %+v", task)
		}
		if n, _ := w.RunDue(ctx, now.Add(time.Minute)); n != 1 || len(srv.Messages()) != 1 {
			t.Fatalf("retry: ran %d, %d delivered", n, len(srv.Messages()))
		}
		text, _ := srv.Messages()[0].Text()
		if strings.Contains(text, "查看详情") {
			t.Errorf("link without a base URL: %q", text)
		}

		// Without SMTP the task is done and nothing is sent.
		off := outbox.NewWorker(store, map[string]outbox.Handler{notify.MailKind: notify.MailHandler(nil, "", quiet)}, quiet, outbox.Options{})
		if err := s.Send(ctx, notify.Message{CommitteeID: cid, UserIDs: []int64{u["zhang"]}, Kind: "k", Title: "提醒", Key: "r:2"}); err != nil {
			t.Fatal(err)
		}
		if n, _ := off.RunDue(ctx, time.Now().Add(time.Second)); n != 1 {
			t.Fatal("mail task did not run")
		}
		if got := taskByKey(t, store, fmt.Sprintf("mail:r:2:%d", u["zhang"])); got.State != outbox.Done || len(srv.Messages()) != 1 {
			t.Errorf("unconfigured: %+v, %d delivered", got, len(srv.Messages()))
		}
	})
}

func taskByKey(t *testing.T, s outbox.Store, key string) outbox.Task {
	t.Helper()
	var task outbox.Task
	if err := s.View(ctx, func(tx outbox.Tx) error {
		var err error
		task, err = tx.TaskByKey(ctx, key)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return task
}

func TestSMTPWithTLSAndAuth(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{Username: "xs", Password: "秘密pass", StartTLS: true})
	m, err := notify.NewSMTP(notify.SMTPConfig{Addr: srv.Addr, Username: "xs", Password: "秘密pass", From: "noreply@zx.example.org", TLS: srv.ClientTLS()})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Send(ctx, "李委员 <li@example.org>", "测试", "正文\n第二行"); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 || !got[0].TLS || got[0].Auth != "xs" || got[0].To[0] != "li@example.org" {
		t.Fatalf("delivered %+v", got)
	}
	if text, _ := got[0].Text(); text != "正文\n第二行\n" && text != "正文\n第二行" {
		t.Errorf("body %q", text)
	}
	// A wrong password is refused; a wrong certificate is refused.
	bad, _ := notify.NewSMTP(notify.SMTPConfig{Addr: srv.Addr, Username: "xs", Password: "wrong", From: "noreply@zx.example.org", TLS: srv.ClientTLS()})
	if err := bad.Send(ctx, "li@example.org", "测试", "x"); err == nil || !strings.Contains(err.Error(), "535") {
		t.Errorf("wrong password: %v", err)
	}
	untrusted, _ := notify.NewSMTP(notify.SMTPConfig{Addr: srv.Addr, Username: "xs", Password: "秘密pass", From: "noreply@zx.example.org"})
	if err := untrusted.Send(ctx, "li@example.org", "测试", "x"); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("untrusted certificate: %v", err)
	}
	if err := m.Send(ctx, "not an address", "测试", "x"); !outbox.IsPermanent(err) {
		t.Errorf("bad recipient: %v", err)
	}
	// A cancelled context stops the attempt.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := m.Send(cctx, "li@example.org", "测试", "x"); err == nil {
		t.Error("sent with a cancelled context")
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("%d messages", n)
	}
}

func TestEncodeSubject(t *testing.T) {
	long := strings.Repeat("关于加强社区居家养老服务体系建设的建议", 4)
	for _, s := range []string{"Plain ASCII subject", "答复", long, "带\r\n换行的标题"} {
		enc := notify.EncodeSubject(s)
		for _, line := range strings.Split(enc, "\r\n") {
			if len(line) > 76 {
				t.Errorf("line of %d bytes in %q", len(line), enc)
			}
		}
		if strings.ContainsAny(strings.ReplaceAll(enc, "\r\n ", ""), "\r\n") {
			t.Errorf("bare line break in %q", enc)
		}
		// Unfold as a reader would, then decode.
		msg, err := mail.ReadMessage(strings.NewReader("Subject: " + enc + "\r\n\r\n"))
		if err != nil {
			t.Fatal(err)
		}
		var d mime.WordDecoder
		got, err := d.DecodeHeader(msg.Header.Get("Subject"))
		want := strings.Join(strings.Fields(s), " ")
		if err != nil || got != want {
			t.Errorf("EncodeSubject(%q) decodes to %q, %v", s, got, err)
		}
	}
}

func TestSMTPConfigFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if _, ok, err := notify.SMTPConfigFromEnv(env(nil)); ok || err != nil {
		t.Errorf("unset: %v, %v", ok, err)
	}
	if _, _, err := notify.SMTPConfigFromEnv(env(map[string]string{notify.EnvSMTPAddr: "smtp.example.org:587"})); err == nil {
		t.Error("address without sender accepted")
	}
	if _, _, err := notify.SMTPConfigFromEnv(env(map[string]string{notify.EnvSMTPAddr: "smtp.example.org", notify.EnvSMTPFrom: "a@b.c"})); err == nil {
		t.Error("address without port accepted")
	}
	cfg, ok, err := notify.SMTPConfigFromEnv(env(map[string]string{notify.EnvSMTPAddr: "smtp.example.org:465", notify.EnvSMTPUser: "u",
		notify.EnvSMTPPassword: "p", notify.EnvSMTPFrom: "协商平台 <noreply@example.org>"}))
	if !ok || err != nil || cfg.Username != "u" || cfg.Password != "p" || cfg.Addr != "smtp.example.org:465" {
		t.Errorf("full: %+v, %v, %v", cfg, ok, err)
	}
}
