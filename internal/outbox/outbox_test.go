package outbox_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"xieshang/internal/errs"
	"xieshang/internal/outbox"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

func TestMain(m *testing.M) { sqldbtest.Main(m) }

var (
	ctx   = context.Background()
	quiet = slog.New(slog.NewTextHandler(io.Discard, nil))
	// t0 is 08:00 China time on 1 March 2027.
	t0 = time.Date(2027, 3, 1, 8, 0, 0, 0, outbox.China)
)

// setup returns the store over a database whose clock stands at t0.
func setup(t *testing.T, db *sqldb.DB) (outbox.Store, int64) {
	db.Clock = func() time.Time { return t0 }
	return sqldb.Outbox(db), sqldbtest.Committee(t, db, "示范市政协")
}

func enqueue(t *testing.T, s outbox.Store, tasks ...outbox.Task) {
	t.Helper()
	err := s.InTx(ctx, func(tx outbox.Tx) error {
		for _, task := range tasks {
			if err := outbox.Enqueue(ctx, tx, task); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("enqueue: %v", err)
	}
}

func byKey(t *testing.T, s outbox.Store, key string) outbox.Task {
	t.Helper()
	var task outbox.Task
	err := s.View(ctx, func(tx outbox.Tx) error {
		var err error
		task, err = tx.TaskByKey(ctx, key)
		return err
	})
	if err != nil {
		t.Fatalf("task %s: %v", key, err)
	}
	return task
}

func count(t *testing.T, db *sqldb.DB, where string) int {
	t.Helper()
	var n int
	if err := db.R.QueryRow("SELECT COUNT(*) FROM outbox_tasks WHERE " + where).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// calls counts handler calls per task id.
type calls struct {
	mu sync.Mutex
	n  map[int64]int
}

func (c *calls) handler(err error) outbox.Handler {
	return func(_ context.Context, t outbox.Task) error {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.n == nil {
			c.n = map[int64]int{}
		}
		c.n[t.ID]++
		return err
	}
}

func (c *calls) of(id int64) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[id]
}

func TestEnqueue(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s, cid := setup(t, db)
		// A task enqueued in a transaction that rolls back does not exist.
		boom := errors.New("step failed")
		err := s.InTx(ctx, func(tx outbox.Tx) error {
			if err := outbox.Enqueue(ctx, tx, outbox.Task{CommitteeID: cid, Kind: "remind", Key: "proposal:1:due-7d"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("rollback: %v", err)
		}
		if n := count(t, db, "1 = 1"); n != 0 {
			t.Fatalf("%d tasks after rollback", n)
		}
		// The same key twice, in one transaction and in another, is one task.
		task := outbox.Task{CommitteeID: cid, Kind: "remind", Key: "proposal:1:due-7d", RunAt: t0.Add(time.Hour), Payload: []byte(`{"id":1}`)}
		enqueue(t, s, task, task)
		enqueue(t, s, task)
		if n := count(t, db, "dedupe_key = 'proposal:1:due-7d'"); n != 1 {
			t.Fatalf("%d tasks for one key", n)
		}
		got := byKey(t, s, "proposal:1:due-7d")
		if got.State != outbox.Pending || !got.RunAt.Equal(t0.Add(time.Hour)) || string(got.Payload) != `{"id":1}` || got.CommitteeID != cid {
			t.Errorf("stored task: %+v", got)
		}
		// Tasks without a key are never deduplicated; a zero RunAt is now.
		enqueue(t, s, outbox.Task{Kind: "misc"}, outbox.Task{Kind: "misc"})
		if n := count(t, db, "kind = 'misc' AND dedupe_key IS NULL"); n != 2 {
			t.Errorf("%d keyless tasks, want 2", n)
		}
		// Bad tasks are refused.
		for _, bad := range []outbox.Task{{Key: "x"}, {Kind: "k", Payload: []byte("{")}, {Kind: "k", DailyAt: "8:00"}} {
			err := s.InTx(ctx, func(tx outbox.Tx) error { return outbox.Enqueue(ctx, tx, bad) })
			if !errs.Is(err, errs.Invalid) {
				t.Errorf("enqueue %+v: %v", bad, err)
			}
		}
	})
}

func TestRunDue(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s, cid := setup(t, db)
		enqueue(t, s,
			outbox.Task{CommitteeID: cid, Kind: "remind", Key: "now", RunAt: t0},
			outbox.Task{CommitteeID: cid, Kind: "remind", Key: "later", RunAt: t0.Add(time.Hour)},
			outbox.Task{CommitteeID: cid, Kind: "unknown", Key: "other kind", RunAt: t0})
		var c calls
		w := outbox.NewWorker(s, map[string]outbox.Handler{"remind": c.handler(nil)}, quiet, outbox.Options{})
		ran, err := w.RunDue(ctx, t0)
		if err != nil || ran != 1 {
			t.Fatalf("first run: ran %d, %v", ran, err)
		}
		now, later := byKey(t, s, "now"), byKey(t, s, "later")
		if now.State != outbox.Done || !now.DoneAt.Equal(t0) || now.Attempts != 1 || c.of(now.ID) != 1 {
			t.Errorf("due task: %+v, %d calls", now, c.of(now.ID))
		}
		if later.State != outbox.Pending || c.of(later.ID) != 0 {
			t.Errorf("future task ran: %+v", later)
		}
		// A done task never runs again; the later one runs when due.
		if ran, err := w.RunDue(ctx, t0.Add(time.Hour)); err != nil || ran != 1 || c.of(now.ID) != 1 || c.of(later.ID) != 1 {
			t.Errorf("second run: ran %d, %v, calls %v", ran, err, c.n)
		}
		// A kind without a handler stays pending for a worker that has one.
		if other := byKey(t, s, "other kind"); other.State != outbox.Pending {
			t.Errorf("task of an unhandled kind: %+v", other)
		}
	})
}

func TestRetryAndFail(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s, cid := setup(t, db)
		enqueue(t, s, outbox.Task{CommitteeID: cid, Kind: "flaky", Key: "flaky", RunAt: t0},
			outbox.Task{CommitteeID: cid, Kind: "broken", Key: "broken", RunAt: t0},
			outbox.Task{CommitteeID: cid, Kind: "hopeless", Key: "hopeless", RunAt: t0},
			outbox.Task{CommitteeID: cid, Kind: "panics", Key: "panics", RunAt: t0})
		var flaky int
		handlers := map[string]outbox.Handler{
			"flaky": func(context.Context, outbox.Task) error {
				if flaky++; flaky < 2 {
					return errors.New("451 try again")
				}
				return nil
			},
			"broken":   func(context.Context, outbox.Task) error { return errors.New("邮件服务器拒绝") },
			"hopeless": func(context.Context, outbox.Task) error { return outbox.Permanent(errors.New("no such user")) },
			"panics":   func(context.Context, outbox.Task) error { panic("bug") },
		}
		w := outbox.NewWorker(s, handlers, quiet, outbox.Options{MaxAttempts: 3})
		if ran, err := w.RunDue(ctx, t0); err != nil || ran != 4 {
			t.Fatalf("first run: %d, %v", ran, err)
		}
		b := byKey(t, s, "broken")
		if b.State != outbox.Pending || b.Attempts != 1 || !b.RunAt.Equal(t0.Add(time.Minute)) || b.LastError != "邮件服务器拒绝" {
			t.Errorf("after the first failure: %+v", b)
		}
		if h := byKey(t, s, "hopeless"); h.State != outbox.Failed || h.Attempts != 1 || h.LastError != "no such user" {
			t.Errorf("permanent failure: %+v", h)
		}
		if p := byKey(t, s, "panics"); p.State != outbox.Pending || p.LastError != "handler panicked: bug" {
			t.Errorf("panic: %+v", p)
		}
		// Not due yet during the backoff.
		if ran, _ := w.RunDue(ctx, t0.Add(59*time.Second)); ran != 0 {
			t.Errorf("ran %d during the backoff", ran)
		}
		at := t0.Add(time.Minute)
		if ran, err := w.RunDue(ctx, at); err != nil || ran != 3 {
			t.Fatalf("second run: %d, %v", ran, err)
		}
		if f := byKey(t, s, "flaky"); f.State != outbox.Done || f.Attempts != 2 || f.LastError != "" {
			t.Errorf("retried task: %+v", f)
		}
		b = byKey(t, s, "broken")
		if b.State != outbox.Pending || b.Attempts != 2 || !b.RunAt.Equal(at.Add(5*time.Minute)) {
			t.Errorf("after the second failure: %+v", b)
		}
		at = at.Add(5 * time.Minute)
		if ran, err := w.RunDue(ctx, at); err != nil || ran != 2 {
			t.Fatalf("third run: %d, %v", ran, err)
		}
		b = byKey(t, s, "broken")
		if b.State != outbox.Failed || b.Attempts != 3 || b.LastError != "邮件服务器拒绝" || !b.DoneAt.Equal(at) {
			t.Errorf("after the last attempt: %+v", b)
		}
		if ran, _ := w.RunDue(ctx, at.Add(48*time.Hour)); ran != 0 {
			t.Errorf("failed tasks ran again: %d", ran)
		}
	})
}

