package sqldb

import "testing"

// Which statements drop a batch's remembered recipients.
func TestChangesRecipients(t *testing.T) {
	for _, c := range []struct {
		q    string
		want bool
	}{
		{"UPDATE users SET email = ?, updated_at = ? WHERE id = ?", true},
		{"DELETE FROM user_roles WHERE user_id = ? AND committee_id = ?", true},
		{"INSERT INTO unit_liaisons (unit_id, user_id) VALUES (?, ?)", true},
		{"\n\t\tinsert into Users (committee_id) values (?)", true},
		{"DELETE FROM units WHERE id = ?", true},
		{"DELETE FROM committees WHERE id = ?", true},
		{"WITH x AS (DELETE FROM user_roles WHERE user_id = ? RETURNING 1) SELECT COUNT(*) FROM x", true},
		{"SELECT u.id, u.email FROM users u WHERE u.id = ?", false},
		{"  select id from users for update", false},
		{"INSERT INTO notifications (committee_id, user_id, kind) VALUES (?, ?, ?)", false},
		{"UPDATE proposal_units SET state = ? WHERE proposal_id = ?", false},
		{"INSERT INTO proposals (committee_id, proposer_user_id) VALUES (?, ?)", false},
		{"UPDATE committees_archive SET x = 1", false},
	} {
		if got := changesRecipients(c.q); got != c.want {
			t.Errorf("changesRecipients(%q) = %v, want %v", c.q, got, c.want)
		}
	}
}
