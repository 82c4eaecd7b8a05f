package sqldb

import (
	"context"
	"slices"
	"strings"

	"xieshang/internal/errs"
	"xieshang/internal/notify"
	"xieshang/internal/proposal"
)

// RecipientIDs returns the enabled accounts that rs stand for in committee
// committeeID: users by id, the liaisons of a unit, the holders of a role.
// Within a group-commit batch each recipient's accounts are read once and
// remembered for the batch's later requests (batchState).
func (tx *Tx) RecipientIDs(ctx context.Context, committeeID int64, rs []proposal.Recipient) ([]int64, map[int64]string, error) {
	seen := map[int64]bool{}
	var out []int64
	emails := map[int64]string{}
	for _, r := range rs {
		rows, err := tx.recipientRows(ctx, committeeID, r)
		if err != nil {
			return nil, nil, err
		}
		for i, id := range rows.ids {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
				if rows.emails[i] != "" {
					emails[id] = rows.emails[i]
				}
			}
		}
	}
	return out, emails, nil
}

type recipientKey struct {
	committeeID int64
	r           proposal.Recipient
}

// recipientRows are the enabled accounts a recipient stands for, by id,
// with their e-mail addresses ("" for none).
type recipientRows struct {
	ids    []int64
	emails []string
}

func (tx *Tx) recipientRows(ctx context.Context, committeeID int64, r proposal.Recipient) (recipientRows, error) {
	key := recipientKey{committeeID, r}
	if b := tx.batch; b != nil {
		if got, ok := b.recipients[key]; ok {
			return got, nil
		}
	}
	var out recipientRows
	sel, args := recipientSelect(committeeID, r)
	if sel == "" {
		return out, nil
	}
	rows, err := tx.query(ctx, "SELECT "+sel+" ORDER BY u.id", args...)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var email string
		if err := rows.Scan(&id, &email); err != nil {
			return out, mapErr(err)
		}
		out.ids, out.emails = append(out.ids, id), append(out.emails, email)
	}
	if err := rows.Err(); err != nil {
		return out, mapErr(err)
	}
	if b := tx.batch; b != nil {
		if b.recipients == nil {
			b.recipients = map[recipientKey]recipientRows{}
		}
		b.recipients[key] = out // never changed after this: callers get copies (RecipientIDs)
	}
	return out, nil
}

// forgetRecipients drops the batch's remembered recipients when statement
// q may change who they are: any statement but a plain SELECT that names
// the accounts, their roles, the units or the units' liaisons (or the
// committees, whose deletion cascades).
func (tx *Tx) forgetRecipients(q string) {
	if b := tx.batch; b != nil && len(b.recipients) > 0 && changesRecipients(q) {
		b.recipients = nil
	}
}

var recipientTables = []string{"users", "user_roles", "units", "unit_liaisons", "committees"}