func TestCrashedWorker(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s, cid := setup(t, db)
		enqueue(t, s, outbox.Task{CommitteeID: cid, Kind: "remind", Key: "k", RunAt: t0})
		// A worker claims the task and dies.
		var stale outbox.Task
		err := s.InTx(ctx, func(tx outbox.Tx) error {
			var err error
			stale, err = tx.ClaimTask(ctx, byKey(t, s, "k").ID, t0, t0.Add(5*time.Minute))
			return err
		})
		if err != nil || stale.State != outbox.Running || stale.Attempts != 1 {
			t.Fatalf("claim: %+v, %v", stale, err)
		}
		var c calls
		w := outbox.NewWorker(s, map[string]outbox.Handler{"remind": c.handler(nil)}, quiet, outbox.Options{})
		if ran, _ := w.RunDue(ctx, t0.Add(4*time.Minute)); ran != 0 {
			t.Fatalf("ran a task another worker holds")
		}
		if ran, err := w.RunDue(ctx, t0.Add(6*time.Minute)); err != nil || ran != 1 {
			t.Fatalf("expired claim not taken over: %d, %v", ran, err)
		}
		got := byKey(t, s, "k")
		if got.State != outbox.Done || got.Attempts != 2 || c.of(got.ID) != 1 {
			t.Errorf("after takeover: %+v", got)
		}
		// The dead worker's late outcome is dropped.
		stale.State, stale.LastError = outbox.Failed, "late"
		err = s.InTx(ctx, func(tx outbox.Tx) error {
			ok, err := tx.FinishTask(ctx, stale)
			if ok {
				t.Error("a stale claim finished the task")
			}
			return err
		})
		if err != nil || byKey(t, s, "k").State != outbox.Done {
			t.Errorf("stale finish: %v", err)
		}
	})
}

