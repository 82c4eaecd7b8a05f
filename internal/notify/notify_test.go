package notify_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"xieshang/internal/account"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/notify"
	"xieshang/internal/outbox"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

func TestMain(m *testing.M) { sqldbtest.Main(m) }

var (
	ctx   = context.Background()
	quiet = slog.New(slog.NewTextHandler(io.Discard, nil))
)

// people creates a committee and users named by names, and sets the
// e-mail addresses given (by name) with SQL.
func people(t *testing.T, db *sqldb.DB, emails map[string]string, names ...string) (int64, map[string]int64) {
	t.Helper()
	cid := sqldbtest.Committee(t, db, "示范市政协")
	ids := map[string]int64{}
	for _, name := range names {
		now := time.Now()
		u := account.User{CommitteeID: cid, Username: name, Name: name, PasswordHash: "x", CreatedAt: now, UpdatedAt: now}
		if err := db.InTx(ctx, func(tx *sqldb.Tx) error { return tx.InsertUser(ctx, &u) }); err != nil {
			t.Fatal(err)
		}
		ids[name] = u.ID
		if e := emails[name]; e != "" {
			if _, err := db.W.Exec(fmt.Sprintf("UPDATE users SET email = '%s' WHERE id = %d", e, u.ID)); err != nil {
				t.Fatal(err)
			}
		}
	}
	return cid, ids
}