// changesRecipients reports whether statement q is not a SELECT (a WITH,
// an INSERT, UPDATE or DELETE…) and names one of the tables recipients are
// read from, as a whole word.
func changesRecipients(q string) bool {
	t := strings.TrimLeft(q, " \t\n")
	if len(t) >= 6 && strings.EqualFold(t[:6], "SELECT") {
		return false
	}
	word := func(c byte) bool {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	for i := 0; i < len(t); {
		if !word(t[i]) {
			i++
			continue
		}
		j := i
		for j < len(t) && word(t[j]) {
			j++
		}
		for _, table := range recipientTables {
			if strings.EqualFold(t[i:j], table) {
				return true
			}
		}
		i = j
	}
	return false
}

// recipientSelect returns the columns u.id, u.email and the FROM … WHERE
// of the enabled accounts r stands for in committee committeeID, with its
// arguments ("" for an empty r).
func recipientSelect(committeeID int64, r proposal.Recipient) (string, []any) {
	switch {
	case r.UserID != 0:
		return "u.id, u.email FROM users u WHERE u.id = ? AND u.committee_id = ? AND u.disabled = ?",
			[]any{r.UserID, committeeID, false}
	case r.UnitID != 0:
		return `u.id, u.email FROM unit_liaisons l JOIN users u ON u.id = l.user_id
			WHERE l.unit_id = ? AND u.committee_id = ? AND u.disabled = ?`, []any{r.UnitID, committeeID, false}
	case r.Role != "" && plainWord(string(r.Role)):
		// The role is written into the statement, not passed: holders of
		// roles are few but members many, so PostgreSQL, planning for any
		// role, would estimate thousands of rows and plan this statement
		// afresh at every call (a quarter of a millisecond each, more than
		// running it); one statement per role keeps a cached plan.
		return `u.id, u.email FROM user_roles ur JOIN users u ON u.id = ur.user_id
			WHERE ur.committee_id = ? AND ur.role = '` + string(r.Role) + `' AND u.disabled = ?`, []any{committeeID, false}
	case r.Role != "":
		return `u.id, u.email FROM user_roles ur JOIN users u ON u.id = ur.user_id
			WHERE ur.committee_id = ? AND ur.role = ? AND u.disabled = ?`, []any{committeeID, string(r.Role), false}
	}
	return "", nil
}

// plainWord reports whether s is lower-case letters and underscores only,
// safe to write into a statement as a literal.
func plainWord(s string) bool {
	for _, c := range s {
		if (c < 'a' || c > 'z') && c != '_' {
			return false
		}
	}
	return s != ""
}

// NotifyRecipients implements proposal.Recipients: RecipientIDs, and
// InsertNotifications for them but exclude, whose rows wait for the
// batch's commit (see InsertNotifications).
func (tx *Tx) NotifyRecipients(ctx context.Context, committeeID int64, rs []proposal.Recipient, exclude int64, n notify.Notification) ([]int64, map[int64]string, error) {
	ids, emails, err := tx.RecipientIDs(ctx, committeeID, rs)
	if err != nil {
		return nil, nil, err
	}
	ids = slices.DeleteFunc(ids, func(id int64) bool { return id == exclude })
	if len(ids) == 0 {
		return nil, nil, nil
	}
	_, err = tx.InsertNotifications(ctx, n, ids, "")
	return ids, emails, err
}

// ProposalReminders returns the store of the proposal reminder handlers.
func ProposalReminders(db *DB) proposal.RemindStore { return Store[proposal.RemindTx]{db} }

var _ proposal.RemindTx = (*Tx)(nil)

// TermOfCommittee returns NotFound unless term termID is committee
// committeeID's, and, when sessionID is not 0, session sessionID is one of
// its plenary sessions (NotFound naming the session).
func (tx *Tx) TermOfCommittee(ctx context.Context, committeeID, termID, sessionID int64) error {
	var n int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM terms WHERE id = ? AND committee_id = ?", termID, committeeID).Scan(&n); err != nil {
		return mapErr(err)
	}
	if n == 0 {
		return errs.E(errs.NotFound, "届次不存在")
	}
	if sessionID == 0 {
		return nil
	}
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM plenary_sessions WHERE id = ? AND term_id = ?", sessionID, termID).Scan(&n); err != nil {
		return mapErr(err)
	}
	if n == 0 {
		return errs.E(errs.NotFound, "该届没有这次会议")
	}
	return nil
}

// LatestTerm returns the committee's term of the highest number.
func (tx *Tx) LatestTerm(ctx context.Context, committeeID int64) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, "SELECT id FROM terms WHERE committee_id = ? ORDER BY number DESC LIMIT 1", committeeID).Scan(&id)
	return id, mapErr(err)
}

// ServingMembers returns, by account, the names of those of userIDs whose
// member is serving in term termID of committee committeeID.
func (tx *Tx) ServingMembers(ctx context.Context, committeeID, termID int64, userIDs []int64) (map[int64]string, error) {
	out := map[int64]string{}
	for len(userIDs) > 0 {
		chunk := userIDs[:min(len(userIDs), 500)]
		userIDs = userIDs[len(chunk):]
		args := []any{committeeID, termID}
		for _, id := range chunk {
			args = append(args, id)
		}
		rows, err := tx.query(ctx, `SELECT m.user_id, m.name FROM members m JOIN memberships ms ON ms.member_id = m.id
			WHERE m.committee_id = ? AND ms.term_id = ? AND ms.status = 'serving'
			AND m.user_id IN (?`+strings.Repeat(", ?", len(chunk)-1)+")", args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return nil, mapErr(err)
			}
			out[id] = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, mapErr(err)
		}
	}
	return out, nil
}

