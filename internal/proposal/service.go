package proposal

import (
	"context"
	"maps"
	"strconv"
	"time"

	"xieshang/internal/audit"
	"xieshang/internal/errs"
)

// Service carries out proposal steps; each step, its event, its audit
// entry and its notifications commit in one transaction.
type Service struct {
	store   Store
	serving servingCache
}

// NewService returns a Service over store.
func NewService(store Store) *Service { return &Service{store: store} }

// Create stores a new draft by the actor as its first proposer (the
// caller checks that the actor is a member of the term, or a collective
// account). Empty fields are fine in a draft.
func (s *Service) Create(ctx context.Context, who Who, p Proposal) (Proposal, error) {
	p.CommitteeID, p.ProposerUserID, p.ProposerName = who.Actor.CommitteeID, who.Actor.UserID, who.Actor.Name
	p.State, p.Number, p.Round, p.Units, p.Replies, p.Evaluations, p.Extensions = Draft, 0, 0, nil, nil, nil, nil
	for i := range p.CoSigners {
		p.CoSigners[i].Status, p.CoSigners[i].InvitedAt, p.CoSigners[i].AnsweredAt = Invited, time.Time{}, time.Time{}
	}
	err := s.store.InTx(ctx, func(tx Tx) error { return create(ctx, tx, who, &p) })
	return p, err
}

// create stores draft p in tx with its audit entry.
func create(ctx context.Context, tx Tx, who Who, p *Proposal) error {
	cfg, err := tx.Config(ctx, p.CommitteeID)
	if err != nil {
		return err
	}
	if err := ValidateDraft(p, cfg); err != nil {
		return err
	}
	p.CreatedAt, p.UpdatedAt = tx.Now(), tx.Now()
	if err := tx.InsertProposal(ctx, p); err != nil {
		return err
	}
	return tx.Audit(ctx, createEntry(who, p))
}

// createEntry is the audit entry of creating draft p.
func createEntry(who Who, p *Proposal) audit.Entry {
	return audit.Entry{ActorID: who.Actor.UserID, ActorName: who.Actor.Name,
		Role: string(who.Actor.PrimaryRole()), CommitteeID: p.CommitteeID, Action: "proposal.create",
		ObjectType: "proposal", ObjectID: strconv.FormatInt(p.ID, 10), ClientAddr: who.Actor.Addr,
		Changes: map[string]audit.Change{"title": {New: p.Title}, "kind": {New: string(p.Kind)}}}
}

// CreateAndSubmit stores a new regular (平时) draft and submits it in one
// transaction: the member's one press of 提交 either leaves a submitted
// proposal or nothing. The submission is applied to the draft before it
// is stored, so the proposal is written once, and so is its record: the
// submit event and one audit entry, the submission's, which also carries
// what a draft's creation records (title, kind) — there never was a
// stored draft to audit.
func (s *Service) CreateAndSubmit(ctx context.Context, who Who, p Proposal) (Proposal, Event, error) {
	if p.Timing != Regular {
		return Proposal{}, Event{}, errs.Field("timing", "大会提案请先保存草稿,再在征集期内提交")
	}
	p.CommitteeID, p.ProposerUserID, p.ProposerName = who.Actor.CommitteeID, who.Actor.UserID, who.Actor.Name
	p.State, p.Number, p.Round, p.Units, p.Replies, p.Evaluations, p.Extensions = Draft, 0, 0, nil, nil, nil, nil
	p.CoSigners = nil // a joint proposal is submitted after its co-signers confirm
	var out Proposal
	var ev Event
	err := s.store.InTx(ctx, func(tx Tx) error {
		cfg, err := tx.Config(ctx, p.CommitteeID)
		if err != nil {
			return err
		}
		if err := ValidateDraft(&p, cfg); err != nil {
			return err
		}
		now := tx.Now()
		p.CreatedAt, p.UpdatedAt = now, now
		if out, ev, err = Apply(p, who, Submit{}, now, cfg); err != nil {
			return err
		}
		if err := tx.InsertProposalWithEvent(ctx, &out, ev); err != nil {
			return err
		}
		ev.ProposalID = out.ID
		entry := ev.Audit(who.Actor)
		maps.Copy(entry.Changes, createEntry(who, &out).Changes)
		if err := tx.Audit(ctx, entry); err != nil {
			return err
		}
		return tx.Notify(ctx, out, ev)
	})
	return out, ev, err
}

