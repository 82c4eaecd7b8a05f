// Package notify tells people about what concerns them: in-app
// notifications, listed on their own pages, and e-mail through SMTP when
// the server is configured for it.
//
// A workflow step calls Send inside its own transaction: the notifications
// and the e-mail tasks (outbox tasks of kind MailKind) commit with the
// step or not at all. With a Key, sending is idempotent: a user gets one
// notification and one e-mail per key however often Send runs, which is
// how a reminder task that runs twice sends once.
package notify

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/outbox"
)

// Notification is one in-app message to one user.
type Notification struct {
	ID          int64
	CommitteeID int64
	UserID      int64
	Kind        string // what it is about, e.g. "proposal.accepted"
	Title       string
	Body        string
	Link        string // a path inside the site, e.g. "/proposals/42"; may be empty
	CreatedAt   time.Time
	ReadAt      time.Time // zero while unread
}

// Unread reports whether the user has not read n yet.
func (n Notification) Unread() bool { return n.ReadAt.IsZero() }

// Message is what Send delivers to each of UserIDs.
type Message struct {
	CommitteeID int64
	UserIDs     []int64
	Kind        string
	Title       string // also the e-mail subject
	Body        string
	Link        string // a path inside the site, starting with "/"
	// Key makes Send idempotent per user: with the same Key, a user gets
	// one notification and one e-mail however often Send runs. Derive it
	// from what the message is about, e.g. "proposal:42:accepted" or the
	// key of the outbox task that sends it. Empty means no deduplication.
	Key string
	// Emails, when not nil, are the addresses of those of UserIDs that
	// have one (as the query that found the recipients read them); Send
	// then does not look them up.
	Emails map[int64]string
}

// Limits of a message.
const (
	MaxTitle = 200   // characters
	MaxBody  = 10000 // characters
)

// MailKind is the outbox task kind of an e-mail; its payload is a Mail.
const MailKind = "mail"

// Mail is the payload of a MailKind task.
type Mail struct {
	To      string `json:"to"`
	Subject string `json:"subject"`
	Body    string `json:"body"`
	Link    string `json:"link,omitempty"` // made absolute by MailHandler
}

// SendTx is the part of a transaction that Send needs.
type SendTx interface {
	outbox.EnqueueTx
	// InsertNotifications stores n for each of userIDs (n.UserID aside),
	// except for users who already have a notification with key (when key
	// is not empty), and returns those it stored it for.
	InsertNotifications(ctx context.Context, n Notification, userIDs []int64, key string) (map[int64]bool, error)
	// UserEmails returns the e-mail addresses of those of userIDs that
	// have one and are not disabled.
	UserEmails(ctx context.Context, userIDs []int64) (map[int64]string, error)
}