// LatestTermServing is LatestTerm and ServingMembers of it together: one
// statement when some of userIDs serve in it (the usual case), two when
// none does. NotFound if the committee has no term.
func (tx *Tx) LatestTermServing(ctx context.Context, committeeID int64, userIDs []int64) (int64, map[int64]string, error) {
	out := map[int64]string{}
	var termID int64
	if len(userIDs) > 0 && len(userIDs) <= 500 {
		args := []any{committeeID, committeeID}
		for _, id := range userIDs {
			args = append(args, id)
		}
		rows, err := tx.query(ctx, `SELECT ms.term_id, m.user_id, m.name FROM members m JOIN memberships ms ON ms.member_id = m.id
			WHERE m.committee_id = ? AND ms.status = 'serving'
			AND ms.term_id = (SELECT id FROM terms WHERE committee_id = ? ORDER BY number DESC LIMIT 1)
			AND m.user_id IN (?`+strings.Repeat(", ?", len(userIDs)-1)+")", args...)
		if err != nil {
			return 0, nil, err
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&termID, &id, &name); err != nil {
				rows.Close()
				return 0, nil, mapErr(err)
			}
			out[id] = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, nil, mapErr(err)
		}
		if termID != 0 {
			return termID, out, nil
		}
	}
	termID, err := tx.LatestTerm(ctx, committeeID)
	if err != nil {
		return 0, nil, err
	}
	out, err = tx.ServingMembers(ctx, committeeID, termID, userIDs)
	return termID, out, err
}

// ExcellentUnits returns the handling units commended in year, by name.
func (tx *Tx) ExcellentUnits(ctx context.Context, committeeID int64, year int) ([]proposal.ExcellentUnit, error) {
	rows, err := tx.query(ctx, `SELECT e.unit_id, u.name, e.year, e.note, e.marked_by, e.marked_at FROM excellent_units e
		JOIN units u ON u.id = e.unit_id WHERE e.committee_id = ? AND e.year = ? ORDER BY u.name`, committeeID, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []proposal.ExcellentUnit
	for rows.Next() {
		var e proposal.ExcellentUnit
		if err := rows.Scan(&e.UnitID, &e.Name, &e.Year, &e.Note, &e.MarkedBy, nullTime{&e.MarkedAt}); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, e)
	}
	return out, mapErr(rows.Err())
}

// SetExcellentUnit commends unit e.UnitID for e.Year, or withdraws the
// commendation when on is false. The unit must be a handling unit of the
// committee (else NotFound).
func (tx *Tx) SetExcellentUnit(ctx context.Context, committeeID int64, e proposal.ExcellentUnit, on bool) error {
	var n int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM units WHERE id = ? AND committee_id = ? AND kind = 'handling'", e.UnitID, committeeID).Scan(&n); err != nil {
		return mapErr(err)
	}
	if n == 0 {
		return errs.E(errs.NotFound, "承办单位不存在")
	}
	if _, err := tx.exec(ctx, "DELETE FROM excellent_units WHERE committee_id = ? AND year = ? AND unit_id = ?", committeeID, e.Year, e.UnitID); err != nil || !on {
		return err
	}
	_, err := tx.exec(ctx, "INSERT INTO excellent_units (committee_id, year, unit_id, note, marked_by, marked_at) VALUES (?, ?, ?, ?, ?, ?)",
		committeeID, e.Year, e.UnitID, e.Note, e.MarkedBy, tx.ts(tx.now))
	return err
}

// ProposalsVersion returns the counter that every change to committee
// committeeID's proposals increments (by triggers, in the changing
// transaction).
func (tx *Tx) ProposalsVersion(ctx context.Context, committeeID int64) (int64, error) {
	var v int64
	err := tx.queryRow(ctx, "SELECT proposals_version FROM committees WHERE id = ?", committeeID).Scan(&v)
	return v, mapErr(err)
}

// Peek runs fn's single statements without a transaction (see DB.Peek).
func (s proposalStore) Peek(ctx context.Context, fn func(proposal.ReadTx) error) error {
	return s.db.Peek(ctx, func(tx *Tx) error { return fn(proposalTx{tx}) })
}

// TouchProposal records that proposal id changed outside its row (an
// attachment was added), so that the proposals version moves.
func (tx *Tx) TouchProposal(ctx context.Context, id int64) error {
	_, err := tx.exec(ctx, "UPDATE proposals SET updated_at = ? WHERE id = ?", tx.ts(tx.now), id)
	return err
}