// Do takes step cmd on proposal id for who, provided the proposal is
// still at version (what the actor's form was built from; 0 skips the
// check, for steps that do not depend on what was shown). It fills in
// what the storage decides: the number of an Accept, the deadlines of an
// Assign, a Rehandle or a re-routing ApproveReturn, the submission window
// is the caller's (see PlenaryWindow). A Merge also adds the merged
// proposers to the main proposal. A stale version is a Conflict.
func (s *Service) Do(ctx context.Context, who Who, id int64, version int, cmd Command) (Proposal, Event, error) {
	var out Proposal
	var ev Event
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		out, ev, err = s.do(ctx, tx, who, id, version, cmd)
		return err
	})
	return out, ev, err
}

// do is Do inside transaction tx.
func (s *Service) do(ctx context.Context, tx Tx, who Who, id int64, version int, cmd Command) (out Proposal, ev Event, err error) {
	err = func() error {
		p, err := tx.ProposalForUpdate(ctx, id)
		if err != nil {
			return err
		}
		if p.CommitteeID != who.Actor.CommitteeID && !who.Actor.System {
			return errs.E(errs.NotFound, "提案不存在")
		}
		if version != 0 && p.Version != version {
			return errs.E(errs.Conflict, "该提案已被他人处理(当前状态:%s),请刷新后重试", p.State.Name())
		}
		cfg, err := tx.Config(ctx, p.CommitteeID)
		if err != nil {
			return err
		}
		now := tx.Now()
		if cmd, err = s.complete(ctx, tx, p, who, cmd, now, cfg); err != nil {
			return err
		}
		if out, ev, err = Apply(p, who, cmd, now, cfg); err != nil {
			return err
		}
		if m, ok := cmd.(Merge); ok {
			main, err := tx.ProposalForUpdate(ctx, m.Into)
			if errs.Is(err, errs.NotFound) {
				return errs.Field("into", "主提案不存在")
			}
			if err != nil {
				return err
			}
			if err := CanMergeInto(main, p); err != nil {
				return err
			}
			main = MergeProposers(main, out, now)
			if err := tx.UpdateProposal(ctx, &main); err != nil {
				return err
			}
			mev := mergedInto(main, out, ev)
			if err := tx.AppendEvent(ctx, mev); err != nil {
				return err
			}
			if err := tx.Audit(ctx, mev.Audit(who.Actor)); err != nil {
				return err
			}
			if err := tx.Notify(ctx, main, mev); err != nil {
				return err
			}
		}
		if err := tx.UpdateProposal(ctx, &out); err != nil {
			return err
		}
		if err := tx.AppendEvent(ctx, ev); err != nil {
			return err
		}
		if err := tx.Audit(ctx, ev.Audit(who.Actor)); err != nil {
			return err
		}
		return tx.Notify(ctx, out, ev)
	}()
	return out, ev, err
}

// mergedInto is the event of merge step ev on the main proposal: its
// timeline shows which proposal joined it, and its proposer learns that the
// merged proposal's proposers are now proposers of it too.
func mergedInto(main, merged Proposal, ev Event) Event {
	return Event{ProposalID: main.ID, CommitteeID: main.CommitteeID, Action: ActMerge, At: ev.At, ActorID: ev.ActorID,
		ActorName: ev.ActorName, As: ev.As, From: main.State, To: main.State,
		// No names: public pages show notes, and hide who co-proposed.
		Note:    "《" + merged.Title + "》并入本提案,其提案人成为本提案的提案人",
		Details: map[string]string{"merged": strconv.FormatInt(merged.ID, 10)},
		Notify:  []Recipient{{UserID: main.ProposerUserID}}}
}

// complete fills in the parts of cmd that storage decides. It asks for a
// number only when the step is allowed, so refused steps use none.
func (s *Service) complete(ctx context.Context, tx Tx, p Proposal, who Who, cmd Command, now time.Time, cfg Config) (Command, error) {
	schedule := func() (Deadlines, error) {
		cal, err := tx.Calendar(ctx, p.CommitteeID)
		if err != nil {
			return Deadlines{}, err
		}
		return Schedule(now, cfg, cal), nil
	}
	var err error
	switch c := cmd.(type) {
	case Accept:
		if c.Number == 0 {
			if err := Allowed(p, who, ActAccept, 0, now, cfg); err != nil {
				return nil, err
			}
			term, session := p.Series()
			c.Number, err = tx.NextNumber(ctx, p.CommitteeID, term, session)
		}
		return c, err
	case Assign:
		if c.Deadlines == (Deadlines{}) {
			c.Deadlines, err = schedule()
		}
		return c, err
	case Rehandle:
		if c.Deadlines == (Deadlines{}) {
			c.Deadlines, err = schedule()
		}
		return c, err
	case ApproveReturn:
		if c.Replacement.UnitID != 0 && c.Deadlines == (Deadlines{}) {
			c.Deadlines, err = schedule()
		}
		return c, err
	}
	return cmd, nil
}