func TestConcurrentWorkers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s, cid := setup(t, db)
		const tasks = 60
		var all []outbox.Task
		for i := range tasks {
			all = append(all, outbox.Task{CommitteeID: cid, Kind: "remind", Key: fmt.Sprintf("t:%d", i), RunAt: t0})
		}
		enqueue(t, s, all...)
		var c calls
		var wg sync.WaitGroup
		ran := make([]int, 4)
		for i := range ran {
			w := outbox.NewWorker(s, map[string]outbox.Handler{"remind": c.handler(nil)}, quiet, outbox.Options{Batch: 7})
			wg.Go(func() {
				n, err := w.RunDue(ctx, t0)
				if err != nil {
					t.Errorf("worker %d: %v", i, err)
				}
				ran[i] = n
			})
		}
		wg.Wait()
		t.Logf("tasks run by each worker: %v", ran)
		total := 0
		for _, n := range ran {
			total += n
		}
		if total != tasks || len(c.n) != tasks {
			t.Fatalf("ran %v (total %d), handled %d distinct tasks", ran, total, len(c.n))
		}
		for id, n := range c.n {
			if n != 1 {
				t.Errorf("task %d ran %d times", id, n)
			}
		}
		if n := count(t, db, "state = 'done'"); n != tasks {
			t.Errorf("%d done", n)
		}
	})
}

func TestCancel(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s, cid := setup(t, db)
		later := t0.Add(time.Hour)
		enqueue(t, s,
			outbox.Task{CommitteeID: cid, Kind: "remind", Key: "proposal:4:due-7d", RunAt: later},
			outbox.Task{CommitteeID: cid, Kind: "remind", Key: "proposal:4:due-0d", RunAt: later},
			outbox.Task{CommitteeID: cid, Kind: "remind", Key: "proposal:4:running", RunAt: t0},
			outbox.Task{CommitteeID: cid, Kind: "remind", Key: "proposal:42:due-7d", RunAt: later},
			outbox.Task{CommitteeID: cid, Kind: "remind", Key: "Proposal:4:due-7d", RunAt: later})
		if err := s.InTx(ctx, func(tx outbox.Tx) error {
			_, err := tx.ClaimTask(ctx, byKey(t, s, "proposal:4:running").ID, t0, t0.Add(2*time.Hour))
			return err
		}); err != nil {
			t.Fatal(err)
		}
		var n int
		err := s.InTx(ctx, func(tx outbox.Tx) error {
			var err error
			n, err = outbox.Cancel(ctx, tx, "proposal:4:")
			return err
		})
		if err != nil || n != 2 {
			t.Fatalf("cancel: %d, %v", n, err)
		}
		for key, want := range map[string]outbox.State{"proposal:4:due-7d": outbox.Cancelled, "proposal:4:due-0d": outbox.Cancelled,
			"proposal:4:running": outbox.Running, "proposal:42:due-7d": outbox.Pending, "Proposal:4:due-7d": outbox.Pending} {
			if got := byKey(t, s, key); got.State != want {
				t.Errorf("%s: %s, want %s", key, got.State, want)
			}
		}
		var c calls
		w := outbox.NewWorker(s, map[string]outbox.Handler{"remind": c.handler(nil)}, quiet, outbox.Options{})
		if ran, _ := w.RunDue(ctx, later); ran != 2 {
			t.Errorf("ran %d, want the two uncancelled pending tasks", ran)
		}
		err = s.InTx(ctx, func(tx outbox.Tx) error { _, err := outbox.Cancel(ctx, tx, ""); return err })
		if !errs.Is(err, errs.Invalid) {
			t.Errorf("empty prefix: %v", err)
		}
	})
}

