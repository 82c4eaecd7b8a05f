package sqldb

import (
	"context"

	"xieshang/internal/proposal"
)

// RecipientIDs returns the enabled accounts that rs stand for in committee
// committeeID: users by id, the liaisons of a unit, the holders of a role.
func (tx *Tx) RecipientIDs(ctx context.Context, committeeID int64, rs []proposal.Recipient) ([]int64, error) {
	seen := map[int64]bool{}
	var out []int64
	add := func(q string, args ...any) error {
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return mapErr(err)
			}
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
		return mapErr(rows.Err())
	}
	for _, r := range rs {
		var err error
		switch {
		case r.UserID != 0:
			err = add("SELECT id FROM users WHERE id = ? AND committee_id = ? AND disabled = ?", r.UserID, committeeID, false)
		case r.UnitID != 0:
			err = add(`SELECT u.id FROM unit_liaisons l JOIN users u ON u.id = l.user_id
				WHERE l.unit_id = ? AND u.committee_id = ? AND u.disabled = ? ORDER BY u.id`, r.UnitID, committeeID, false)
		case r.Role != "":
			err = add(`SELECT u.id FROM user_roles ur JOIN users u ON u.id = ur.user_id
				WHERE ur.committee_id = ? AND ur.role = ? AND u.disabled = ? ORDER BY u.id`, committeeID, string(r.Role), false)
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ProposalReminders returns the store of the proposal reminder handlers.
func ProposalReminders(db *DB) proposal.RemindStore { return Store[proposal.RemindTx]{db} }

var _ proposal.RemindTx = (*Tx)(nil)
