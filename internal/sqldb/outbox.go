package sqldb

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"xieshang/internal/errs"
	"xieshang/internal/outbox"
)

// Outbox returns the outbox.Store over db.
func Outbox(db *DB) outbox.Store { return Store[outbox.Tx]{db} }

const taskCols = `id, committee_id, kind, COALESCE(dedupe_key, ''), daily_at, run_at, payload, state, attempts,
	last_error, locked_until, created_at, done_at`

func scanTask(row interface{ Scan(...any) error }) (outbox.Task, error) {
	var t outbox.Task
	var payload, state string
	err := row.Scan(&t.ID, &t.CommitteeID, &t.Kind, &t.Key, &t.DailyAt, nullTime{&t.RunAt}, &payload, &state, &t.Attempts,
		&t.LastError, nullTime{&t.LockedUntil}, nullTime{&t.CreatedAt}, nullTime{&t.DoneAt})
	if err != nil {
		return t, mapErr(err)
	}
	t.Payload, t.State = []byte(payload), outbox.State(state)
	return t, nil
}

// InsertTask inserts t as pending unless a task with its key exists, and
// reports whether it did. A zero RunAt means now.
func (tx *Tx) InsertTask(ctx context.Context, t outbox.Task) (bool, error) {
	if t.RunAt.IsZero() {
		t.RunAt = tx.now
	}
	payload := string(t.Payload)
	if payload == "" {
		payload = "{}"
	}
	res, err := tx.exec(ctx, `INSERT INTO outbox_tasks (committee_id, kind, dedupe_key, daily_at, run_at, payload, state, attempts, last_error, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, '', ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
		t.CommitteeID, t.Kind, nullStr(t.Key), t.DailyAt, tx.ts(t.RunAt), payload, tx.ts(tx.now), tx.ts(tx.now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// CancelTasks cancels the pending tasks whose key starts with keyPrefix.
func (tx *Tx) CancelTasks(ctx context.Context, keyPrefix string) (int, error) {
	if keyPrefix == "" {
		return 0, errs.E(errs.Invalid, "取消后台任务需要键的前缀")
	}
	// substr counts characters on both engines; unlike LIKE it needs no
	// escaping and is case-sensitive on SQLite too.
	res, err := tx.exec(ctx, `UPDATE outbox_tasks SET state = 'cancelled', done_at = ?, updated_at = ?
		WHERE state = 'pending' AND substr(dedupe_key, 1, ?) = ?`,
		tx.ts(tx.now), tx.ts(tx.now), utf8.RuneCountInString(keyPrefix), keyPrefix)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// claimable is the condition under which a worker may take a task at now
// (the two arguments).
const claimable = `((state = 'pending' AND run_at <= ?) OR (state = 'running' AND locked_until < ?))`

// DueTasks returns up to limit tasks of kinds claimable at now, oldest
// run_at first.
func (tx *Tx) DueTasks(ctx context.Context, kinds []string, now time.Time, limit int) ([]outbox.Task, error) {
	if len(kinds) == 0 {
		return nil, nil
	}
	args := []any{tx.ts(now), tx.ts(now)}
	for _, k := range kinds {
		args = append(args, k)
	}
	args = append(args, limit)
	rows, err := tx.query(ctx, "SELECT "+taskCols+" FROM outbox_tasks WHERE "+claimable+
		" AND kind IN (?"+strings.Repeat(", ?", len(kinds)-1)+") ORDER BY run_at, id LIMIT ?", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []outbox.Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, mapErr(rows.Err())
}

// ClaimTask marks task id running until lockedUntil if it is claimable at
// now, counting an attempt. The guarded UPDATE is the claim: of two workers
// racing for a task, the second finds the condition false (PostgreSQL
// re-checks it on the row the first one committed; SQLite runs one writer
// at a time) and gets NotFound.
func (tx *Tx) ClaimTask(ctx context.Context, id int64, now, lockedUntil time.Time) (outbox.Task, error) {
	t, err := scanTask(tx.queryRow(ctx, `UPDATE outbox_tasks SET state = 'running', locked_until = ?, attempts = attempts + 1, updated_at = ?
		WHERE id = ? AND `+claimable+` RETURNING `+taskCols,
		tx.ts(lockedUntil), tx.ts(tx.now), id, tx.ts(now), tx.ts(now)))
	if errs.Is(err, errs.NotFound) {
		return t, errs.E(errs.NotFound, "任务已被领取或已结束")
	}
	return t, err
}

// FinishTask records t's outcome if it is still running under the claim
// that counted t.Attempts.
func (tx *Tx) FinishTask(ctx context.Context, t outbox.Task) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE outbox_tasks SET state = ?, run_at = ?, last_error = ?, done_at = ?, locked_until = NULL, updated_at = ?
		WHERE id = ? AND state = 'running' AND attempts = ?`,
		string(t.State), tx.ts(t.RunAt), t.LastError, tx.ts(t.DoneAt), tx.ts(tx.now), t.ID, t.Attempts)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// TaskByKey returns the task with key; NotFound if there is none.
func (tx *Tx) TaskByKey(ctx context.Context, key string) (outbox.Task, error) {
	t, err := scanTask(tx.queryRow(ctx, "SELECT "+taskCols+" FROM outbox_tasks WHERE dedupe_key = ?", key))
	if errs.Is(err, errs.NotFound) {
		return t, errs.Wrap(errs.NotFound, err, "后台任务不存在")
	}
	return t, err
}
