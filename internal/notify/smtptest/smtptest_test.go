package smtptest_test

import (
	"net/smtp"
	"strings"
	"testing"

	"xieshang/internal/notify/smtptest"
)

func TestProtocol(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	c, err := smtp.Dial(srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Noop(); err != nil {
		t.Fatal(err)
	}
	if err := c.Rcpt("a@example.org"); err == nil {
		t.Error("RCPT before MAIL accepted")
	}
	if err := c.Mail("x@example.org"); err != nil {
		t.Fatal(err)
	}
	if err := c.Rcpt("dropped@example.org"); err != nil {
		t.Fatal(err)
	}
	if err := c.Reset(); err != nil {
		t.Fatal(err)
	}
	if err := c.Mail("from@example.org"); err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{"a@example.org", "b@example.org"} {
		if err := c.Rcpt(to); err != nil {
			t.Fatal(err)
		}
	}
	w, err := c.Data()
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("Subject: hi\r\n\r\nline one\r\n.\r\n..two dots\r\n"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Quit(); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 || msgs[0].From != "from@example.org" || strings.Join(msgs[0].To, ",") != "a@example.org,b@example.org" {
		t.Fatalf("messages %+v", msgs)
	}
	if text, _ := msgs[0].Text(); text != "line one\n.\n..two dots\n" {
		t.Errorf("body %q", text)
	}
	if s, _ := msgs[0].Header("Subject"); s != "hi" {
		t.Errorf("subject %q", s)
	}
}

func TestAuthRequired(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{Username: "u", Password: "p"})
	c, err := smtp.Dial(srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Mail("from@example.org"); err == nil {
		t.Error("MAIL without AUTH accepted")
	}
	// net/smtp sends PLAIN credentials unencrypted only to localhost.
	if err := c.Auth(smtp.PlainAuth("", "u", "p", "127.0.0.1")); err != nil {
		t.Fatal(err)
	}
	if err := c.Mail("from@example.org"); err != nil {
		t.Fatal(err)
	}
}
