package proposal_test

import (
	"log/slog"
	"os"
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
