package sqldb

import (
	"context"
)

// Committee is a row of committees. The people issue extends it; here it is
// what accounts and roles are scoped to.
type Committee struct {
	ID       int64
	Name     string
	Level    string // "city" or "district"
	ParentID int64
}

// InsertCommittee creates a committee and sets its ID.
func (tx *Tx) InsertCommittee(ctx context.Context, c *Committee) error {
	var parent any
	if c.ParentID != 0 {
		parent = c.ParentID
	}
	id, err := tx.insert(ctx, "INSERT INTO committees (name, level, parent_id, created_at) VALUES (?, ?, ?, ?)",
		c.Name, c.Level, parent, tx.ts(tx.now))
	c.ID = id
	return err
}

// CommitteeByName returns the committee called name.
func (tx *Tx) CommitteeByName(ctx context.Context, name string) (Committee, error) {
	var c Committee
	var parent *int64
	err := tx.queryRow(ctx, "SELECT id, name, level, parent_id FROM committees WHERE name = ?", name).Scan(&c.ID, &c.Name, &c.Level, &parent)
	if parent != nil {
		c.ParentID = *parent
	}
	return c, mapErr(err)
}

// CommitteeName returns the name of committee id.
func (tx *Tx) CommitteeName(ctx context.Context, id int64) (string, error) {
	var name string
	err := tx.queryRow(ctx, "SELECT name FROM committees WHERE id = ?", id).Scan(&name)
	return name, mapErr(err)
}

// CommitteeExists returns NotFound unless committee id exists.
func (tx *Tx) CommitteeExists(ctx context.Context, id int64) error {
	_, err := tx.CommitteeName(ctx, id)
	return err
}

// Committees lists every committee, city first.
func (tx *Tx) Committees(ctx context.Context) ([]Committee, error) {
	rows, err := tx.query(ctx, "SELECT id, name, level, COALESCE(parent_id, 0) FROM committees ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Committee
	for rows.Next() {
		var c Committee
		if err := rows.Scan(&c.ID, &c.Name, &c.Level, &c.ParentID); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, c)
	}
	return out, mapErr(rows.Err())
}

// DirectoryVersion returns the counter that every change to committee id's
// members and lists increments (by triggers, in the changing transaction).
func (tx *Tx) DirectoryVersion(ctx context.Context, id int64) (int64, error) {
	var v int64
	err := tx.queryRow(ctx, "SELECT directory_version FROM committees WHERE id = ?", id).Scan(&v)
	return v, mapErr(err)
}
