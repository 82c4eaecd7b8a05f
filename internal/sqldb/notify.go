package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"xieshang/internal/errs"
	"xieshang/internal/notify"
)

// Notify returns the notify.Store over db.
func Notify(db *DB) notify.Store { return Store[notify.Tx]{db} }

// InsertNotifications stores n for each of userIDs, in as few statements
// as the parameter limit allows, except for users who already have a
// notification with key; it returns those it stored it for.
//
// Notifications without a key wait in the transaction like audit entries
// and are written with the rest of its batch's by one statement just
// before the commit (flushNotes): nothing reads them before then, on
// SQLite a row costs the single writer half as much in a statement of
// many, and on PostgreSQL a step saves a statement.
func (tx *Tx) InsertNotifications(ctx context.Context, n notify.Notification, userIDs []int64, key string) (map[int64]bool, error) {
	out := make(map[int64]bool, len(userIDs))
	if key == "" && tx.grouped {
		for _, id := range userIDs {
			tx.notes = append(tx.notes, []any{n.CommitteeID, id, n.Kind, n.Title, n.Body, n.Link, nil, tx.ts(tx.now)})
			out[id] = true
		}
		return out, nil
	}
	const cols = 8
	for len(userIDs) > 0 {
		chunk := userIDs[:min(len(userIDs), maxBulkParams/cols)]
		userIDs = userIDs[len(chunk):]
		args := make([]any, 0, len(chunk)*cols)
		for _, id := range chunk {
			args = append(args, n.CommitteeID, id, n.Kind, n.Title, n.Body, n.Link, nullStr(key), tx.ts(tx.now))
		}
		q := "INSERT INTO notifications (committee_id, user_id, kind, title, body, link, dedupe_key, created_at) VALUES " +
			strings.TrimPrefix(strings.Repeat(", (?, ?, ?, ?, ?, ?, ?, ?)", len(chunk)), ", ")
		if key == "" { // nothing to dedupe against: every row goes in
			if _, err := tx.exec(ctx, q, args...); err != nil {
				return nil, err
			}
			for _, id := range chunk {
				out[id] = true
			}
			continue
		}
		rows, err := tx.query(ctx, q+" ON CONFLICT (dedupe_key, user_id) DO NOTHING RETURNING user_id", args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, mapErr(err)
			}
			out[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, mapErr(err)
		}
	}
	return out, nil
}

var notificationCols = []string{"committee_id", "user_id", "kind", "title", "body", "link", "dedupe_key", "created_at"}

// flushNotes writes the notification rows a batch's transactions left
// waiting (see InsertNotifications).
func (tx *Tx) flushNotes(ctx context.Context, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	return tx.insertRows(ctx, "notifications", notificationCols, rows)
}

// UserEmails returns the e-mail addresses of those of userIDs that have
// one and are not disabled.
func (tx *Tx) UserEmails(ctx context.Context, userIDs []int64) (map[int64]string, error) {
	out := map[int64]string{}
	for len(userIDs) > 0 {
		// Chunks keep the statement under every engine's parameter limit.
		chunk := userIDs[:min(len(userIDs), 500)]
		userIDs = userIDs[len(chunk):]
		args := []any{false}
		for _, id := range chunk {
			args = append(args, id)
		}
		rows, err := tx.query(ctx, "SELECT id, email FROM users WHERE email <> '' AND disabled = ?"+
			" AND id IN (?"+strings.Repeat(", ?", len(chunk)-1)+")", args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var email string
			if err := rows.Scan(&id, &email); err != nil {
				rows.Close()
				return nil, mapErr(err)
			}
			out[id] = email
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, mapErr(err)
		}
	}
	return out, nil
}

// Notifications returns up to limit of the user's notifications with an id
// below before (all when before is 0), newest first.
func (tx *Tx) Notifications(ctx context.Context, userID int64, unreadOnly bool, before int64, limit int) ([]notify.Notification, error) {
	q := "SELECT id, committee_id, user_id, kind, title, body, link, created_at, read_at FROM notifications WHERE user_id = ?"
	args := []any{userID}
	if unreadOnly {
		q += " AND read_at IS NULL"
	}
	if before > 0 {
		q += " AND id < ?"
		args = append(args, before)
	}
	q += " ORDER BY id DESC LIMIT ?"
	args = append(args, limit)
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []notify.Notification
	for rows.Next() {
		var n notify.Notification
		if err := rows.Scan(&n.ID, &n.CommitteeID, &n.UserID, &n.Kind, &n.Title, &n.Body, &n.Link,
			nullTime{&n.CreatedAt}, nullTime{&n.ReadAt}); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, n)
	}
	return out, mapErr(rows.Err())
}

// UnreadNotifications counts the user's unread notifications.
func (tx *Tx) UnreadNotifications(ctx context.Context, userID int64) (int, error) {
	var n int
	err := tx.queryRow(ctx, "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL", userID).Scan(&n)
	return n, mapErr(err)
}

// MarkNotificationRead marks notification id of the user read if it is
// unread; NotFound if the user has no notification id.
func (tx *Tx) MarkNotificationRead(ctx context.Context, userID, id int64) error {
	res, err := tx.exec(ctx, "UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL",
		tx.ts(tx.now), id, userID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return err
	}
	var one int
	err = tx.queryRow(ctx, "SELECT 1 FROM notifications WHERE id = ? AND user_id = ?", id, userID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(errs.NotFound, "通知不存在")
	}
	return mapErr(err)
}

// MarkAllNotificationsRead marks every unread notification of the user
// read and returns how many.
func (tx *Tx) MarkAllNotificationsRead(ctx context.Context, userID int64) (int, error) {
	res, err := tx.exec(ctx, "UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL", tx.ts(tx.now), userID)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// UserEmail returns the e-mail address of user id ("" if none).
func (tx *Tx) UserEmail(ctx context.Context, id int64) (string, error) {
	var e string
	err := tx.queryRow(ctx, "SELECT email FROM users WHERE id = ?", id).Scan(&e)
	return e, mapErr(err)
}

// SetUserEmail stores the e-mail address of user id ("" removes it).
func (tx *Tx) SetUserEmail(ctx context.Context, id int64, email string) error {
	_, err := tx.exec(ctx, "UPDATE users SET email = ?, updated_at = ? WHERE id = ?", email, tx.ts(tx.now), id)
	return err
}
