package proposal_test

import (
	"log/slog"
	"maps"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"xieshang/internal/authz"
	"xieshang/internal/notify"
	"xieshang/internal/outbox"
	"xieshang/internal/proposal"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

// Steps notify the people concerned in their transaction; assignment
// schedules the due-date reminders, which reach the unit's liaisons only
// while the unit still has to reply, once however often they run; the
// daily digest lists overdue proposals to the proposal office.
func TestNotificationsAndReminders(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		inbox := func(w proposal.Who) []notify.Notification {
			t.Helper()
			page, err := notify.NewService(sqldb.Notify(db)).List(ctx, w.Actor, false, 0, 100)
			if err != nil {
				t.Fatal(err)
			}
			return page.Items
		}
		p := f.submitted(f.alice, proposal.Plenary, "关于加快老旧小区加装电梯的建议")
		if n := inbox(f.office); len(n) != 1 || n[0].Link == "" || n[0].Kind != "proposal.submit" {
			t.Fatalf("office after submit: %+v", n)
		}
		if n := inbox(f.alice); len(n) != 0 {
			t.Errorf("the actor was notified of their own step: %+v", n)
		}
		p = f.do(f.office, p, proposal.Accept{}, proposal.Accepted)
		if n := inbox(f.alice); len(n) != 1 {
			t.Errorf("proposer after accept: %+v", n)
		}
		p = f.do(f.office, p, proposal.Assign{Mode: proposal.SingleMode, Units: []proposal.UnitChoice{{UnitID: f.lead.ID}}}, proposal.Assigned)
		due := p.Units[0].DueAt
		q := f.assigned(f.bob, "关于完善农村养老服务的建议", f.co) // left unanswered
		tasks := f.count("SELECT COUNT(*) FROM outbox_tasks WHERE kind = ? AND state = 'pending' AND dedupe_key LIKE ?", proposal.RemindKind,
			"proposal:"+strconv.FormatInt(p.ID, 10)+":%")
		if tasks != 2 {
			t.Fatalf("reminder tasks after assignment: %d, want 2 (7 days before, on the day)", tasks)
		}
		if n := inbox(f.leadWho); len(n) != 1 {
			t.Errorf("unit after assignment: %+v", n)
		}
		w := outbox.NewWorker(sqldb.Outbox(db), map[string]outbox.Handler{
			proposal.RemindKind: proposal.RemindHandler(sqldb.ProposalReminders(db)),
			proposal.DigestKind: proposal.DigestHandler(sqldb.ProposalReminders(db)),
		}, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})), outbox.Options{})
		// A week before the deadline: the first reminder reaches the liaison.
		week := due.In(proposal.China).AddDate(0, 0, -7)
		f.setNow(time.Date(week.Year(), week.Month(), week.Day(), 9, 0, 0, 0, proposal.China))
		if ran, err := w.RunDue(ctx, f.clock()); err != nil || ran != 2 { // both proposals
			t.Fatalf("week before: ran %d, %v", ran, err)
		}
		n := inbox(f.leadWho)
		if len(n) != 2 || n[0].Kind != proposal.RemindKind {
			t.Fatalf("unit after the first reminder: %+v", n)
		}
		// The unit replies; the reminder on the day then sends nothing.
		p = f.do(f.leadWho, p, proposal.SignFor{Unit: f.lead.ID}, proposal.Handling)
		p = f.do(f.leadWho, p, proposal.SendReply{Unit: f.lead.ID, Reply: reply(proposal.ClassA, f.clock())}, proposal.ReplyReview)
		f.setNow(due.Add(-time.Hour))
		if _, err := w.RunDue(ctx, f.clock()); err != nil {
			t.Fatal(err)
		}
		if got := inbox(f.leadWho); len(got) != len(n) {
			t.Errorf("a reminder after the reply: %d notifications, had %d", len(got), len(n))
		}
		// Another proposal left unanswered is overdue: the digest lists it.
		f.setNow(q.Units[0].DueAt.Add(48 * time.Hour))
		if err := outbox.EnsureDaily(ctx, sqldb.Outbox(db), proposal.DigestKind, f.cid, 8); err != nil {
			t.Fatal(err)
		}
		f.setNow(f.clock().Add(24 * time.Hour))
		if _, err := w.RunDue(ctx, f.clock()); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, x := range inbox(f.office) {
			found = found || (x.Kind == proposal.DigestKind && x.Link == "/proposals?queue=overdue")
		}
		if !found {
			t.Errorf("no overdue digest for the office: %+v", inbox(f.office))
		}
		// Approved but never evaluated: closed by the system after the
		// configured days, not before.
		p = f.do(f.office, p, proposal.ApproveReply{Unit: f.lead.ID}, proposal.Evaluating)
		closer := proposal.AutoCloseHandler(f.svc)
		if err := closer(ctx, outbox.Task{CommitteeID: f.cid}); err != nil {
			t.Fatal(err)
		}
		if got := f.stored(p.ID); got.State != proposal.Evaluating {
			t.Fatalf("closed too early: %s", got.State)
		}
		f.setNow(f.clock().AddDate(0, 0, proposal.DefaultConfig().AutoCloseDays+1))
		if err := closer(ctx, outbox.Task{CommitteeID: f.cid}); err != nil {
			t.Fatal(err)
		}
		if got := f.stored(p.ID); got.State != proposal.Closed {
			t.Errorf("not closed after %d days: %s", proposal.DefaultConfig().AutoCloseDays, got.State)
		}
		// Notifications are the actor's own.
		if _, err := notify.NewService(sqldb.Notify(db)).List(ctx, authz.Actor{}, false, 0, 10); err == nil {
			t.Error("an actor without an account listed notifications")
		}
	})
}

