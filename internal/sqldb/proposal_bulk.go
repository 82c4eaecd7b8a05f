package sqldb

import (
	"context"
	"encoding/json"
	"strings"

	"xieshang/internal/proposal"
)

// The bulk path below is for generated data sets (xieshang proposals
// generate): it writes many proposals, built elsewhere, with multi-row
// INSERTs in the caller's transaction. It writes what InsertProposal,
// UpdateProposal and AppendEvent would have left behind — the row (its
// columns and JSON body from proposalArgs), the people and unit rows, the
// timeline — but no audit entries, notifications or reminder tasks.

// BulkProposal is a proposal as the last step left it, with its
// timeline, oldest step first. P.ID is chosen by the caller (see
// MaxProposalID) so that proposals can refer to each other (并案) before
// they are written; P.Version is the number of writes it has seen.
type BulkProposal struct {
	P      proposal.Proposal
	Events []proposal.Event
}

// maxBulkParams bounds the parameters of one statement, under SQLite's
// default limit (32,766) and PostgreSQL's (65,535).
const maxBulkParams = 32000

// MaxProposalID returns the highest proposal id, 0 if there is none.
func (tx *Tx) MaxProposalID(ctx context.Context) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM proposals").Scan(&id)
	return id, mapErr(err)
}

// InsertProposalsBulk writes ps, their people, units and events.
func (tx *Tx) InsertProposalsBulk(ctx context.Context, ps []BulkProposal) error {
	cols := append([]string{"id", "committee_id", "version", "created_at"}, proposalWriteCols...)
	var props, people, units, events [][]any
	for i := range ps {
		p := &ps[i].P
		args, err := tx.proposalArgs(p)
		if err != nil {
			return err
		}
		version := max(p.Version, 1)
		props = append(props, append([]any{p.ID, p.CommitteeID, version, tx.ts(p.CreatedAt)}, args...))
		people = append(people, bulkPeopleRows(p)...)
		for j, u := range p.Units {
			// As writeProposalRows: co-units' due date is their views'.
			due := u.DueAt
			if !u.Role.Replies() {
				due = u.ViewsDeadline
			}
			units = append(units, []any{p.ID, j, u.UnitID, string(u.Role), string(u.State), tx.ts(due)})
		}
		for _, e := range ps[i].Events {
			row, err := tx.eventRow(p.ID, e)
			if err != nil {
				return err
			}
			events = append(events, row)
		}
	}
	for _, t := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"proposals", cols, props},
		{"proposal_people", []string{"proposal_id", "user_id", "role"}, people},
		{"proposal_units", []string{"proposal_id", "position", "unit_id", "role", "state", "due_at"}, units},
		{"proposal_events", eventCols, events},
	} {
		if err := tx.insertRows(ctx, t.table, t.cols, t.rows); err != nil {
			return err
		}
	}
	return nil
}

// bulkPeopleRows are the proposal_people rows of p, as writeProposalRows
// writes them: the first proposer, then each co-signer once asked.
func bulkPeopleRows(p *proposal.Proposal) [][]any {
	seen := map[int64]bool{}
	var out [][]any
	add := func(userID int64, role string) {
		if userID != 0 && !seen[userID] {
			seen[userID] = true
			out = append(out, []any{p.ID, userID, role})
		}
	}
	add(p.ProposerUserID, "proposer")
	for _, c := range p.CoSigners {
		if c.Status != proposal.Invited || !c.InvitedAt.IsZero() {
			add(c.UserID, "cosigner")
		}
	}
	return out
}

// eventRow is the proposal_events row of e, as AppendEvent writes it.
func (tx *Tx) eventRow(proposalID int64, e proposal.Event) ([]any, error) {
	details := "{}"
	if len(e.Details) > 0 {
		b, err := json.Marshal(e.Details)
		if err != nil {
			return nil, err
		}
		details = string(b)
	}
	return []any{proposalID, e.CommitteeID, tx.ts(e.At), string(e.Action), e.ActorID, e.ActorName, string(e.As),
		e.UnitID, string(e.From), string(e.To), string(e.UnitFrom), string(e.UnitTo), e.Note, details}, nil
}

// insertRows inserts rows into table with as few statements as the
// parameter limit allows.
func (tx *Tx) insertRows(ctx context.Context, table string, cols []string, rows [][]any) error {
	per := maxBulkParams / len(cols)
	one := "(?" + strings.Repeat(", ?", len(cols)-1) + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	for len(rows) > 0 {
		n := min(per, len(rows))
		var q strings.Builder
		q.Grow(len(head) + n*(len(one)+2))
		q.WriteString(head)
		args := make([]any, 0, n*len(cols))
		for i, r := range rows[:n] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString(one)
			args = append(args, r...)
		}
		if _, err := tx.exec(ctx, q.String(), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// SetProposalSeries makes last the last number given in a series (0 for
// sessionID: the 平时提案 series), unless it is already higher.
func (tx *Tx) SetProposalSeries(ctx context.Context, committeeID, termID, sessionID int64, last int) error {
	_, err := tx.exec(ctx, `INSERT INTO proposal_series (committee_id, term_id, session_id, last_number) VALUES (?, ?, ?, ?)
		ON CONFLICT (committee_id, term_id, session_id) DO UPDATE
		SET last_number = CASE WHEN excluded.last_number > proposal_series.last_number
			THEN excluded.last_number ELSE proposal_series.last_number END`, committeeID, termID, sessionID, last)
	return err
}

// StartProposalsBulk prepares db for a bulk load: on SQLite it gives the
// writer's connection a page cache big enough (512 MiB at most) that the
// load does not spill pages and read them back. Close db afterwards.
func (db *DB) StartProposalsBulk(ctx context.Context) error {
	if db.Dialect != SQLite {
		return nil
	}
	_, err := db.W.ExecContext(ctx, "PRAGMA cache_size = -524288")
	return mapErr(err)
}

// FinishProposalsBulk runs after a bulk load: on PostgreSQL it moves the
// identity of proposals past the ids the load chose, so that proposals
// created afterwards get new ones, and refreshes the planner's statistics
// of the tables loaded (autovacuum would, a little later).
func (db *DB) FinishProposalsBulk(ctx context.Context) error {
	if db.Dialect != Postgres {
		return nil
	}
	if _, err := db.W.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('proposals', 'id'),
		(SELECT COALESCE(MAX(id), 0) + 1 FROM proposals), false)`); err != nil {
		return mapErr(err)
	}
	_, err := db.W.ExecContext(ctx, "ANALYZE proposals, proposal_people, proposal_units, proposal_events, proposal_series")
	return mapErr(err)
}
