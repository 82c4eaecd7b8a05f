package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"xieshang/internal/errs"
	"xieshang/internal/outbox"
	"xieshang/internal/proposal"
)

// Proposals returns the proposal.Store over db. It is also a
// proposal.ReadStore, whose Read runs read-only transactions on the
// reader pool.
func Proposals(db *DB) proposal.Store { return proposalStore{db} }

type proposalStore struct{ db *DB }

// proposalTx is a *Tx as proposal.Tx and proposal.ReadTx see it: the same
// methods, except that Calendar returns the proposal package's interface
// (*Tx.Calendar returns *workday.Calendar for workday.Tx).
type proposalTx struct{ *Tx }

// Calendar implements proposal.Tx.
func (t proposalTx) Calendar(ctx context.Context, committeeID int64) (proposal.Calendar, error) {
	c, err := t.Tx.Calendar(ctx, committeeID)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Config implements proposal.Tx (see ProposalConfig).
func (t proposalTx) Config(ctx context.Context, committeeID int64) (proposal.Config, error) {
	return t.ProposalConfig(ctx, committeeID)
}

// Notify implements proposal.Tx: in-app notifications and e-mail tasks for
// the recipients of e, and the reminder tasks of p's deadlines, all in the
// step's transaction.
func (t proposalTx) Notify(ctx context.Context, p proposal.Proposal, e proposal.Event) error {
	if err := proposal.Announce(ctx, t.Tx, p, e); err != nil {
		return err
	}
	for _, task := range proposal.Reminders(p, t.Tx.Now()) {
		if err := outbox.Enqueue(ctx, t.Tx, task); err != nil {
			return err
		}
	}
	return nil
}

func (s proposalStore) InTx(ctx context.Context, fn func(proposal.Tx) error) error {
	return s.db.InTx(ctx, func(tx *Tx) error { return fn(proposalTx{tx}) })
}

func (s proposalStore) View(ctx context.Context, fn func(proposal.Tx) error) error {
	return s.db.View(ctx, func(tx *Tx) error { return fn(proposalTx{tx}) })
}

func (s proposalStore) Read(ctx context.Context, fn func(proposal.ReadTx) error) error {
	return s.db.View(ctx, func(tx *Tx) error { return fn(proposalTx{tx}) })
}

var (
	_ proposal.Tx        = proposalTx{}
	_ proposal.ReadTx    = proposalTx{}
	_ proposal.ReadStore = proposalStore{}
	_ proposal.AccessTx  = proposalTx{}
)

// ProposalConfig returns the committee's proposal rules, DefaultConfig if
// it never set them. Stored rules missing a setting added later get its
// default.
func (tx *Tx) ProposalConfig(ctx context.Context, committeeID int64) (proposal.Config, error) {
	if b := tx.batch; b != nil {
		if cfg, ok := b.configs[committeeID]; ok {
			return cfg.Clone(), nil
		}
	}
	cfg, err := tx.proposalConfig(ctx, committeeID)
	if b := tx.batch; err == nil && b != nil {
		if b.configs == nil {
			b.configs = map[int64]proposal.Config{}
		}
		b.configs[committeeID] = cfg.Clone()
	}
	return cfg, err
}

func (tx *Tx) proposalConfig(ctx context.Context, committeeID int64) (proposal.Config, error) {
	cfg := proposal.DefaultConfig()
	var body string
	err := tx.queryRow(ctx, "SELECT body FROM proposal_configs WHERE committee_id = ?", committeeID).Scan(&body)
	if err != nil {
		if err = mapErr(err); errs.Is(err, errs.NotFound) {
			return cfg, nil
		}
		return cfg, err
	}
	if err := json.Unmarshal([]byte(body), &cfg); err != nil {
		return cfg, fmt.Errorf("proposal config of committee %d: %w", committeeID, err)
	}
	return cfg, nil
}

// SetProposalConfig stores the committee's proposal rules; the caller has
// validated them (Config.Validate).
func (tx *Tx) SetProposalConfig(ctx context.Context, committeeID int64, cfg proposal.Config) error {
	b, err := json.Marshal(cfg)
	if err != nil {
		return err
	}
	if tx.batch != nil {
		delete(tx.batch.configs, committeeID)
	}
	// The rules decide which steps pages offer: a trigger (migration 0011)
	// moves the committee's proposals version, so cached pages do not
	// outlive them.
	_, err = tx.exec(ctx, `INSERT INTO proposal_configs (committee_id, body, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (committee_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
		committeeID, string(b), tx.ts(tx.now))
	return err
}

// proposalBody is the part of a proposal kept as JSON in proposals.body.
type proposalBody struct {
	Situation      string                  `json:"situation,omitempty"`
	Analysis       string                  `json:"analysis,omitempty"`
	Suggestion     string                  `json:"suggestion,omitempty"`
	SuggestedUnit  string                  `json:"suggested_unit,omitempty"`
	CoSigners      []proposal.CoSigner     `json:"cosigners,omitempty"`
	ReviewNote     string                  `json:"review_note,omitempty"`
	RejectGround   proposal.Ground         `json:"reject_ground,omitempty"`
	DecisionNote   string                  `json:"decision_note,omitempty"`
	MergedInto     int64                   `json:"merged_into,omitempty"`
	TransferTarget proposal.TransferTarget `json:"transfer_target,omitempty"`
	Units          []proposal.Unit         `json:"units,omitempty"`
	Extensions     []proposal.Extension    `json:"extensions,omitempty"`
	Replies        []proposal.Reply        `json:"replies,omitempty"`
	Evaluations    []proposal.Evaluation   `json:"evaluations,omitempty"`
	KeyInfo        *proposal.KeyInfo       `json:"key_info,omitempty"`
	AssignedAt     time.Time               `json:"assigned_at,omitzero"`
	ApprovedAt     time.Time               `json:"approved_at,omitzero"`
}

func encodeBody(p *proposal.Proposal) (string, error) {
	b := proposalBody{Situation: p.Situation, Analysis: p.Analysis, Suggestion: p.Suggestion, SuggestedUnit: p.SuggestedUnit,
		CoSigners: p.CoSigners, ReviewNote: p.ReviewNote, RejectGround: p.RejectGround, DecisionNote: p.DecisionNote,
		MergedInto: p.MergedInto, TransferTarget: p.TransferTarget, Units: p.Units, Extensions: p.Extensions,
		Replies: p.Replies, Evaluations: p.Evaluations, AssignedAt: p.AssignedAt, ApprovedAt: p.ApprovedAt}
	if k := p.KeyInfo; k.Decision != "" || k.LeadLeader != "" || k.Supervisor != "" || !k.MarkedAt.IsZero() || len(k.FollowUps) > 0 {
		b.KeyInfo = &p.KeyInfo
	}
	out, err := json.Marshal(b)
	return string(out), err
}

func decodeBody(s string, p *proposal.Proposal) error {
	var b proposalBody
	if err := json.Unmarshal([]byte(s), &b); err != nil {
		return fmt.Errorf("proposal %d body: %w", p.ID, err)
	}
	p.Situation, p.Analysis, p.Suggestion, p.SuggestedUnit = b.Situation, b.Analysis, b.Suggestion, b.SuggestedUnit
	p.CoSigners, p.ReviewNote, p.RejectGround, p.DecisionNote = b.CoSigners, b.ReviewNote, b.RejectGround, b.DecisionNote
	p.MergedInto, p.TransferTarget, p.Units, p.Extensions = b.MergedInto, b.TransferTarget, b.Units, b.Extensions
	p.Replies, p.Evaluations, p.AssignedAt, p.ApprovedAt = b.Replies, b.Evaluations, b.AssignedAt, b.ApprovedAt
	if b.KeyInfo != nil {
		p.KeyInfo = *b.KeyInfo
	}
	return nil
}

// summaryCols are the columns of a list row; proposalCols add the body.
const summaryCols = `p.id, p.committee_id, p.kind, p.timing, COALESCE(p.term_id, 0), COALESCE(p.session_id, 0),
	COALESCE(t.name, ''), COALESCE(s.number, 0), COALESCE(p.number, 0), p.title, p.category, p.public,
	p.proposer_user_id, p.proposer_name, p.state, p.is_key, p.excellent, p.excellent_year, p.round, p.mode, p.due_at,
	p.version, p.created_at, p.updated_at, p.submitted_at, p.accepted_at, p.closed_at`

const proposalCols = summaryCols + ", p.body"

const proposalFrom = ` FROM proposals p LEFT JOIN terms t ON t.id = p.term_id
	LEFT JOIN plenary_sessions s ON s.id = p.session_id`

func summaryDest(s *proposal.Summary) []any {
	return []any{&s.ID, &s.CommitteeID, &s.Kind, &s.Timing, &s.TermID, &s.SessionID, &s.TermName, &s.SessionNumber,
		&s.Number, &s.Title, &s.Category, &s.Public, &s.ProposerUserID, &s.ProposerName, &s.State, &s.Key, &s.Excellent,
		&s.ExcellentYear, &s.Round, &s.Mode, nullTime{&s.DueAt}, &s.Version, nullTime{&s.CreatedAt},
		nullTime{&s.UpdatedAt}, nullTime{&s.SubmittedAt}, nullTime{&s.AcceptedAt}, nullTime{&s.ClosedAt}}
}

// ProposalForUpdate returns proposal id with everything Apply needs,
// locking its row until the transaction ends (on SQLite the write
// transaction already holds the database's lock). NotFound if there is
// none.
func (tx *Tx) ProposalForUpdate(ctx context.Context, id int64) (proposal.Proposal, error) {
	return tx.loadProposal(ctx, id, tx.forUpdateOf("p"))
}

// ProposalByID returns proposal id like ProposalForUpdate, without
// locking it.
func (tx *Tx) ProposalByID(ctx context.Context, id int64) (proposal.Proposal, error) {
	return tx.loadProposal(ctx, id, "")
}

func (tx *Tx) loadProposal(ctx context.Context, id int64, lock string) (proposal.Proposal, error) {
	p, err := scanProposal(tx.queryRow(ctx, "SELECT "+proposalCols+proposalFrom+" WHERE p.id = ?"+lock, id))
	if errs.Is(err, errs.NotFound) {
		return p, errs.Wrap(errs.NotFound, err, "提案不存在")
	}
	return p, err
}

func scanProposal(row interface{ Scan(...any) error }) (proposal.Proposal, error) {
	var s proposal.Summary
	var body string
	if err := row.Scan(append(summaryDest(&s), &body)...); err != nil {
		return proposal.Proposal{}, mapErr(err)
	}
	p := proposal.Proposal{ID: s.ID, CommitteeID: s.CommitteeID, Kind: s.Kind, Timing: s.Timing, TermID: s.TermID,
		SessionID: s.SessionID, TermName: s.TermName, SessionNumber: s.SessionNumber, Number: s.Number,
		Content: proposal.Content{Title: s.Title, Category: s.Category, Public: s.Public}, ProposerUserID: s.ProposerUserID,
		ProposerName: s.ProposerName, State: s.State, Version: s.Version, Mode: s.Mode, Round: s.Round, Key: s.Key,
		Excellent: s.Excellent, ExcellentYear: s.ExcellentYear, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt,
		SubmittedAt: s.SubmittedAt, AcceptedAt: s.AcceptedAt, ClosedAt: s.ClosedAt}
	return p, decodeBody(body, &p)
}

// proposalWriteCols are the columns InsertProposal and UpdateProposal
// write from the aggregate, in the order of proposalArgs.
var proposalWriteCols = []string{"kind", "timing", "term_id", "session_id", "number", "state", "title", "category",
	"public", "proposer_user_id", "proposer_name", "is_key", "excellent", "excellent_year", "round", "mode", "due_at",
	"updated_at", "submitted_at", "accepted_at", "closed_at", "body"}

func (tx *Tx) proposalArgs(p *proposal.Proposal) ([]any, error) {
	body, err := encodeBody(p)
	if err != nil {
		return nil, err
	}
	return []any{string(p.Kind), string(p.Timing), nullID(p.TermID), nullID(p.SessionID), nullID(int64(p.Number)),
		string(p.State), p.Title, p.Category, p.Public, p.ProposerUserID, p.ProposerName, p.Key, p.Excellent,
		p.ExcellentYear, p.Round, string(p.Mode), tx.ts(p.DueAt()), tx.ts(p.UpdatedAt), tx.ts(p.SubmittedAt),
		tx.ts(p.AcceptedAt), tx.ts(p.ClosedAt), body}, nil
}

// nullID stores 0 as NULL, for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// InsertProposal stores a new proposal and sets its ID and Version (1).
// On PostgreSQL the proposal and its people go in one statement.
func (tx *Tx) InsertProposal(ctx context.Context, p *proposal.Proposal) error {
	return tx.insertProposal(ctx, p, nil)
}

// InsertProposalWithEvent stores a new proposal and its first event; on
// PostgreSQL in one statement with its people.
func (tx *Tx) InsertProposalWithEvent(ctx context.Context, p *proposal.Proposal, e proposal.Event) error {
	return tx.insertProposal(ctx, p, &e)
}

// eventCasts are the types of proposal_events' columns (eventCols), for
// parameters PostgreSQL cannot infer in INSERT … SELECT.
var eventCasts = []string{"bigint", "timestamptz", "text", "bigint", "text", "text", "bigint", "text", "text", "text", "text", "text", "jsonb"}

func (tx *Tx) insertProposal(ctx context.Context, p *proposal.Proposal, e *proposal.Event) error {
	args, err := tx.proposalArgs(p)
	if err != nil {
		return err
	}
	if p.CreatedAt.IsZero() {
		p.CreatedAt = tx.now
	}
	marks := strings.Repeat(", ?", len(proposalWriteCols))
	q := "INSERT INTO proposals (committee_id, version, created_at, " + strings.Join(proposalWriteCols, ", ") +
		") VALUES (?, 1, ?" + marks + ")"
	args = append([]any{p.CommitteeID, tx.ts(p.CreatedAt)}, args...)
	people := proposalPeople(p)
	if tx.dialect == Postgres && len(people) > 0 {
		q = "WITH p AS (" + q + " RETURNING id), pp AS (INSERT INTO proposal_people (proposal_id, user_id, role) " +
			"SELECT p.id, v.user_id, v.role FROM p, (VALUES " + strings.TrimPrefix(strings.Repeat(", (?::bigint, ?::text)", len(people)), ", ") +
			") AS v(user_id, role))"
		for _, r := range people {
			args = append(args, r[0], r[1])
		}
		if e != nil {
			if e.At.IsZero() {
				e.At = tx.now
			}
			row, err := tx.eventRow(0, *e)
			if err != nil {
				return err
			}
			q += ", ev AS (INSERT INTO proposal_events (" + strings.Join(eventCols, ", ") + ") SELECT p.id"
			for _, c := range eventCasts {
				q += ", ?::" + c
			}
			q += " FROM p)"
			args = append(args, row[1:]...)
		}
		if err := tx.queryRow(ctx, q+" SELECT id FROM p", args...).Scan(&p.ID); err != nil {
			return mapErr(err)
		}
		p.Version = 1
		return tx.writeProposalUnits(ctx, p, true)
	}
	if p.ID, err = tx.insert(ctx, q, args...); err != nil {
		return err
	}
	p.Version = 1
	if err := tx.writeProposalRows(ctx, p, true); err != nil {
		return err
	}
	if e != nil {
		e.ProposalID = p.ID
		return tx.AppendEvent(ctx, *e)
	}
	return nil
}

// UpdateProposal writes p if the stored version is still p.Version and
// increments p.Version; a changed version is a Conflict.
func (tx *Tx) UpdateProposal(ctx context.Context, p *proposal.Proposal) error {
	args, err := tx.proposalArgs(p)
	if err != nil {
		return err
	}
	res, err := tx.exec(ctx, "UPDATE proposals SET "+strings.Join(proposalWriteCols, " = ?, ")+
		" = ?, version = version + 1 WHERE id = ? AND version = ?", append(args, p.ID, p.Version)...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return mapErr(err)
	} else if n == 0 {
		return errs.E(errs.Conflict, "该提案已被他人处理,请刷新后重试")
	}
	p.Version++
	return tx.writeProposalRows(ctx, p, false)
}

// writeProposalRows rewrites the rows lists query beside the proposal:
// its people (the first proposer, and co-signers once asked) and its
// units; fresh: p has just been inserted and has none yet.
func (tx *Tx) writeProposalRows(ctx context.Context, p *proposal.Proposal, fresh bool) error {
	if !fresh {
		if _, err := tx.exec(ctx, "DELETE FROM proposal_people WHERE proposal_id = ?", p.ID); err != nil {
			return err
		}
	}
	var rows [][]any
	for _, r := range proposalPeople(p) {
		rows = append(rows, []any{p.ID, r[0], r[1]})
	}
	if err := tx.insertRows(ctx, "proposal_people", []string{"proposal_id", "user_id", "role"}, rows); err != nil {
		return err
	}
	return tx.writeProposalUnits(ctx, p, fresh)
}

// proposalPeople returns the (user id, role) rows of p's people: the first
// proposer, and the co-signers once asked.
func proposalPeople(p *proposal.Proposal) [][2]any {
	var out [][2]any
	seen := map[int64]bool{}
	add := func(userID int64, role string) {
		if userID != 0 && !seen[userID] {
			seen[userID] = true
			out = append(out, [2]any{userID, role})
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

// writeProposalUnits rewrites p's proposal_units rows (see
// writeProposalRows).
func (tx *Tx) writeProposalUnits(ctx context.Context, p *proposal.Proposal, fresh bool) error {
	if !fresh {
		if _, err := tx.exec(ctx, "DELETE FROM proposal_units WHERE proposal_id = ?", p.ID); err != nil {
			return err
		}
	}
	var rows [][]any
	for i, u := range p.Units {
		due := u.DueAt
		if !u.Role.Replies() {
			due = u.ViewsDeadline
		}
		rows = append(rows, []any{p.ID, i, u.UnitID, string(u.Role), string(u.State), tx.ts(due)})
	}
	return tx.insertRows(ctx, "proposal_units", []string{"proposal_id", "position", "unit_id", "role", "state", "due_at"}, rows)
}

// NextNumber allots the next number of a series of the committee. On
// PostgreSQL the counter row stays locked until the transaction ends, so
// concurrent acceptances in one series queue behind each other; on SQLite
// the single writer does the same.
func (tx *Tx) NextNumber(ctx context.Context, committeeID, termID, sessionID int64) (int, error) {
	var n int
	err := tx.queryRow(ctx, `INSERT INTO proposal_series (committee_id, term_id, session_id, last_number) VALUES (?, ?, ?, 1)
		ON CONFLICT (committee_id, term_id, session_id) DO UPDATE SET last_number = proposal_series.last_number + 1
		RETURNING last_number`, committeeID, termID, sessionID).Scan(&n)
	return n, mapErr(err)
}

// AppendEvent adds e to its proposal's timeline.
func (tx *Tx) AppendEvent(ctx context.Context, e proposal.Event) error {
	if e.At.IsZero() {
		e.At = tx.now
	}
	row, err := tx.eventRow(e.ProposalID, e)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, "INSERT INTO proposal_events ("+strings.Join(eventCols, ", ")+") VALUES (?"+
		strings.Repeat(", ?", len(eventCols)-1)+")", row...)
	return err
}

// eventCols are the columns of proposal_events that eventRow fills.
var eventCols = []string{"proposal_id", "committee_id", "at", "action", "actor_id", "actor_name", "party",
	"unit_id", "from_state", "to_state", "unit_from", "unit_to", "note", "details"}

// ProposalEvents returns the timeline of a proposal, oldest first.
// Recipients (Event.Notify) are not stored.
func (tx *Tx) ProposalEvents(ctx context.Context, proposalID int64) ([]proposal.Event, error) {
	rows, err := tx.query(ctx, `SELECT proposal_id, committee_id, at, action, actor_id, actor_name, party, unit_id,
		from_state, to_state, unit_from, unit_to, note, details FROM proposal_events WHERE proposal_id = ? ORDER BY id`, proposalID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []proposal.Event
	for rows.Next() {
		var e proposal.Event
		var details string
		if err := rows.Scan(&e.ProposalID, &e.CommitteeID, nullTime{&e.At}, &e.Action, &e.ActorID, &e.ActorName, &e.As,
			&e.UnitID, &e.From, &e.To, &e.UnitFrom, &e.UnitTo, &e.Note, &details); err != nil {
			return nil, mapErr(err)
		}
		if details != "" && details != "{}" {
			if err := json.Unmarshal([]byte(details), &e.Details); err != nil {
				return nil, fmt.Errorf("proposal event details: %w", err)
			}
		}
		out = append(out, e)
	}
	return out, mapErr(rows.Err())
}

// handlingStates are the states in which replies can be late.
var handlingStates = []proposal.State{proposal.Assigned, proposal.Handling, proposal.ReplyReview, proposal.Rehandling}

// inList returns "col IN (?, ?, …)" with its arguments.
func inList[T any](col string, vs []T) (string, []any) {
	args := make([]any, len(vs))
	for i, v := range vs {
		args[i] = v
	}
	return col + " IN (?" + strings.Repeat(", ?", len(vs)-1) + ")", args
}

func stateArgs(ss []proposal.State) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

// ListProposals returns the proposals matching f, highest id first, at
// most f.Limit (see proposal.ListFilter).
func (tx *Tx) ListProposals(ctx context.Context, f proposal.ListFilter) ([]proposal.Summary, error) {
	f = f.Normalize()
	if f.CommitteeID == 0 {
		return nil, errs.E(errs.Invalid, "缺少所属政协")
	}
	if f.Units && len(f.UnitIDs) == 0 {
		return nil, nil
	}
	where, args := []string{"p.committee_id = ?"}, []any{f.CommitteeID}
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if len(f.States) > 0 {
		cond, a := inList("p.state", stateArgs(f.States))
		add(cond, a...)
	}
	if f.Category != "" {
		add("p.category = ?", f.Category)
	}
	if f.Timing != "" {
		add("p.timing = ?", string(f.Timing))
	}
	if f.TermID != 0 {
		add("p.term_id = ?", f.TermID)
	}
	if f.SessionID != 0 {
		add("p.session_id = ?", f.SessionID)
	}
	if f.UserID != 0 {
		add("p.id IN (SELECT proposal_id FROM proposal_people WHERE user_id = ?)", f.UserID)
	}
	if len(f.UnitIDs) > 0 {
		cond, a := inList("unit_id", f.UnitIDs)
		add("p.id IN (SELECT proposal_id FROM proposal_units WHERE "+cond+" AND state <> 'returned')", a...)
	}
	if f.KeyOnly {
		add("p.is_key = ?", true)
	}
	if f.PublicOnly {
		cond, a := inList("p.state", stateArgs(proposal.PublishedStates))
		add("p.public = ? AND "+cond, append([]any{true}, a...)...)
	}
	if f.OverdueOnly {
		now := f.Now
		if now.IsZero() {
			now = tx.now
		}
		cond, a := inList("p.state", stateArgs(handlingStates))
		add("p.due_at < ? AND "+cond, append([]any{tx.ts(now)}, a...)...)
	}
	if f.Submitted {
		add("p.submitted_at IS NOT NULL")
	}
	if t := strings.TrimSpace(f.Title); t != "" {
		add(`p.title LIKE ? ESCAPE '\'`, "%"+escapeLike(t)+"%")
	}
	if f.BeforeID > 0 {
		add("p.id < ?", f.BeforeID)
	}
	args = append(args, f.Limit)
	rows, err := tx.query(ctx, "SELECT "+summaryCols+proposalFrom+" WHERE "+strings.Join(where, " AND ")+
		" ORDER BY p.id DESC LIMIT ?", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []proposal.Summary
	for rows.Next() {
		var s proposal.Summary
		if err := rows.Scan(summaryDest(&s)...); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, s)
	}
	return out, mapErr(rows.Err())
}

// CountProposalsByState counts the committee's proposals in each state;
// states without any are absent.
func (tx *Tx) CountProposalsByState(ctx context.Context, committeeID int64) (map[proposal.State]int, error) {
	rows, err := tx.query(ctx, "SELECT state, COUNT(*) FROM proposals WHERE committee_id = ? GROUP BY state", committeeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[proposal.State]int{}
	for rows.Next() {
		var s proposal.State
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, mapErr(err)
		}
		out[s] = n
	}
	return out, mapErr(rows.Err())
}

// InsertProposalAttachment stores a (its Data, sealed with Size and SHA256 when
// these are unset) and sets its ID and CreatedAt. The caller has checked
// the file against the committee's limits (Config.CheckAttachment).
func (tx *Tx) InsertProposalAttachment(ctx context.Context, a *proposal.Attachment) error {
	if a.SHA256 == "" {
		a.Seal()
	}
	a.CreatedAt = tx.now
	id, err := tx.insert(ctx, `INSERT INTO proposal_attachments (proposal_id, name, content_type, size, sha256, data,
		uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.ProposalID, a.Name, a.ContentType, a.Size, a.SHA256,
		a.Data, a.UploadedBy, tx.ts(a.CreatedAt))
	a.ID = id
	return err
}

const attachmentCols = "id, proposal_id, name, content_type, size, sha256, uploaded_by, created_at"

func attachmentDest(a *proposal.Attachment) []any {
	return []any{&a.ID, &a.ProposalID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.UploadedBy, nullTime{&a.CreatedAt}}
}

// ProposalAttachment returns attachment id with its data. NotFound if there is
// none.
func (tx *Tx) ProposalAttachment(ctx context.Context, id int64) (proposal.Attachment, error) {
	var a proposal.Attachment
	err := tx.queryRow(ctx, "SELECT "+attachmentCols+", data FROM proposal_attachments WHERE id = ?", id).
		Scan(append(attachmentDest(&a), &a.Data)...)
	if err = mapErr(err); errs.Is(err, errs.NotFound) {
		return a, errs.Wrap(errs.NotFound, err, "附件不存在")
	}
	return a, err
}

// ProposalAttachments returns a proposal's attachments without their data, in the
// order they were added.
func (tx *Tx) ProposalAttachments(ctx context.Context, proposalID int64) ([]proposal.Attachment, error) {
	rows, err := tx.query(ctx, "SELECT "+attachmentCols+" FROM proposal_attachments WHERE proposal_id = ? ORDER BY id", proposalID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []proposal.Attachment
	for rows.Next() {
		var a proposal.Attachment
		if err := rows.Scan(attachmentDest(&a)...); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, a)
	}
	return out, mapErr(rows.Err())
}

// UnitsOfUser returns the units user userID is a liaison of, by id: what
// proposal.Who.UnitIDs needs.
func (tx *Tx) UnitsOfUser(ctx context.Context, userID int64) ([]int64, error) {
	rows, err := tx.query(ctx, "SELECT unit_id FROM unit_liaisons WHERE user_id = ? ORDER BY unit_id", userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, id)
	}
	return out, mapErr(rows.Err())
}

// PlenarySession returns the first and last day of plenary session id of
// committee committeeID. NotFound if there is none.
func (tx *Tx) PlenarySession(ctx context.Context, committeeID, id int64) (startsOn, endsOn time.Time, err error) {
	err = tx.queryRow(ctx, `SELECT s.starts_on, s.ends_on FROM plenary_sessions s JOIN terms t ON t.id = s.term_id
		WHERE s.id = ? AND t.committee_id = ?`, id, committeeID).Scan(nullTime{&startsOn}, nullTime{&endsOn})
	if err = mapErr(err); errs.Is(err, errs.NotFound) {
		err = errs.Wrap(errs.NotFound, err, "会议不存在")
	}
	return startsOn, endsOn, err
}

// UserMobile returns the mobile number of the member linked to user
// userID, unsealed; for an account without a member (a collective
// account) the account's own login mobile; "" if there is none.
func (tx *Tx) UserMobile(ctx context.Context, userID int64) (string, error) {
	var sealed string
	err := tx.queryRow(ctx, "SELECT mobile_enc FROM members WHERE user_id = ? ORDER BY id LIMIT 1", userID).Scan(&sealed)
	switch err = mapErr(err); {
	case err == nil && sealed != "":
		c, err := tx.cipher()
		if err != nil {
			return "", err
		}
		m, err := c.Open(sealed, "member.mobile")
		if err != nil {
			return "", errs.Wrap(errs.Internal, err, "敏感字段解密失败")
		}
		return m, nil
	case err != nil && !errs.Is(err, errs.NotFound):
		return "", err
	}
	var m string
	err = tx.queryRow(ctx, "SELECT COALESCE(mobile, '') FROM users WHERE id = ?", userID).Scan(&m)
	if err = mapErr(err); errs.Is(err, errs.NotFound) {
		return "", nil
	}
	return m, err
}

// SeriesProposals returns, whole and by id, the proposals of committee
// committeeID in term termID (0: any) and plenary session sessionID; with
// sessionID 0, the regular proposals when regularOnly, else those of any
// session.
func (tx *Tx) SeriesProposals(ctx context.Context, committeeID, termID, sessionID int64, regularOnly bool) ([]proposal.Proposal, error) {
	q, args := "SELECT "+proposalCols+proposalFrom+" WHERE p.committee_id = ?", []any{committeeID}
	if termID != 0 {
		q, args = q+" AND p.term_id = ?", append(args, termID)
	}
	switch {
	case sessionID != 0:
		q, args = q+" AND p.session_id = ?", append(args, sessionID)
	case regularOnly:
		q, args = q+" AND p.timing = ?", append(args, string(proposal.Regular))
	}
	rows, err := tx.query(ctx, q+" ORDER BY p.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []proposal.Proposal
	for rows.Next() {
		p, err := scanProposal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, mapErr(rows.Err())
}
