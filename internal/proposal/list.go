package proposal

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"time"

	"xieshang/internal/authz"
	"xieshang/internal/errs"
)

// ListFilter selects proposals for a list. CommitteeID is required; every
// other field left at its zero value does not filter.
type ListFilter struct {
	CommitteeID int64
	States      []State // any of these states
	Category    string
	Timing      Timing
	TermID      int64
	SessionID   int64
	// UserID keeps the proposals the user proposed or was asked to co-sign
	// ("my proposals"; merged proposers included).
	UserID int64
	// UnitIDs keeps the proposals assigned to one of these units, returned
	// assignments excepted. Service.List sets it for liaisons.
	UnitIDs []int64
	// Units, set by Service.List for liaisons, makes an empty UnitIDs mean
	// "no proposal" instead of "no filter".
	Units      bool
	KeyOnly    bool
	PublicOnly bool // public proposals that were accepted (Published)
	// OverdueOnly keeps proposals in handling whose earliest reply
	// deadline (Summary.DueAt) has passed at Now.
	OverdueOnly bool
	Now         time.Time // for OverdueOnly; the transaction's time if zero
	// Submitted keeps proposals that were submitted at least once (not
	// drafts, nor proposals waiting for co-signers): what staff see.
	Submitted bool
	Title     string // keyword in the title
	BeforeID  int64  // cursor: proposals with a smaller id (the list runs newest first)
	Limit     int    // 50 if 0, at most 500
}

// Normalize returns f with its limit in range.
func (f ListFilter) Normalize() ListFilter {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, 500)
	return f
}

// PublishedStates are the states in which a public proposal may be shown
// to everyone: it was accepted (立案).
var PublishedStates = []State{Accepted, Assigned, Handling, ReplyReview, Evaluating, Rehandling, Closed}

// Published reports whether p is public and accepted, and so visible to
// every account of its committee.
func (p Proposal) Published() bool { return p.Public && slices.Contains(PublishedStates, p.State) }

// Summary is one row of a proposal list.
type Summary struct {
	ID             int64
	CommitteeID    int64
	Kind           Kind
	Timing         Timing
	TermID         int64
	SessionID      int64
	TermName       string
	SessionNumber  int
	Number         int
	Title          string
	Category       string
	Public         bool
	ProposerUserID int64
	ProposerName   string
	State          State
	Key            bool
	Excellent      bool
	ExcellentYear  int
	Round          int
	Mode           Mode
	// DueAt is the earliest reply deadline among the replying units that
	// have not replied; zero when none is waiting.
	DueAt       time.Time
	Version     int
	CreatedAt   time.Time
	UpdatedAt   time.Time
	SubmittedAt time.Time
	AcceptedAt  time.Time
	ClosedAt    time.Time
}

// Code returns the proposal's number as users cite it (see Proposal.Code).
func (s Summary) Code() string {
	return Proposal{Timing: s.Timing, Number: s.Number, TermName: s.TermName, SessionNumber: s.SessionNumber}.Code()
}

// Overdue reports whether a reply is late at now.
func (s Summary) Overdue(now time.Time) bool {
	return s.State.InHandling() && !s.DueAt.IsZero() && now.After(s.DueAt)
}

// DueAt returns the earliest reply deadline among p's replying units that
// are still to reply (not replied, not done, not returned), or zero: what
// the storage layer keeps beside the proposal for overdue lists.
func (p Proposal) DueAt() time.Time {
	var due time.Time
	for _, u := range p.Units {
		waiting := u.State != UnitReplied && u.State != UnitDone && u.active()
		if u.Role.Replies() && waiting && !u.DueAt.IsZero() && (due.IsZero() || u.DueAt.Before(due)) {
			due = u.DueAt
		}
	}
	return due
}

// Attachment is a file attached to a proposal. Data is empty when only the
// metadata was read.
type Attachment struct {
	ID          int64
	ProposalID  int64
	Name        string
	ContentType string
	Size        int64
	SHA256      string // hex
	Data        []byte
	UploadedBy  int64
	CreatedAt   time.Time
}

// Seal sets a's Size and SHA256 from its Data.
func (a *Attachment) Seal() {
	sum := sha256.Sum256(a.Data)
	a.Size, a.SHA256 = int64(len(a.Data)), hex.EncodeToString(sum[:])
}

