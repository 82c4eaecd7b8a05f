package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"

	"xieshang/internal/outbox"
)

// Mailer sends one plain-text e-mail.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// Environment variables of the SMTP configuration.
const (
	EnvSMTPAddr     = "XIESHANG_SMTP_ADDR"     // host:port; unset or empty: no e-mail is sent
	EnvSMTPUser     = "XIESHANG_SMTP_USER"     // login for AUTH PLAIN; empty: no authentication
	EnvSMTPPassword = "XIESHANG_SMTP_PASSWORD" // its password
	EnvSMTPFrom     = "XIESHANG_SMTP_FROM"     // sender, "协商平台 <noreply@example.org>" or a bare address; required with ADDR
)

// SMTPConfig says how to reach the mail server.
type SMTPConfig struct {
	Addr     string // host:port; port 465 means TLS from the start, any other port STARTTLS when the server offers it
	Username string // empty: no authentication
	Password string
	From     string // "名称 <address>" or "address"
	// TLS verifies the server; nil means the system's roots and the host
	// of Addr. Tests set RootCAs.
	TLS *tls.Config
	// HelloName is the name given in EHLO; default "localhost".
	HelloName string
}

// SMTPConfigFromEnv reads the XIESHANG_SMTP_* variables through getenv
// (os.Getenv). configured is false when XIESHANG_SMTP_ADDR is unset or
// empty; an address without XIESHANG_SMTP_FROM, or a malformed one, is an
// error.
func SMTPConfigFromEnv(getenv func(string) string) (cfg SMTPConfig, configured bool, err error) {
	cfg = SMTPConfig{Addr: strings.TrimSpace(getenv(EnvSMTPAddr)), Username: getenv(EnvSMTPUser),
		Password: getenv(EnvSMTPPassword), From: strings.TrimSpace(getenv(EnvSMTPFrom))}
	if cfg.Addr == "" {
		return SMTPConfig{}, false, nil
	}
	if _, err := NewSMTP(cfg); err != nil {
		return SMTPConfig{}, false, err
	}
	return cfg, true, nil
}

// SMTP is a Mailer over an SMTP server, one connection per message.
type SMTP struct {
	cfg  SMTPConfig
	host string
	from *mail.Address
}

// NewSMTP checks cfg and returns a Mailer over it.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil || host == "" || port == "" {
		return nil, fmt.Errorf("%s: %q is not host:port", EnvSMTPAddr, cfg.Addr)
	}
	if cfg.From == "" {
		return nil, fmt.Errorf("%s is required when %s is set", EnvSMTPFrom, EnvSMTPAddr)
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("%s: %q: %w", EnvSMTPFrom, cfg.From, err)
	}
	if cfg.Username == "" && cfg.Password != "" {
		return nil, fmt.Errorf("%s is set but %s is not", EnvSMTPPassword, EnvSMTPUser)
	}
	if cfg.HelloName == "" {
		cfg.HelloName = "localhost"
	}
	return &SMTP{cfg: cfg, host: host, from: from}, nil
}

