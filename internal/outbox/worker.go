package outbox

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"time"

	"xieshang/internal/errs"
)

// Store keeps tasks; sqldb.Outbox implements it.
type Store interface {
	InTx(ctx context.Context, fn func(Tx) error) error
	View(ctx context.Context, fn func(Tx) error) error
	// Peek runs fn without a transaction, for the poll's single query.
	Peek(ctx context.Context, fn func(Tx) error) error
}

// Tx is one transaction's view of the tasks.
type Tx interface {
	EnqueueTx
	CancelTx
	// Now is the time fixed at the start of the transaction.
	Now() time.Time
	// DueTasks returns up to limit tasks of the given kinds that a worker
	// may claim at now — pending with RunAt ≤ now, or running with
	// LockedUntil < now (their worker died) — oldest RunAt first.
	DueTasks(ctx context.Context, kinds []string, now time.Time, limit int) ([]Task, error)
	// ClaimTask marks task id running until lockedUntil and counts an
	// attempt, if it is still claimable at now, and returns the claimed
	// task. NotFound when it is not: another worker has it, or it was
	// finished or cancelled meanwhile.
	ClaimTask(ctx context.Context, id int64, now, lockedUntil time.Time) (Task, error)
	// FinishTask writes t's State, RunAt, LastError and DoneAt if t is
	// still running under the claim that counted t.Attempts, and reports
	// whether it was; false means the lock expired and another worker
	// claimed the task again.
	FinishTask(ctx context.Context, t Task) (bool, error)
	// TaskByKey returns the task with key; NotFound if there is none.
	TaskByKey(ctx context.Context, key string) (Task, error)
}

// Handler does the work of one kind of task. It must be safe to run twice
// for the same task (see the package comment). An error makes the worker
// retry later, unless it is Permanent; the error's text is kept in
// Task.LastError for operators.
type Handler func(ctx context.Context, t Task) error

// Options tune a Worker; zero fields take the defaults.
type Options struct {
	Poll        time.Duration   // between looks for due tasks; default 1s
	Lock        time.Duration   // how long a claim holds; default 5m
	Timeout     time.Duration   // a handler's time limit; default 1m, less than Lock
	MaxAttempts int             // then failed; default 8
	Backoff     []time.Duration // wait after the n-th failure; the last repeats; default 1m, 5m, 30m, 2h, 6h, 12h, 24h
	Batch       int             // tasks read per look; default 50
}

// DefaultBackoff is the wait after the first, second, … failed attempt.
var DefaultBackoff = []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour}

// Worker runs due tasks with their handlers. Several workers, in one
// process or several, may run over the same store: a task is claimed by
// one of them at a time.
type Worker struct {
	store    Store
	handlers map[string]Handler
	kinds    []string
	log      *slog.Logger
	opts     Options
}

