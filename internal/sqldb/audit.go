package sqldb

import (
	"context"
	"strings"

	"xieshang/internal/audit"
	"xieshang/internal/errs"
)

// AuditLog returns the audit.Store over db.
func AuditLog(db *DB) audit.Store { return Store[audit.Tx]{db} }

// Audit appends e to the hash chain as part of the current transaction, so
// the entry commits or rolls back with the change it records. Entries wait
// in the transaction until just before its commit (flushAudit), when the
// chain's head is locked, their sequence numbers and hashes computed and
// all of them written at once: the head's lock, which serialises every
// writer, is held only for the commit itself.
func (tx *Tx) Audit(ctx context.Context, e audit.Entry) error {
	if tx.readOnly {
		return errs.E(errs.Internal, "只读事务不能写审计记录")
	}
	e.At = tx.now
	if e.Changes != nil {
		e.Changes = audit.Redact(e.Changes)
	}
	tx.audits = append(tx.audits, pendingAudit{e, audit.ChangesJSON(e.Changes)})
	return nil
}

// pendingAudit is an entry Audit has taken, with its changes as JSON.
type pendingAudit struct {
	e  audit.Entry
	cj string
}

var auditInsertCols = strings.Split(strings.ReplaceAll(auditCols, " ", ""), ",")

// flushAudit chains and writes entries: it reads and locks the head,
// inserts the entries with as few statements as possible and stores the
// new head. Writing the head once (not per entry) matters on PostgreSQL,
// where each update of the one head row in a transaction leaves a row
// version that later updates walk: quadratic in a 10,000-row import.
func (tx *Tx) flushAudit(ctx context.Context, entries []pendingAudit) error {
	if len(entries) == 0 {
		return nil
	}
	var seq int64
	var hash string
	if err := tx.queryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1"+tx.forUpdate()).Scan(&seq, &hash); err != nil {
		return mapErr(err)
	}
	rows := make([][]any, len(entries))
	for i, p := range entries {
		e := p.e
		e.Seq, e.PrevHash = seq+1, hash
		e.Hash = audit.ComputeHash(e, p.cj)
		rows[i] = []any{e.Seq, tx.ts(e.At), e.ActorID, e.ActorName, e.Role, e.CommitteeID, e.Action, e.ObjectType,
			e.ObjectID, p.cj, e.ClientAddr, e.PrevHash, e.Hash}
		seq, hash = e.Seq, e.Hash
	}
	if err := tx.insertRows(ctx, "audit_log", auditInsertCols, rows); err != nil {
		return err
	}
	_, err := tx.exec(ctx, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", seq, hash)
	return err
}

const auditCols = "seq, at, actor_id, actor_name, role, committee_id, action, object_type, object_id, changes, client_addr, prev_hash, hash"

func scanAudit(row interface{ Scan(...any) error }) (audit.Stored, error) {
	var s audit.Stored
	err := row.Scan(&s.Seq, nullTime{&s.At}, &s.ActorID, &s.ActorName, &s.Role, &s.CommitteeID, &s.Action,
		&s.ObjectType, &s.ObjectID, &s.ChangesJSON, &s.ClientAddr, &s.PrevHash, &s.Hash)
	return s, mapErr(err)
}

// AuditEntries returns entries matching f, newest first.
func (tx *Tx) AuditEntries(ctx context.Context, f audit.Filter) ([]audit.Stored, error) {
	f = f.Normalize()
	var where []string
	var args []any
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if f.CommitteeID != 0 {
		add("committee_id IN (?, 0)", f.CommitteeID)
	}
	if f.ActorName != "" {
		add(`actor_name LIKE ? ESCAPE '\'`, "%"+escapeLike(f.ActorName)+"%")
	}
	if strings.HasSuffix(f.Action, ".") {
		add(`action LIKE ? ESCAPE '\'`, escapeLike(f.Action)+"%")
	} else if f.Action != "" {
		add("action = ?", f.Action)
	}
	if f.ObjectType != "" {
		add("object_type = ?", f.ObjectType)
	}
	if f.ObjectID != "" {
		add("object_id = ?", f.ObjectID)
	}
	if !f.From.IsZero() {
		add("at >= ?", tx.ts(f.From))
	}
	if !f.To.IsZero() {
		add("at < ?", tx.ts(f.To))
	}
	if f.BeforeSeq > 0 {
		add("seq < ?", f.BeforeSeq)
	}
	q := "SELECT " + auditCols + " FROM audit_log"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY seq DESC LIMIT ?"
	args = append(args, f.Limit)
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []audit.Stored
	for rows.Next() {
		s, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, mapErr(rows.Err())
}

// VerifyAudit walks the whole chain in order and returns the verifier with
// any problems found, checked against the head row.
func (db *DB) VerifyAudit(ctx context.Context) (*audit.Verifier, error) {
	v := &audit.Verifier{}
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT "+auditCols+" FROM audit_log ORDER BY seq")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			s, err := scanAudit(rows)
			if err != nil {
				return err
			}
			v.Add(s)
		}
		if err := rows.Err(); err != nil {
			return mapErr(err)
		}
		var seq int64
		var hash string
		if err := tx.queryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&seq, &hash); err != nil {
			return mapErr(err)
		}
		v.Finish(seq, hash)
		return nil
	})
	return v, err
}
