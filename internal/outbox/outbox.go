// Package outbox keeps durable background tasks as rows. A workflow step
// enqueues its follow-up work (a reminder, an e-mail) with Enqueue in the
// same transaction as the change that causes it, so the task exists if and
// only if the change committed; a Worker runs due tasks after commit and
// across restarts.
//
// Delivery is at least once: a task whose worker dies after the handler's
// effect but before the task is marked done runs again once its lock
// expires. Handlers must therefore be safe to run twice. The means for that
// are the dedupe key (enqueuing the same key twice schedules one task; a
// handler that enqueues or notifies under a key derived from its own task's
// key does so once however often it runs) and the claim (a task marked done
// is never run again, and two workers never hold the same task at once).
package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"xieshang/internal/errs"
)

// State of a task.
type State string

const (
	Pending   State = "pending"   // waiting for RunAt (also between retries)
	Running   State = "running"   // claimed by a worker until LockedUntil
	Done      State = "done"      // the handler succeeded
	Failed    State = "failed"    // gave up; LastError says why
	Cancelled State = "cancelled" // cancelled before it ran
)

// Task is one unit of background work.
type Task struct {
	ID          int64
	CommitteeID int64  // 0 when the task belongs to no committee
	Kind        string // selects the Handler, e.g. "mail"
	// Key deduplicates: while a task with Key exists (in any state), a
	// second one is not inserted. Empty means no deduplication. Keys read
	// from the general to the particular, separated by colons, e.g.
	// "proposal:42:due-7d:2027-03-01", so that Cancel can take a prefix.
	Key string
	// DailyAt is "HH:MM" China time for a task that recurs daily (see
	// EnsureDaily); "" for a one-off task.
	DailyAt     string
	RunAt       time.Time       // not before; zero means the transaction's now
	Payload     json.RawMessage // the handler's input; empty means {}
	State       State
	Attempts    int    // claims so far, including the running one
	LastError   string // the last handler error, kept for operators
	LockedUntil time.Time
	CreatedAt   time.Time
	DoneAt      time.Time // when it became done, failed or cancelled
}

// EnqueueTx is the part of a transaction that Enqueue needs.
type EnqueueTx interface {
	// InsertTask inserts t as pending unless a task with t.Key exists, and
	// reports whether it inserted. A zero RunAt means the transaction's
	// time.
	InsertTask(ctx context.Context, t Task) (inserted bool, err error)
}

// CancelTx is the part of a transaction that Cancel needs.
type CancelTx interface {
	// CancelTasks cancels the pending tasks whose key starts with prefix
	// and returns how many.
	CancelTasks(ctx context.Context, keyPrefix string) (int, error)
}

// Enqueue schedules t inside the caller's transaction: it commits or rolls
// back with the caller's change. A task whose Key already exists is not
// inserted and that is not an error, so enqueuing the same reminder twice
// schedules it once.
func Enqueue(ctx context.Context, tx EnqueueTx, t Task) error {
	if err := check(&t); err != nil {
		return err
	}
	_, err := tx.InsertTask(ctx, t)
	return err
}

func check(t *Task) error {
	if t.Kind == "" {
		return errs.E(errs.Invalid, "后台任务缺少类型")
	}
	if strings.ContainsAny(t.Key, "\r\n") {
		return errs.E(errs.Invalid, "后台任务的键不能含换行")
	}
	if t.DailyAt != "" {
		if _, _, err := parseClock(t.DailyAt); err != nil {
			return err
		}
	}
	if len(t.Payload) == 0 {
		t.Payload = json.RawMessage("{}")
	}
	if !json.Valid(t.Payload) {
		return errs.E(errs.Invalid, "后台任务的参数不是合法的 JSON")
	}
	t.State = Pending
	return nil
}

// Cancel cancels, inside the caller's transaction, the pending tasks whose
// key starts with keyPrefix (e.g. "proposal:42:due-" once the proposal is
// replied), and returns how many. End the prefix with a separator:
// "proposal:4" would also match proposal 42. Running, done and failed
// tasks are left alone. An empty prefix is Invalid.
func Cancel(ctx context.Context, tx CancelTx, keyPrefix string) (int, error) {
	if keyPrefix == "" {
		return 0, errs.E(errs.Invalid, "取消后台任务需要键的前缀")
	}
	return tx.CancelTasks(ctx, keyPrefix)
}

// Payload marshals v for Task.Payload.
func Payload(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("outbox payload: %w", err)
	}
	return b, nil
}

// permanent marks an error after which retrying is pointless.
type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent wraps err so that the worker fails the task at once instead of
// retrying it (e.g. a mail server rejecting the address for good).
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanent{err}
}

// IsPermanent reports whether err was wrapped by Permanent.
func IsPermanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}