func count(t *testing.T, db *sqldb.DB, q string) int {
	t.Helper()
	var n int
	if err := db.R.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSend(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		cid, u := people(t, db, map[string]string{"zhang": "zhang@example.org", "wang": "wang@example.org"}, "zhang", "li", "wang")
		if _, err := db.W.Exec(fmt.Sprintf("UPDATE users SET disabled = TRUE WHERE id = %d", u["wang"])); err != nil {
			t.Fatal(err)
		}
		s := notify.NewService(sqldb.Notify(db))
		m := notify.Message{CommitteeID: cid, UserIDs: []int64{u["zhang"], u["li"], u["zhang"], 0, u["wang"]}, Kind: "proposal.accepted",
			Title: "您的提案已立案", Body: "提案《关于加强社区养老服务的建议》已立案。", Link: "/proposals/42", Key: "proposal:42:accepted"}

		// Nothing of a rolled-back step remains.
		boom := errors.New("step failed")
		err := sqldb.Notify(db).InTx(ctx, func(tx notify.Tx) error {
			if err := notify.Send(ctx, tx, m); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) || count(t, db, "SELECT COUNT(*) FROM notifications") != 0 || count(t, db, "SELECT COUNT(*) FROM outbox_tasks") != 0 {
			t.Fatalf("after rollback: %v", err)
		}

		for range 2 {
			if err := s.Send(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		if n := count(t, db, "SELECT COUNT(*) FROM notifications"); n != 3 {
			t.Errorf("%d notifications, want one for each of three users", n)
		}
		// Mail only for the enabled user with an address, once.
		if n := count(t, db, "SELECT COUNT(*) FROM outbox_tasks WHERE kind = 'mail'"); n != 1 {
			t.Errorf("%d mail tasks, want 1", n)
		}
		want := fmt.Sprintf("mail:proposal:42:accepted:%d", u["zhang"])
		if n := count(t, db, "SELECT COUNT(*) FROM outbox_tasks WHERE dedupe_key = '"+want+"'"); n != 1 {
			t.Errorf("no mail task keyed %s", want)
		}
		// Without a key every send notifies.
		m.Key, m.UserIDs = "", []int64{u["li"]}
		for range 2 {
			if err := s.Send(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		if n := count(t, db, fmt.Sprintf("SELECT COUNT(*) FROM notifications WHERE user_id = %d", u["li"])); n != 3 {
			t.Errorf("%d notifications of li, want 3", n)
		}
		// Bad messages.
		for _, bad := range []notify.Message{
			{CommitteeID: cid, UserIDs: []int64{u["li"]}, Title: "缺类型"},
			{CommitteeID: cid, UserIDs: []int64{u["li"]}, Kind: "k", Title: "  "},
			{CommitteeID: cid, UserIDs: []int64{u["li"]}, Kind: "k", Title: strings.Repeat("长", notify.MaxTitle+1)},
			{CommitteeID: cid, UserIDs: []int64{u["li"]}, Kind: "k", Title: "外链", Link: "https://evil.example/"},
			{CommitteeID: cid, UserIDs: []int64{u["li"]}, Kind: "k", Title: "外链", Link: "//evil.example/"},
		} {
			if err := s.Send(ctx, bad); !errs.Is(err, errs.Invalid) {
				t.Errorf("send %+v: %v", bad, err)
			}
		}
		// An unknown user fails the whole step.
		err = s.Send(ctx, notify.Message{CommitteeID: cid, UserIDs: []int64{999999}, Kind: "k", Title: "无此人"})
		if err == nil {
			t.Error("sent to a user who does not exist")
		}
	})
}

func TestService(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		cid, u := people(t, db, nil, "zhang", "li")
		s := notify.NewService(sqldb.Notify(db))
		zhang := authz.Actor{UserID: u["zhang"], CommitteeID: cid}
		li := authz.Actor{UserID: u["li"], CommitteeID: cid}
		for i := range 5 {
			if err := s.Send(ctx, notify.Message{CommitteeID: cid, UserIDs: []int64{u["zhang"]}, Kind: "k", Title: fmt.Sprintf("第%d条", i+1)}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Send(ctx, notify.Message{CommitteeID: cid, UserIDs: []int64{u["li"]}, Kind: "k", Title: "给李"}); err != nil {
			t.Fatal(err)
		}
		p, err := s.List(ctx, zhang, false, 0, 2)
		if err != nil || len(p.Items) != 2 || p.Items[0].Title != "第5条" || p.Next != p.Items[1].ID {
			t.Fatalf("first page: %+v, %v", p, err)
		}
		var titles []string
		for cursor := int64(0); ; {
			p, err := s.List(ctx, zhang, false, cursor, 2)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range p.Items {
				if n.UserID != u["zhang"] || !n.Unread() || n.CreatedAt.IsZero() {
					t.Errorf("listed %+v", n)
				}
				titles = append(titles, n.Title)
			}
			if cursor = p.Next; cursor == 0 {
				break
			}
		}
		if strings.Join(titles, ",") != "第5条,第4条,第3条,第2条,第1条" {
			t.Errorf("paged through %v", titles)
		}
		if n, err := s.UnreadCount(ctx, zhang); err != nil || n != 5 {
			t.Errorf("unread: %d, %v", n, err)
		}

		liPage, _ := s.List(ctx, li, false, 0, 0)
		if len(liPage.Items) != 1 {
			t.Fatalf("li's list: %+v", liPage)
		}
		liNote := liPage.Items[0].ID
		// Nobody reads another's notification.
		if err := s.MarkRead(ctx, zhang, liNote); !errs.Is(err, errs.NotFound) {
			t.Errorf("zhang marked li's notification: %v", err)
		}
		if err := s.MarkRead(ctx, zhang, 999999); !errs.Is(err, errs.NotFound) {
			t.Errorf("missing notification: %v", err)
		}
		if n, _ := s.UnreadCount(ctx, li); n != 1 {
			t.Errorf("li's unread count changed: %d", n)
		}
		first := p.Items[0].ID
		for range 2 { // reading twice is fine
			if err := s.MarkRead(ctx, zhang, first); err != nil {
				t.Fatal(err)
			}
		}
		unread, _ := s.List(ctx, zhang, true, 0, 0)
		if len(unread.Items) != 4 {
			t.Errorf("%d unread after reading one", len(unread.Items))
		}
		if n, err := s.MarkAllRead(ctx, zhang); err != nil || n != 4 {
			t.Errorf("mark all: %d, %v", n, err)
		}
		if n, _ := s.UnreadCount(ctx, zhang); n != 0 {
			t.Errorf("unread after marking all: %d", n)
		}
		if n, _ := s.UnreadCount(ctx, li); n != 1 {
			t.Errorf("marking all touched li's: %d", n)
		}
		all, _ := s.List(ctx, zhang, false, 0, 0)
		for _, n := range all.Items {
			if n.Unread() {
				t.Errorf("still unread: %+v", n)
			}
		}
		if _, err := s.List(ctx, authz.SystemActor(cid), false, 0, 0); !errs.Is(err, errs.Forbidden) {
			t.Errorf("system actor listed: %v", err)
		}
	})
}

// runMail runs the due mail tasks with a worker.
func runMail(t *testing.T, w *outbox.Worker) int {
	t.Helper()
	n, err := w.RunDue(ctx, time.Now().Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	return n
}
