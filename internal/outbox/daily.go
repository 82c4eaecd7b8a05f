package outbox

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"xieshang/internal/errs"
)

// China is China Standard Time, in which daily tasks keep their hour.
var China = time.FixedZone("CST", 8*3600)

// A daily task is a chain of one-off tasks, one per day, keyed
// kind:committee:date. EnsureDaily starts the chain (call it at every
// start: it is a no-op while the next occurrence exists); when the worker
// finishes an occurrence, done or failed, it enqueues the next one in the
// same transaction that records the outcome, so the chain survives crashes
// and restarts. Cancelling an occurrence ends the chain until the next
// EnsureDaily. After a long stop, the overdue occurrence runs once and the
// chain resumes from the next day, without catching up the days missed.

// EnsureDaily makes sure the next occurrence of the daily task kind of the
// committee, at hourCST:00 China time, is enqueued (in its own
// transaction). Its handler runs once per day; it may read the day it
// stands for from the task's key or RunAt.
func EnsureDaily(ctx context.Context, s Store, kind string, committeeID int64, hourCST int) error {
	return s.InTx(ctx, func(tx Tx) error {
		return EnqueueDaily(ctx, tx, tx.Now(), kind, committeeID, hourCST)
	})
}

// EnqueueDaily is EnsureDaily inside the caller's transaction, with now
// given, e.g. when a committee is created.
func EnqueueDaily(ctx context.Context, tx EnqueueTx, now time.Time, kind string, committeeID int64, hourCST int) error {
	if hourCST < 0 || hourCST > 23 {
		return errs.E(errs.Invalid, "每日任务的时刻应在 0 到 23 点之间")
	}
	return Enqueue(ctx, tx, dailyTask(kind, committeeID, fmt.Sprintf("%02d:00", hourCST), now))
}

// dailyTask is the occurrence of a daily task that follows now.
func dailyTask(kind string, committeeID int64, at string, now time.Time) Task {
	runAt := NextDaily(now, at)
	return Task{CommitteeID: committeeID, Kind: kind, Key: DailyKey(kind, committeeID, runAt),
		DailyAt: at, RunAt: runAt}
}

// NextDaily returns the first instant after now at clock "HH:MM" China
// time. An invalid clock is treated as midnight (Enqueue rejects it).
func NextDaily(now time.Time, clock string) time.Time {
	h, m, _ := parseClock(clock)
	d := now.In(China)
	t := time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, China)
	if !t.After(now) {
		t = t.AddDate(0, 0, 1)
	}
	return t.UTC()
}

// DailyKey is the key of the occurrence of a daily task on the China date
// of at: "kind:committee:2006-01-02".
func DailyKey(kind string, committeeID int64, at time.Time) string {
	return kind + ":" + strconv.FormatInt(committeeID, 10) + ":" + at.In(China).Format("2006-01-02")
}

func parseClock(s string) (h, m int, err error) {
	t, err := time.Parse("15:04", s)
	if err != nil || len(s) != 5 {
		return 0, 0, errs.E(errs.Invalid, "每日任务的时刻 %q 应为 HH:MM", s)
	}
	return t.Hour(), t.Minute(), nil
}