// NewWorker returns a Worker running the tasks of the kinds in handlers.
// Tasks of other kinds stay pending (another worker, or a later version,
// may handle them).
func NewWorker(store Store, handlers map[string]Handler, log *slog.Logger, opts Options) *Worker {
	if opts.Poll <= 0 {
		opts.Poll = time.Second
	}
	if opts.Lock <= 0 {
		opts.Lock = 5 * time.Minute
	}
	if opts.Timeout <= 0 || opts.Timeout >= opts.Lock {
		opts.Timeout = min(time.Minute, opts.Lock/2)
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 8
	}
	if len(opts.Backoff) == 0 {
		opts.Backoff = DefaultBackoff
	}
	if opts.Batch <= 0 {
		opts.Batch = 50
	}
	kinds := make([]string, 0, len(handlers))
	for k := range handlers {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return &Worker{store: store, handlers: handlers, kinds: kinds, log: log, opts: opts}
}

// Run runs due tasks every Poll until ctx is cancelled. A handler cut off
// by the cancellation is retried later.
func (w *Worker) Run(ctx context.Context) {
	t := time.NewTicker(w.opts.Poll)
	defer t.Stop()
	for {
		if _, err := w.RunDue(ctx, time.Now()); err != nil && ctx.Err() == nil {
			w.log.Error("outbox: run due tasks", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunDue runs, one after the other, every task due at now that no other
// worker holds, including tasks that the handlers enqueue due at now, and
// returns how many it ran (successfully or not). Tests call it with a
// fixed now instead of waiting for Run.
func (w *Worker) RunDue(ctx context.Context, now time.Time) (ran int, err error) {
	if len(w.kinds) == 0 {
		return 0, nil
	}
	for ctx.Err() == nil {
		var due []Task
		err := w.store.Peek(ctx, func(tx Tx) error {
			var err error
			due, err = tx.DueTasks(ctx, w.kinds, now, w.opts.Batch)
			return err
		})
		if err != nil {
			return ran, err
		}
		claimed := 0
		for _, t := range due {
			if ctx.Err() != nil {
				break
			}
			t, ok, err := w.claim(ctx, t.ID, now)
			if err != nil {
				return ran, err
			}
			if !ok {
				continue
			}
			claimed++
			ran++
			w.run(ctx, t, now)
		}
		if claimed == 0 {
			return ran, nil
		}
	}
	return ran, nil
}

func (w *Worker) claim(ctx context.Context, id int64, now time.Time) (Task, bool, error) {
	var t Task
	err := w.store.InTx(ctx, func(tx Tx) error {
		var err error
		t, err = tx.ClaimTask(ctx, id, now, now.Add(w.opts.Lock))
		return err
	})
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return Task{}, false, nil
		}
		return Task{}, false, err
	}
	return t, true, nil
}

// run calls t's handler and records the outcome.
func (w *Worker) run(ctx context.Context, t Task, now time.Time) {
	err := w.call(ctx, t)
	// The outcome is recorded even when ctx was cancelled meanwhile, so
	// that a stopping server does not leave the task locked for Lock.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	log := w.log.With("task", t.ID, "kind", t.Kind, "key", t.Key, "attempt", t.Attempts)
	var next *Task
	switch {
	case err == nil:
		t.State, t.DoneAt, t.LastError = Done, now, ""
	case IsPermanent(err) || t.Attempts >= w.opts.MaxAttempts:
		t.State, t.DoneAt, t.LastError = Failed, now, truncate(err.Error(), 2000)
		log.Error("outbox: task failed for good", "err", err)
	default:
		t.State, t.LastError = Pending, truncate(err.Error(), 2000)
		t.RunAt = now.Add(w.backoff(t.Attempts))
		log.Warn("outbox: task failed, will retry", "err", err, "at", t.RunAt)
	}
	if t.DailyAt != "" && t.State != Pending {
		n := dailyTask(t.Kind, t.CommitteeID, t.DailyAt, now)
		next = &n
	}
	err = w.store.InTx(rctx, func(tx Tx) error {
		ok, err := tx.FinishTask(rctx, t)
		if err != nil || !ok {
			if err == nil {
				log.Warn("outbox: task was claimed again before it finished; outcome dropped")
			}
			return err
		}
		if next != nil {
			return Enqueue(rctx, tx, *next)
		}
		return nil
	})
	if err != nil {
		// The task stays running and is claimed again once its lock
		// expires.
		log.Error("outbox: record task outcome", "err", err)
	}
}

// call runs the handler with the time limit, turning a panic into an
// error.
func (w *Worker) call(ctx context.Context, t Task) (err error) {
	ctx, cancel := context.WithTimeout(ctx, w.opts.Timeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("handler panicked: %v", p)
		}
	}()
	h := w.handlers[t.Kind]
	if h == nil {
		return Permanent(fmt.Errorf("no handler for kind %q", t.Kind))
	}
	return h(ctx, t)
}

// backoff is the wait after the attempts-th failure.
func (w *Worker) backoff(attempts int) time.Duration {
	i := min(max(attempts-1, 0), len(w.opts.Backoff)-1)
	return w.opts.Backoff[i]
}

// Kinds returns the kinds this worker runs, sorted.
func (w *Worker) Kinds() []string { return slices.Clone(w.kinds) }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