// Send notifies m.UserIDs in the caller's transaction: one in-app
// notification per user (duplicates and zero ids skipped) and, for each
// user with an e-mail address, a MailKind outbox task keyed
// "mail:"+Key+":"+userID. With a Key, a user who already has this
// notification gets neither again. A message with a missing kind or
// title, an over-long title or body, or a link that is not a path inside
// the site is Invalid.
func Send(ctx context.Context, tx SendTx, m Message) error {
	if err := m.Check(); err != nil {
		return err
	}
	var ids []int64
	seen := map[int64]bool{}
	for _, id := range m.UserIDs {
		if id != 0 && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	emails := m.Emails
	if emails == nil {
		var err error
		if emails, err = tx.UserEmails(ctx, ids); err != nil {
			return err
		}
	}
	inserted, err := tx.InsertNotifications(ctx, m.Notification(), ids, m.Key)
	if err != nil {
		return err
	}
	return enqueueMail(ctx, tx, m, ids, inserted, emails)
}

// Notification is the in-app notification m stores for each recipient.
func (m *Message) Notification() Notification {
	return Notification{CommitteeID: m.CommitteeID, Kind: m.Kind, Title: m.Title, Body: m.Body, Link: m.Link}
}

// Mailed completes a Send of m, without a Key, whose in-app notifications
// the caller has already stored for ids (emails: their addresses), after
// Check: it enqueues the e-mail tasks. It is for stores that find the
// recipients and store their notifications in one statement.
func Mailed(ctx context.Context, tx outbox.EnqueueTx, m Message, ids []int64, emails map[int64]string) error {
	return enqueueMail(ctx, tx, m, ids, nil, emails)
}

// enqueueMail enqueues the e-mail of m to each of ids that has an address in
// emails (and, when inserted is not nil, got the in-app notification).
func enqueueMail(ctx context.Context, tx outbox.EnqueueTx, m Message, ids []int64, inserted map[int64]bool, emails map[int64]string) error {
	for _, id := range ids {
		addr := emails[id]
		if (inserted != nil && !inserted[id]) || addr == "" {
			continue
		}
		payload, err := outbox.Payload(Mail{To: addr, Subject: m.Title, Body: m.Body, Link: m.Link})
		if err != nil {
			return err
		}
		key := ""
		if m.Key != "" {
			key = "mail:" + m.Key + ":" + strconv.FormatInt(id, 10)
		}
		if err := outbox.Enqueue(ctx, tx, outbox.Task{CommitteeID: m.CommitteeID, Kind: MailKind, Key: key, Payload: payload}); err != nil {
			return err
		}
	}
	return nil
}

// Check validates m as Send does, and trims its title.
func (m *Message) Check() error {
	var c errs.Check
	m.Title = strings.TrimSpace(m.Title)
	c.If(m.Kind == "", "kind", "通知缺少类型")
	c.If(m.Title == "", "title", "通知缺少标题")
	c.If(utf8.RuneCountInString(m.Title) > MaxTitle, "title", "通知标题不能超过 "+strconv.Itoa(MaxTitle)+" 个字")
	c.If(utf8.RuneCountInString(m.Body) > MaxBody, "body", "通知正文不能超过 "+strconv.Itoa(MaxBody)+" 个字")
	c.If(m.Link != "" && (!strings.HasPrefix(m.Link, "/") || strings.HasPrefix(m.Link, "//") || strings.ContainsAny(m.Link, "\r\n\\")),
		"link", "通知链接应为本站内的路径")
	return c.Err()
}

// Store keeps notifications; sqldb.Notify implements it.
type Store interface {
	InTx(ctx context.Context, fn func(Tx) error) error
	View(ctx context.Context, fn func(Tx) error) error
	Peek(ctx context.Context, fn func(Tx) error) error
}

// Tx is one transaction's view of the notifications.
type Tx interface {
	SendTx
	// Notifications returns up to limit of the user's notifications with
	// an id below before (all when before is 0), newest first; with
	// unreadOnly, only the unread ones.
	Notifications(ctx context.Context, userID int64, unreadOnly bool, before int64, limit int) ([]Notification, error)
	// UnreadNotifications counts the user's unread notifications.
	UnreadNotifications(ctx context.Context, userID int64) (int, error)
	// MarkNotificationRead marks notification id of the user read, if it
	// is unread; NotFound if the user has no notification id.
	MarkNotificationRead(ctx context.Context, userID, id int64) error
	// MarkAllNotificationsRead marks every unread notification of the
	// user read and returns how many.
	MarkAllNotificationsRead(ctx context.Context, userID int64) (int, error)
}

// Service serves a user's notifications to the pages and the API. Every
// method acts on the actor's own notifications only.
type Service struct{ store Store }

// NewService returns a Service over store.
func NewService(store Store) *Service { return &Service{store: store} }

// Page is one page of a list.
type Page struct {
	Items []Notification
	Next  int64 // the before cursor of the following page; 0 on the last one
}

// Page sizes of List.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

func user(by authz.Actor) (int64, error) {
	if by.UserID == 0 {
		return 0, errs.E(errs.Forbidden, "该操作者没有个人通知")
	}
	return by.UserID, nil
}

// List returns the actor's notifications, newest first, those with an id
// below before (from the newest when before is 0); limit is capped at
// MaxLimit and defaults to DefaultLimit.
func (s *Service) List(ctx context.Context, by authz.Actor, unreadOnly bool, before int64, limit int) (Page, error) {
	uid, err := user(by)
	if err != nil {
		return Page{}, err
	}
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	var p Page
	err = s.store.View(ctx, func(tx Tx) error {
		items, err := tx.Notifications(ctx, uid, unreadOnly, before, limit+1)
		if err != nil {
			return err
		}
		if len(items) > limit {
			items = items[:limit]
			p.Next = items[limit-1].ID
		}
		p.Items = items
		return nil
	})
	return p, err
}

// UnreadCount returns how many of the actor's notifications are unread.
func (s *Service) UnreadCount(ctx context.Context, by authz.Actor) (int, error) {
	uid, err := user(by)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.store.Peek(ctx, func(tx Tx) error {
		var err error
		n, err = tx.UnreadNotifications(ctx, uid)
		return err
	})
	return n, err
}

// MarkRead marks the actor's notification id read; reading it again is
// not an error. Another user's notification is NotFound.
func (s *Service) MarkRead(ctx context.Context, by authz.Actor, id int64) error {
	uid, err := user(by)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx Tx) error { return tx.MarkNotificationRead(ctx, uid, id) })
}

// MarkAllRead marks all the actor's notifications read and returns how
// many were unread.
func (s *Service) MarkAllRead(ctx context.Context, by authz.Actor) (int, error) {
	uid, err := user(by)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.store.InTx(ctx, func(tx Tx) error {
		var err error
		n, err = tx.MarkAllNotificationsRead(ctx, uid)
		return err
	})
	return n, err
}

// Send sends m in a transaction of its own, for callers outside a
// workflow step (an outbox handler, the command line).
func (s *Service) Send(ctx context.Context, m Message) error {
	return s.store.InTx(ctx, func(tx Tx) error { return Send(ctx, tx, m) })
}
