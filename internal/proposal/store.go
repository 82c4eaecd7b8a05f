package proposal

import (
	"context"
	"time"

	"xieshang/internal/audit"
)

// Store is the storage proposals need.
type Store interface {
	InTx(ctx context.Context, fn func(Tx) error) error
	View(ctx context.Context, fn func(Tx) error) error
}

// Tx is one transaction's view of the proposal tables. A step runs in one
// transaction: ProposalForUpdate, Apply, UpdateProposal guarded by the
// version read, AppendEvent, Audit and Notify, so that a concurrent step
// on the same proposal gets a Conflict and nothing is half-written.
type Tx interface {
	// Now is the time fixed at the start of the transaction.
	Now() time.Time
	// Config returns the committee's rules, DefaultConfig if it never set
	// them.
	Config(ctx context.Context, committeeID int64) (Config, error)
	// Calendar returns the working-day calendar of the committee.
	Calendar(ctx context.Context, committeeID int64) (Calendar, error)
	// ProposalForUpdate returns proposal id with everything Apply needs —
	// co-signers, units, extensions, replies, evaluations, and TermName
	// and SessionNumber for its number text — locking it for the rest of
	// the transaction where the engine can. NotFound if there is none.
	ProposalForUpdate(ctx context.Context, id int64) (Proposal, error)
	// InsertProposal stores a new draft and sets its ID and Version (1).
	InsertProposal(ctx context.Context, p *Proposal) error
	// InsertProposalWithEvent is InsertProposal and AppendEvent of e, the
	// new proposal's first event (its ProposalID is the new ID), at once.
	InsertProposalWithEvent(ctx context.Context, p *Proposal, e Event) error
	// UpdateProposal writes p — its row and the rows of its co-signers,
	// units, extensions, replies and evaluations — if the stored version
	// is still p.Version, and increments p.Version. A changed version is a
	// Conflict.
	UpdateProposal(ctx context.Context, p *Proposal) error
	// NextNumber allots the next number of a series (Proposal.Series) of
	// the committee: 1 for the first, never repeating nor skipping, since
	// the counter is written in this transaction and rolls back with it.
	NextNumber(ctx context.Context, committeeID, termID, sessionID int64) (int, error)
	// AppendEvent adds e to the proposal's timeline.
	AppendEvent(ctx context.Context, e Event) error
	// Notify tells the recipients of e, the step just taken on p (the
	// actor left out), in-app and by e-mail tasks that send once, and
	// schedules the reminders of p's deadlines (see Announce, Reminders).
	Notify(ctx context.Context, p Proposal, e Event) error
	Audit(ctx context.Context, e audit.Entry) error
}
