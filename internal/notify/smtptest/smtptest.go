// Package smtptest runs a small SMTP server on 127.0.0.1 for tests. It
// speaks enough of RFC 5321 for net/smtp — EHLO/HELO, optional STARTTLS
// with a throw-away certificate, optional AUTH PLAIN, MAIL, RCPT, DATA,
// RSET, NOOP, QUIT — and records every message it accepts.
package smtptest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// Options configure a Server.
type Options struct {
	// Username and Password, when set, make the server offer AUTH PLAIN
	// and refuse MAIL before a successful login.
	Username, Password string
	// StartTLS makes the server offer STARTTLS with a self-signed
	// certificate for 127.0.0.1; clients trust it through ClientTLS.
	StartTLS bool
}

// Message is one accepted message.
type Message struct {
	From string   // the MAIL FROM address
	To   []string // the RCPT TO addresses
	Data []byte   // the content after DATA, dot-unstuffed, lines ending in \n
	TLS  bool     // received over TLS
	Auth string   // the user that logged in, if any
}

// Parse parses m's content as an Internet message.
func (m Message) Parse() (*mail.Message, error) { return mail.ReadMessage(bytes.NewReader(m.Data)) }

// Header returns the decoded value of header key (RFC 2047 words decoded).
func (m Message) Header(key string) (string, error) {
	msg, err := m.Parse()
	if err != nil {
		return "", err
	}
	var d mime.WordDecoder
	return d.DecodeHeader(msg.Header.Get(key))
}

// Text returns the body decoded from its Content-Transfer-Encoding
// (base64, quoted-printable or none), with line breaks as \n.
func (m Message) Text() (string, error) {
	msg, err := m.Parse()
	if err != nil {
		return "", err
	}
	var r io.Reader = msg.Body
	switch strings.ToLower(msg.Header.Get("Content-Transfer-Encoding")) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r)
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return "", err
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n"), nil
}

// Server is a running test SMTP server.
type Server struct {
	Addr string // host:port to dial

	opts      Options
	ln        net.Listener
	tlsServer *tls.Config
	tlsClient *tls.Config

	mu       sync.Mutex
	msgs     []Message
	failNext int
	conns    map[net.Conn]bool
	closed   bool
	wg       sync.WaitGroup
}

// Start starts a server on 127.0.0.1:0; it stops when the test ends.
func Start(tb testing.TB, opts Options) *Server {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("smtptest: listen: %v", err)
	}
	s := &Server{Addr: ln.Addr().String(), opts: opts, ln: ln, conns: map[net.Conn]bool{}}
	if opts.StartTLS {
		if err := s.makeCert(); err != nil {
			ln.Close()
			tb.Fatalf("smtptest: certificate: %v", err)
		}
	}
	s.wg.Add(1)
	go s.accept()
	tb.Cleanup(s.Close)
	return s
}

// ClientTLS returns a TLS configuration that trusts the server's
// certificate (nil without StartTLS).
func (s *Server) ClientTLS() *tls.Config {
	if s.tlsClient == nil {
		return nil
	}
	return s.tlsClient.Clone()
}

// Messages returns the messages accepted so far, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// FailNext makes the server answer the next n MAIL commands with a
// temporary failure (451).
func (s *Server) FailNext(n int) {
	s.mu.Lock()
	s.failNext = n
	s.mu.Unlock()
}

// Close stops the server and waits for its connections to end.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	s.ln.Close()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[c] = true
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			defer func() {
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
				c.Close()
			}()
			c.SetDeadline(time.Now().Add(time.Minute))
			s.serve(c)
		}()
	}
}

// session is the state of one connection.
type session struct {
	tp       *textproto.Conn
	greeted  bool
	tls      bool
	user     string
	from     string
	haveFrom bool
	to       []string
}

func (ss *session) reply(code int, text string) { ss.tp.PrintfLine("%d %s", code, text) }

func (ss *session) reset() { ss.from, ss.haveFrom, ss.to = "", false, nil }