// NotifyRecipients (one statement on PostgreSQL) reaches exactly whom
// RecipientIDs finds, in its order, each once, without the excluded actor
// or disabled accounts, and returns their addresses.
func TestNotifyRecipients(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		other := sqldbtest.Committee(t, db, "另一市政协")
		stranger := f.user(other, "stranger", "外委员", authz.Member)
		for _, q := range []string{
			"UPDATE users SET email = 'pro1@example.org' WHERE id = " + strconv.FormatInt(f.office.Actor.UserID, 10),
			"UPDATE users SET email = 'alice@example.org' WHERE id = " + strconv.FormatInt(f.alice.Actor.UserID, 10),
			"UPDATE users SET disabled = TRUE WHERE id = " + strconv.FormatInt(f.bob.Actor.UserID, 10),
		} {
			if _, err := db.W.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		rs := []proposal.Recipient{{UnitID: f.lead.ID}, {UserID: f.alice.Actor.UserID}, {Role: authz.ProposalOffice},
			{UserID: f.office.Actor.UserID}, {UserID: f.bob.Actor.UserID}, {UserID: stranger.UserID}}
		exclude := f.office2.Actor.UserID
		n := notify.Notification{CommitteeID: f.cid, Kind: "proposal.test", Title: "测试通知", Body: "正文", Link: "/proposals/1"}
		var want, got []int64
		var wantMail, gotMail map[int64]string
		err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			ids, emails, err := tx.RecipientIDs(ctx, f.cid, rs)
			if err != nil {
				return err
			}
			want, wantMail = slices.DeleteFunc(ids, func(id int64) bool { return id == exclude }), emails
			delete(wantMail, exclude)
			got, gotMail, err = tx.NotifyRecipients(ctx, f.cid, rs, exclude, n)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(want) != 3 || !slices.Equal(got, want) { // the lead unit's liaison, alice, pro1 (once); not pro2, bob or the stranger
			t.Fatalf("recipients %v, want %v", got, want)
		}
		if !maps.Equal(gotMail, wantMail) || len(gotMail) != 2 {
			t.Errorf("addresses %v, want %v", gotMail, wantMail)
		}
		for _, id := range got {
			if c := f.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'proposal.test' AND title = '测试通知' AND link = '/proposals/1'", id); c != 1 {
				t.Errorf("user %d has %d notifications, want 1", id, c)
			}
		}
		if c := f.count("SELECT COUNT(*) FROM notifications WHERE kind = 'proposal.test'"); c != len(got) {
			t.Errorf("%d notifications stored, want %d", c, len(got))
		}
	})
}

// A group-commit batch reads a recipient's accounts once (RecipientIDs),
// and any change the batch makes to accounts, roles or liaisons is seen by
// its next read: a role given, an account disabled, a liaison linked, an
// address set.
func TestRecipientsInABatchFollowItsChanges(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		office := []proposal.Recipient{{Role: authz.ProposalOffice}}
		unit := []proposal.Recipient{{UnitID: f.lead.ID}}
		err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			read := func(step string, rs []proposal.Recipient, want ...int64) map[int64]string {
				t.Helper()
				got, emails, err := tx.RecipientIDs(ctx, f.cid, rs)
				if err != nil {
					t.Fatalf("%s: %v", step, err)
				}
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("%s: recipients %v, want %v", step, got, want)
				}
				return emails
			}
			pro1, pro2, alice, bob := f.office.Actor.UserID, f.office2.Actor.UserID, f.alice.Actor.UserID, f.bob.Actor.UserID
			read("at first", office, pro1, pro2)
			if err := tx.SetUserRoles(ctx, alice, f.cid, []authz.Role{authz.Member, authz.ProposalOffice}); err != nil {
				return err
			}
			read("after a role given", office, pro1, pro2, alice)
			u, err := tx.UserByID(ctx, pro1)
			if err != nil {
				return err
			}
			u.Disabled = true
			if err := tx.UpdateUser(ctx, u); err != nil {
				return err
			}
			read("after an account disabled", office, pro2, alice)
			liaisons := f.count("SELECT COUNT(*) FROM unit_liaisons WHERE unit_id = ?", f.lead.ID)
			before, _, err := tx.RecipientIDs(ctx, f.cid, unit)
			if err != nil || len(before) != liaisons {
				t.Fatalf("the unit's liaisons %v (%v), want %d", before, err, liaisons)
			}
			if err := tx.LinkLiaison(ctx, f.lead.ID, bob); err != nil {
				return err
			}
			read("after a liaison linked", unit, append(before, bob)...)
			if err := tx.SetUserEmail(ctx, pro2, "pro2@example.org"); err != nil {
				return err
			}
			if emails := read("after an address set", office, pro2, alice); emails[pro2] != "pro2@example.org" {
				t.Errorf("addresses %v, want pro2's", emails)
			}
			if db.Dialect == sqldb.Postgres {
				// Really read once: a change committed meanwhile by another
				// connection, not through the batch, is not seen within it
				// (as if committed after it; on SQLite the batch holds the
				// only writer).
				if _, err := db.R.ExecContext(ctx, "UPDATE users SET disabled = TRUE WHERE id = $1", alice); err != nil {
					return err
				}
				read("after another connection's change", office, pro2, alice)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