// ReadTx is what pages read about proposals.
type ReadTx interface {
	Now() time.Time
	// ProposalByID returns proposal id as ProposalForUpdate does, without
	// locking. NotFound if there is none.
	ProposalByID(ctx context.Context, id int64) (Proposal, error)
	// ListProposals returns the proposals matching f, newest (highest id)
	// first, at most f.Limit.
	ListProposals(ctx context.Context, f ListFilter) ([]Summary, error)
	// ProposalEvents returns the timeline of proposal id, oldest first.
	ProposalEvents(ctx context.Context, proposalID int64) ([]Event, error)
	// CountProposalsByState counts the committee's proposals in each state.
	CountProposalsByState(ctx context.Context, committeeID int64) (map[State]int, error)
	// ProposalAttachments returns the attachments of a proposal, without
	// data, in the order they were added.
	ProposalAttachments(ctx context.Context, proposalID int64) ([]Attachment, error)
	// ProposalAttachment returns attachment id with its data. NotFound if
	// there is none.
	ProposalAttachment(ctx context.Context, id int64) (Attachment, error)
}

// ReadStore runs read-only transactions over the proposal tables.
type ReadStore interface {
	Read(ctx context.Context, fn func(ReadTx) error) error
}

// reader returns the store's read side, which the storage of NewService
// provides when it also implements ReadStore.
func (s *Service) reader() (ReadStore, error) {
	r, ok := s.store.(ReadStore)
	if !ok {
		return nil, errs.E(errs.Internal, "提案存储不支持查询")
	}
	return r, nil
}

// staff reports whether who sees every submitted proposal of the
// committee: the proposal office, the general office and leaders.
func staff(who Who) bool {
	a := who.Actor
	return a.System || a.Has(authz.ProposalOffice) || a.Has(authz.Office) || a.Has(authz.Leader)
}

// CanSee reports whether who may see p: its proposer and the co-signers
// asked; the committee's proposal office, office and leaders once it was
// submitted; a liaison of a unit it is assigned to (and not returned); and
// every account of the committee once it is public and accepted.
func CanSee(p Proposal, who Who) bool {
	a := who.Actor
	if p.CommitteeID != a.CommitteeID && !a.System {
		return false
	}
	if a.UserID != 0 && a.UserID == p.ProposerUserID {
		return true
	}
	for _, c := range p.CoSigners {
		if a.UserID != 0 && c.UserID == a.UserID && (c.Status != Invited || !c.InvitedAt.IsZero()) {
			return true
		}
	}
	if staff(who) && !p.SubmittedAt.IsZero() {
		return true
	}
	if a.Has(authz.UnitLiaison) && slices.ContainsFunc(who.UnitIDs, func(id int64) bool { return p.unit(id) >= 0 }) {
		return true
	}
	return p.Published()
}

// List returns the proposals matching f that who may see, newest first:
// staff (proposal office, office, leaders) every submitted proposal of
// their committee; a unit liaison those assigned to their units; anyone
// else their own proposals, or with f.PublicOnly the public accepted
// ones. The committee is always the actor's.
func (s *Service) List(ctx context.Context, who Who, f ListFilter) ([]Summary, error) {
	r, err := s.reader()
	if err != nil {
		return nil, err
	}
	f.CommitteeID = who.Actor.CommitteeID
	switch {
	case f.PublicOnly:
		// Everyone may list what is published.
	case staff(who):
		// Drafts are their proposers' own until submitted.
		f.Submitted = f.UserID != who.Actor.UserID
	case who.Actor.Has(authz.UnitLiaison):
		f.UnitIDs, f.Units = slices.Clone(who.UnitIDs), true
	default:
		f.UserID = who.Actor.UserID
	}
	var out []Summary
	err = r.Read(ctx, func(tx ReadTx) error {
		var err error
		out, err = tx.ListProposals(ctx, f.Normalize())
		return err
	})
	return out, err
}

// Get returns proposal id if who may see it (CanSee); otherwise, as when
// there is none, NotFound, so that its existence is not revealed.
func (s *Service) Get(ctx context.Context, who Who, id int64) (Proposal, error) {
	r, err := s.reader()
	if err != nil {
		return Proposal{}, err
	}
	var p Proposal
	err = r.Read(ctx, func(tx ReadTx) error {
		p, err = visible(ctx, tx, who, id)
		return err
	})
	return p, err
}

// Timeline returns proposal id and its timeline, oldest step first, if who
// may see it (as Get).
func (s *Service) Timeline(ctx context.Context, who Who, id int64) (Proposal, []Event, error) {
	r, err := s.reader()
	if err != nil {
		return Proposal{}, nil, err
	}
	var p Proposal
	var evs []Event
	err = r.Read(ctx, func(tx ReadTx) error {
		if p, err = visible(ctx, tx, who, id); err != nil {
			return err
		}
		evs, err = tx.ProposalEvents(ctx, id)
		return err
	})
	return p, evs, err
}

func visible(ctx context.Context, tx ReadTx, who Who, id int64) (Proposal, error) {
	p, err := tx.ProposalByID(ctx, id)
	if errs.Is(err, errs.NotFound) || (err == nil && !CanSee(p, who)) {
		return Proposal{}, errs.E(errs.NotFound, "提案不存在")
	}
	return p, err
}