func (s *Server) serve(c net.Conn) {
	ss := &session{tp: textproto.NewConn(c)}
	ss.reply(220, "127.0.0.1 smtptest ready")
	for {
		line, err := ss.tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			ss.greeted = true
			ss.reset()
			ext := []string{"127.0.0.1 hello " + arg, "8BITMIME", "PIPELINING"}
			if s.tlsServer != nil && !ss.tls {
				ext = append(ext, "STARTTLS")
			}
			if s.opts.Username != "" {
				ext = append(ext, "AUTH PLAIN")
			}
			for i, e := range ext {
				sep := "-"
				if i == len(ext)-1 {
					sep = " "
				}
				ss.tp.PrintfLine("250%s%s", sep, e)
			}
		case "HELO":
			ss.greeted = true
			ss.reset()
			ss.reply(250, "127.0.0.1 hello "+arg)
		case "STARTTLS":
			if s.tlsServer == nil || ss.tls {
				ss.reply(502, "5.5.1 STARTTLS not available")
				continue
			}
			ss.reply(220, "2.0.0 ready to start TLS")
			tc := tls.Server(c, s.tlsServer)
			if err := tc.Handshake(); err != nil {
				return
			}
			c = tc
			// RFC 3207: the client starts over with EHLO.
			*ss = session{tp: textproto.NewConn(tc), tls: true}
		case "AUTH":
			s.auth(ss, arg)
		case "MAIL":
			addr, ok := path(arg, "FROM:")
			switch {
			case !ss.greeted:
				ss.reply(503, "5.5.1 say EHLO first")
			case s.opts.Username != "" && ss.user == "":
				ss.reply(530, "5.7.0 authentication required")
			case !ok:
				ss.reply(501, "5.5.4 syntax: MAIL FROM:<address>")
			case s.takeFailure():
				ss.reply(451, "4.3.0 try again later")
			default:
				ss.reset()
				ss.from, ss.haveFrom = addr, true
				ss.reply(250, "2.1.0 ok")
			}
		case "RCPT":
			addr, ok := path(arg, "TO:")
			switch {
			case !ss.haveFrom:
				ss.reply(503, "5.5.1 MAIL first")
			case !ok || addr == "":
				ss.reply(501, "5.5.4 syntax: RCPT TO:<address>")
			default:
				ss.to = append(ss.to, addr)
				ss.reply(250, "2.1.5 ok")
			}
		case "DATA":
			if len(ss.to) == 0 {
				ss.reply(503, "5.5.1 RCPT first")
				continue
			}
			ss.reply(354, "end data with <CR><LF>.<CR><LF>")
			data, err := ss.tp.ReadDotBytes()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.msgs = append(s.msgs, Message{From: ss.from, To: ss.to, Data: data, TLS: ss.tls, Auth: ss.user})
			n := len(s.msgs)
			s.mu.Unlock()
			ss.reset()
			ss.reply(250, fmt.Sprintf("2.0.0 queued as %d", n))
		case "RSET":
			ss.reset()
			ss.reply(250, "2.0.0 ok")
		case "NOOP":
			ss.reply(250, "2.0.0 ok")
		case "QUIT":
			ss.reply(221, "2.0.0 bye")
			return
		default:
			ss.reply(502, "5.5.2 command not implemented")
		}
	}
}

// auth handles AUTH PLAIN, with the initial response on the line or after
// a 334 prompt.
func (s *Server) auth(ss *session, arg string) {
	mech, resp, _ := strings.Cut(arg, " ")
	if s.opts.Username == "" || !strings.EqualFold(mech, "PLAIN") {
		ss.reply(504, "5.5.4 mechanism not supported")
		return
	}
	if ss.user != "" {
		ss.reply(503, "5.5.1 already authenticated")
		return
	}
	if resp == "" {
		ss.reply(334, "")
		line, err := ss.tp.ReadLine()
		if err != nil {
			return
		}
		resp = line
	}
	b, err := base64.StdEncoding.DecodeString(resp)
	if err != nil {
		ss.reply(501, "5.5.2 bad base64")
		return
	}
	// authzid NUL authcid NUL password
	parts := strings.Split(string(b), "\x00")
	if len(parts) != 3 || parts[1] != s.opts.Username || parts[2] != s.opts.Password {
		ss.reply(535, "5.7.8 authentication failed")
		return
	}
	ss.user = parts[1]
	ss.reply(235, "2.7.0 authenticated")
}

func (s *Server) takeFailure() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failNext > 0 {
		s.failNext--
		return true
	}
	return false
}

// path parses "FROM:<addr> params" or "TO:<addr>" after the verb.
func path(arg, prefix string) (string, bool) {
	if len(arg) < len(prefix) || !strings.EqualFold(arg[:len(prefix)], prefix) {
		return "", false
	}
	rest := strings.TrimSpace(arg[len(prefix):])
	if !strings.HasPrefix(rest, "<") {
		return "", false
	}
	addr, _, ok := strings.Cut(rest[1:], ">")
	return addr, ok
}

func (s *Server) makeCert() error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "smtptest"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:     []string{"localhost"},
		IsCA:         true,

		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return err
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	s.tlsServer = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}, MinVersion: tls.VersionTLS12}
	s.tlsClient = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	return nil
}
