package sqldb

import (
	"context"
	"fmt"

	"xieshang/internal/org"
)

// Org returns the org.Store over db.
func Org(db *DB) org.Store { return Store[org.Tx]{db} }

// listTables maps each list kind to its table; only these names ever reach
// the SQL text.
var listTables = map[org.ListKind]string{
	org.Sectors:           "sectors",
	org.Parties:           "parties",
	org.SpecialCommittees: "special_committees",
}

func listTable(kind org.ListKind) string {
	t, ok := listTables[kind]
	if !ok {
		panic(fmt.Sprintf("sqldb: unknown list kind %q", kind))
	}
	return t
}

// Items returns the committee's list of kind in display order.
func (tx *Tx) Items(ctx context.Context, kind org.ListKind, committeeID int64) ([]org.Item, error) {
	rows, err := tx.query(ctx, "SELECT id, name, position FROM "+listTable(kind)+" WHERE committee_id = ? ORDER BY position, id", committeeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []org.Item
	for rows.Next() {
		var it org.Item
		if err := rows.Scan(&it.ID, &it.Name, &it.Position); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, it)
	}
	return out, mapErr(rows.Err())
}

// InsertItem appends it to the committee's list of kind and sets its ID and
// position. A duplicate name is a Conflict.
func (tx *Tx) InsertItem(ctx context.Context, kind org.ListKind, committeeID int64, it *org.Item) error {
	t := listTable(kind)
	if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(position), 0) + 1 FROM "+t+" WHERE committee_id = ?", committeeID).Scan(&it.Position); err != nil {
		return mapErr(err)
	}
	id, err := tx.insert(ctx, "INSERT INTO "+t+" (committee_id, name, position) VALUES (?, ?, ?)", committeeID, it.Name, it.Position)
	it.ID = id
	return err
}

// RenameItem renames item id of the committee's list of kind and returns
// its old name. A missing item is NotFound, a taken name a Conflict.
func (tx *Tx) RenameItem(ctx context.Context, kind org.ListKind, committeeID, id int64, name string) (string, error) {
	t := listTable(kind)
	var old string
	if err := tx.queryRow(ctx, "SELECT name FROM "+t+" WHERE id = ? AND committee_id = ?"+tx.forUpdate(), id, committeeID).Scan(&old); err != nil {
		return "", mapErr(err)
	}
	if old == name {
		return old, nil
	}
	_, err := tx.exec(ctx, "UPDATE "+t+" SET name = ? WHERE id = ? AND committee_id = ?", name, id, committeeID)
	return old, err
}

// Units returns the committee's units of kind ("" for all), by name.
func (tx *Tx) Units(ctx context.Context, committeeID int64, kind org.UnitKind) ([]org.Unit, error) {
	q, args := "SELECT id, kind, category, name FROM units WHERE committee_id = ?", []any{committeeID}
	if kind != "" {
		q, args = q+" AND kind = ?", append(args, string(kind))
	}
	rows, err := tx.query(ctx, q+" ORDER BY kind, id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []org.Unit
	for rows.Next() {
		var u org.Unit
		var k string
		if err := rows.Scan(&u.ID, &k, &u.Category, &u.Name); err != nil {
			return nil, mapErr(err)
		}
		u.Kind = org.UnitKind(k)
		out = append(out, u)
	}
	return out, mapErr(rows.Err())
}

// InsertUnit stores u and sets its ID.
func (tx *Tx) InsertUnit(ctx context.Context, committeeID int64, u *org.Unit) error {
	id, err := tx.insert(ctx, "INSERT INTO units (committee_id, kind, category, name) VALUES (?, ?, ?, ?)",
		committeeID, string(u.Kind), u.Category, u.Name)
	u.ID = id
	return err
}

// Terms returns the committee's terms, oldest first.
func (tx *Tx) Terms(ctx context.Context, committeeID int64) ([]org.Term, error) {
	rows, err := tx.query(ctx, "SELECT id, number, name, starts_on, ends_on FROM terms WHERE committee_id = ? ORDER BY number", committeeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []org.Term
	for rows.Next() {
		var t org.Term
		if err := rows.Scan(&t.ID, &t.Number, &t.Name, nullTime{&t.StartsOn}, nullTime{&t.EndsOn}); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, t)
	}
	return out, mapErr(rows.Err())
}

// InsertTerm stores t and sets its ID.
func (tx *Tx) InsertTerm(ctx context.Context, committeeID int64, t *org.Term) error {
	id, err := tx.insert(ctx, "INSERT INTO terms (committee_id, number, name, starts_on, ends_on) VALUES (?, ?, ?, ?, ?)",
		committeeID, t.Number, t.Name, tx.day(t.StartsOn), tx.day(t.EndsOn))
	t.ID = id
	return err
}

// PlenarySessions returns the plenary sessions of term termID by number.
func (tx *Tx) PlenarySessions(ctx context.Context, termID int64) ([]org.Session, error) {
	rows, err := tx.query(ctx, "SELECT id, term_id, number, name, starts_on, ends_on FROM plenary_sessions WHERE term_id = ? ORDER BY number", termID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []org.Session
	for rows.Next() {
		var s org.Session
		if err := rows.Scan(&s.ID, &s.TermID, &s.Number, &s.Name, nullTime{&s.StartsOn}, nullTime{&s.EndsOn}); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, s)
	}
	return out, mapErr(rows.Err())
}

// InsertPlenarySession stores s and sets its ID. A number taken in the term is a
// Conflict.
func (tx *Tx) InsertPlenarySession(ctx context.Context, s *org.Session) error {
	id, err := tx.insert(ctx, "INSERT INTO plenary_sessions (term_id, number, name, starts_on, ends_on) VALUES (?, ?, ?, ?, ?)",
		s.TermID, s.Number, s.Name, tx.day(s.StartsOn), tx.day(s.EndsOn))
	s.ID = id
	return err
}

// Liaisons returns the liaison accounts of unit unitID, oldest first, with
// their mobiles in full.
func (tx *Tx) Liaisons(ctx context.Context, unitID int64) ([]org.Liaison, error) {
	rows, err := tx.query(ctx, `SELECT u.id, u.name, u.username, COALESCE(u.mobile, '') FROM unit_liaisons l
		JOIN users u ON u.id = l.user_id WHERE l.unit_id = ? ORDER BY u.id`, unitID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []org.Liaison
	for rows.Next() {
		var l org.Liaison
		if err := rows.Scan(&l.UserID, &l.Name, &l.Username, &l.Mobile); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, l)
	}
	return out, mapErr(rows.Err())
}

// LinkLiaison records user userID as a liaison of unit unitID.
func (tx *Tx) LinkLiaison(ctx context.Context, unitID, userID int64) error {
	_, err := tx.exec(ctx, "INSERT INTO unit_liaisons (unit_id, user_id) VALUES (?, ?)", unitID, userID)
	return err
}
