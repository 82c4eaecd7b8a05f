package demo_test

import (
	"context"
	"slices"
	"testing"

	"xieshang/internal/demo"
	"xieshang/internal/proposal"
	"xieshang/internal/sqldb"
)

// cityID returns the id of the demo city committee.
func cityID(t *testing.T, db *sqldb.DB) int64 {
	t.Helper()
	var c sqldb.Committee
	if err := db.View(context.Background(), func(tx *sqldb.Tx) error {
		var err error
		c, err = tx.CommitteeByName(context.Background(), demo.CityName)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// countProposals counts the demo city's proposals by state.
func countProposals(t *testing.T, db *sqldb.DB) map[proposal.State]int {
	t.Helper()
	ctx := context.Background()
	var out map[proposal.State]int
	if err := db.View(ctx, func(tx *sqldb.Tx) error {
		var err error
		out, err = tx.CountProposalsByState(ctx, cityID(t, db))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkProposals checks what the demo seeds of proposals and returns the
// counts by state.
func checkProposals(t *testing.T, db *sqldb.DB) map[proposal.State]int {
	t.Helper()
	ctx := context.Background()
	city := cityID(t, db)
	counts := countProposals(t, db)
	total := 0
	for _, st := range proposal.States {
		if counts[st] == 0 {
			t.Errorf("no demo proposal is %s (%s)", st, st.Name())
		}
		total += counts[st]
	}
	t.Logf("%d demo proposals: %v", total, counts)
	if total < 280 {
		t.Errorf("%d demo proposals, want about 300", total)
	}
	now := db.Clock()
	err := db.View(ctx, func(tx *sqldb.Tx) error {
		all, err := tx.ListProposals(ctx, proposal.ListFilter{CommitteeID: city, Limit: 500})
		if err != nil {
			return err
		}
		if len(all) != total {
			t.Fatalf("listed %d of %d proposals", len(all), total)
		}
		overdue, err := tx.ListProposals(ctx, proposal.ListFilter{CommitteeID: city, OverdueOnly: true, Now: now, Limit: 500})
		if err != nil {
			return err
		}
		var rehandled, key, public, excellent, regular int
		var numbers []int
		for _, s := range all {
			if s.Round == 2 {
				rehandled++
			}
			if s.Key {
				key++
			}
			if s.Public && slices.Contains(proposal.PublishedStates, s.State) {
				public++
			}
			if s.Excellent {
				excellent++
			}
			if s.Timing == proposal.Regular {
				regular++
			}
			if s.Timing == proposal.Plenary && s.Number > 0 {
				numbers = append(numbers, s.Number)
			}
		}
		t.Logf("overdue %d, re-handled %d, key %d, public %d, excellent %d, regular %d, plenary numbered %d",
			len(overdue), rehandled, key, public, excellent, regular, len(numbers))
		for name, n := range map[string]int{"overdue": len(overdue), "re-handled": rehandled, "key": key, "public": public,
			"excellent": excellent, "regular": regular, "merged": counts[proposal.Merged]} {
			if n == 0 {
				t.Errorf("no %s demo proposal", name)
			}
		}
		// Accepted plenary proposals are numbered 1…N without gaps.
		slices.Sort(numbers)
		for i, n := range numbers {
			if n != i+1 {
				t.Fatalf("plenary numbers %v… do not run 1…%d", numbers[:i+1], len(numbers))
			}
		}
		if len(numbers) < 150 {
			t.Errorf("%d accepted plenary proposals", len(numbers))
		}
		// The demo member has one invitation to co-sign and a reply to evaluate.
		w, err := tx.UserByLogin(ctx, "weiyuan")
		if err != nil {
			return err
		}
		mine, err := tx.ListProposals(ctx, proposal.ListFilter{CommitteeID: city, UserID: w.ID, Limit: 500})
		if err != nil {
			return err
		}
		invited, toEvaluate, own := 0, 0, 0
		for _, s := range mine {
			p, err := tx.ProposalByID(ctx, s.ID)
			if err != nil {
				return err
			}
			if p.ProposerUserID == w.ID {
				own++
			}
			for _, c := range p.CoSigners {
				if c.UserID == w.ID && c.Status == proposal.Invited && !c.InvitedAt.IsZero() && p.State == proposal.Cosigning {
					invited++
				}
			}
			if p.State == proposal.Evaluating && slices.Contains(p.Proposers(), w.ID) &&
				!slices.ContainsFunc(p.Evaluations, func(e proposal.Evaluation) bool { return e.UserID == w.ID && e.Round == p.Round }) {
				toEvaluate++
			}
		}
		if invited != 1 || toEvaluate < 1 || own < 4 {
			t.Errorf("weiyuan: %d invitations to co-sign, %d replies to evaluate, %d own proposals", invited, toEvaluate, own)
		}
		// …and has been told of both, recently: older notifications were read.
		if unread, err := tx.UnreadNotifications(ctx, w.ID); err != nil || unread < 2 {
			t.Errorf("weiyuan has %d unread notifications: %v", unread, err)
		}
		// chengban's unit has proposals to sign for and to reply to.
		cb, err := tx.UserByLogin(ctx, "chengban")
		if err != nil {
			return err
		}
		units, err := tx.UnitsOfUser(ctx, cb.ID)
		if err != nil {
			return err
		}
		if len(units) != 1 {
			t.Fatalf("chengban is a liaison of units %v", units)
		}
		theirs, err := tx.ListProposals(ctx, proposal.ListFilter{CommitteeID: city, UnitIDs: units, Limit: 500})
		if err != nil {
			return err
		}
		toSign, toReply := 0, 0
		for _, s := range theirs {
			p, err := tx.ProposalByID(ctx, s.ID)
			if err != nil {
				return err
			}
			for _, u := range p.Units {
				switch {
				case u.UnitID != units[0]:
				case u.State == proposal.UnitAssigned:
					toSign++
				case u.State == proposal.UnitSigned && u.Role.Replies():
					toReply++
				}
			}
		}
		if toSign < 3 || toReply < 2 {
			t.Errorf("chengban's unit: %d proposals to sign for, %d to reply to", toSign, toReply)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	v, err := db.VerifyAudit(ctx)
	if err != nil || len(v.Problems) > 0 {
		t.Errorf("audit chain: %v %v", err, v.Problems)
	}
	return counts
}