func TestDaily(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s, cid := setup(t, db)
		const kind = "proposal.overdue_digest"
		db.Clock = func() time.Time { return t0.Add(-time.Hour) } // 07:00
		for range 2 {
			if err := outbox.EnsureDaily(ctx, s, kind, cid, 8); err != nil {
				t.Fatal(err)
			}
		}
		key := func(day string) string { return fmt.Sprintf("%s:%d:%s", kind, cid, day) }
		first := byKey(t, s, key("2027-03-01"))
		if !first.RunAt.Equal(t0) || first.DailyAt != "08:00" || count(t, db, "kind = '"+kind+"'") != 1 {
			t.Fatalf("first occurrence: %+v", first)
		}
		var c calls
		w := outbox.NewWorker(s, map[string]outbox.Handler{kind: c.handler(nil)}, quiet, outbox.Options{})
		if ran, _ := w.RunDue(ctx, t0.Add(-time.Minute)); ran != 0 {
			t.Fatal("ran before 08:00")
		}
		if ran, err := w.RunDue(ctx, t0.Add(time.Second)); err != nil || ran != 1 {
			t.Fatalf("08:00 run: %d, %v", ran, err)
		}
		next := byKey(t, s, key("2027-03-02"))
		if next.State != outbox.Pending || !next.RunAt.Equal(t0.AddDate(0, 0, 1)) {
			t.Fatalf("next occurrence: %+v", next)
		}
		// Running again the same day, or ensuring again, adds nothing.
		if ran, _ := w.RunDue(ctx, t0.Add(2*time.Second)); ran != 0 {
			t.Errorf("digest ran twice on one day")
		}
		db.Clock = func() time.Time { return t0.Add(time.Hour) }
		if err := outbox.EnsureDaily(ctx, s, kind, cid, 8); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, "kind = '"+kind+"'"); n != 2 {
			t.Errorf("%d occurrences after the first day, want 2", n)
		}
		// A failed occurrence still schedules the next day.
		w = outbox.NewWorker(s, map[string]outbox.Handler{kind: c.handler(outbox.Permanent(errors.New("x")))}, quiet, outbox.Options{})
		if ran, _ := w.RunDue(ctx, t0.AddDate(0, 0, 1)); ran != 1 {
			t.Fatal("second day did not run")
		}
		byKey(t, s, key("2027-03-03"))
		// After a long stop the overdue occurrence runs once and the chain
		// resumes from the next day without catching up.
		late := time.Date(2027, 3, 10, 10, 0, 0, 0, outbox.China)
		if ran, _ := w.RunDue(ctx, late); ran != 1 {
			t.Fatal("overdue occurrence did not run")
		}
		if got := byKey(t, s, key("2027-03-11")); !got.RunAt.Equal(time.Date(2027, 3, 11, 8, 0, 0, 0, outbox.China)) {
			t.Errorf("after the stop: %+v", got)
		}
		if n := count(t, db, "kind = '"+kind+"'"); n != 4 {
			t.Errorf("%d occurrences, want one per day run plus the next", n)
		}
	})
}

func TestNextDaily(t *testing.T) {
	for _, tc := range []struct {
		now  time.Time
		want string
	}{
		{time.Date(2027, 3, 1, 7, 59, 0, 0, outbox.China), "2027-03-01 08:00"},
		{time.Date(2027, 3, 1, 8, 0, 0, 0, outbox.China), "2027-03-02 08:00"},
		{time.Date(2027, 2, 28, 23, 30, 0, 0, time.UTC), "2027-03-01 08:00"}, // 07:30 CST on 1 March
		{time.Date(2027, 12, 31, 9, 0, 0, 0, outbox.China), "2028-01-01 08:00"},
	} {
		if got := outbox.NextDaily(tc.now, "08:00").In(outbox.China).Format("2006-01-02 15:04"); got != tc.want {
			t.Errorf("NextDaily(%v) = %s, want %s", tc.now, got, tc.want)
		}
	}
}