// Send delivers one message to to. A recipient the server refuses for
// good (a 5xx reply) is an outbox.Permanent error; other failures are
// worth retrying. It honours ctx's deadline and cancellation.
func (s *SMTP) Send(ctx context.Context, to, subject, body string) (err error) {
	rcpt, err := mail.ParseAddress(to)
	if err != nil {
		return outbox.Permanent(fmt.Errorf("recipient %q: %w", to, err))
	}
	msg, err := s.compose(rcpt, subject, body, time.Now())
	if err != nil {
		return err
	}
	d := net.Dialer{Timeout: 30 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("smtp connect: %w", err)
	}
	defer conn.Close()
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(2 * time.Minute)
	}
	conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Now()) })
	defer stop()

	tlsCfg := s.tlsConfig()
	implicitTLS := strings.HasSuffix(s.cfg.Addr, ":465")
	if implicitTLS {
		conn = tls.Client(conn, tlsCfg)
	}
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		return fmt.Errorf("smtp greeting: %w", err)
	}
	defer c.Close()
	if err := c.Hello(s.cfg.HelloName); err != nil {
		return fmt.Errorf("smtp hello: %w", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok && !implicitTLS {
		if err := c.StartTLS(tlsCfg); err != nil {
			return fmt.Errorf("smtp starttls: %w", err)
		}
	}
	if s.cfg.Username != "" {
		// PlainAuth refuses to send the password unencrypted, except to
		// localhost.
		if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.host)); err != nil {
			return fmt.Errorf("smtp auth: %w", err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return fmt.Errorf("smtp mail from: %w", err)
	}
	if err := c.Rcpt(rcpt.Address); err != nil {
		var te *textproto.Error
		if errors.As(err, &te) && te.Code >= 500 {
			return outbox.Permanent(fmt.Errorf("smtp rcpt %s: %w", rcpt.Address, err))
		}
		return fmt.Errorf("smtp rcpt: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp data: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("smtp data: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp data: %w", err)
	}
	// The message is accepted once DATA is answered; a failed QUIT does
	// not make it worth sending again.
	c.Quit()
	return nil
}

func (s *SMTP) tlsConfig() *tls.Config {
	var cfg *tls.Config
	if s.cfg.TLS != nil {
		cfg = s.cfg.TLS.Clone()
	} else {
		cfg = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if cfg.ServerName == "" {
		cfg.ServerName = s.host
	}
	return cfg
}

// compose builds the message: UTF-8 text, base64 body, RFC 2047 subject
// and sender name, Date and Message-ID.
func (s *SMTP) compose(to *mail.Address, subject, body string, now time.Time) ([]byte, error) {
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", s.from.String())
	header("To", (&mail.Address{Address: to.Address}).String())
	header("Subject", EncodeSubject(subject))
	header("Date", now.Format(time.RFC1123Z))
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		return nil, err
	}
	domain := s.from.Address[strings.LastIndexByte(s.from.Address, '@')+1:]
	header("Message-ID", "<"+hex.EncodeToString(id)+"@"+domain+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=UTF-8")
	header("Content-Transfer-Encoding", "base64")
	header("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	// Line breaks become CRLF, the canonical form of text, before encoding.
	body = strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(body))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes(), nil
}

// EncodeSubject returns subject as a header value: line breaks removed,
// non-ASCII text as RFC 2047 encoded words (B encoding, UTF-8), folded
// between words so that lines stay short.
func EncodeSubject(subject string) string {
	subject = strings.Join(strings.Fields(subject), " ")
	enc := mime.BEncoding.Encode("UTF-8", subject)
	return strings.ReplaceAll(enc, "?= =?", "?=\r\n =?")
}

// MailHandler returns the outbox handler of MailKind tasks: it decodes the
// task's Mail and sends it with m, appending the link made absolute with
// baseURL (e.g. "https://zx.example.gov.cn"; no link when empty) and a
// note that the message was sent automatically.
//
// When m is nil (SMTP not configured), the handler logs at info and
// succeeds without sending: the task is marked done, in-app notifications
// remain the channel, and configuring SMTP later does not flood people
// with old messages.
//
// A task runs at most once after it is marked done, and Send's keys
// enqueue one task per user and message, so each e-mail is sent once. The
// one gap is a crash after the server accepted the message and before the
// task was marked done: the task runs again when its lock expires and the
// message may arrive twice (SMTP offers nothing better).
func MailHandler(m Mailer, baseURL string, log *slog.Logger) outbox.Handler {
	baseURL = strings.TrimRight(baseURL, "/")
	return func(ctx context.Context, t outbox.Task) error {
		var p Mail
		if err := json.Unmarshal(t.Payload, &p); err != nil {
			return outbox.Permanent(fmt.Errorf("mail payload: %w", err))
		}
		if m == nil {
			log.Info("mail not sent: SMTP is not configured", "task", t.ID)
			return nil
		}
		var body strings.Builder
		body.WriteString(strings.TrimRight(p.Body, "\r\n "))
		if p.Link != "" && baseURL != "" {
			body.WriteString("\n\n查看详情:" + baseURL + p.Link)
		}
		body.WriteString("\n\n——\n本邮件由系统自动发送,请勿直接回复。\n")
		return m.Send(ctx, p.To, p.Subject, body.String())
	}
}
