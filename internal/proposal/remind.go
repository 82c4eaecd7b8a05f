package proposal

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/notify"
	"xieshang/internal/outbox"
)

// Outbox task kinds of proposals.
const (
	// RemindKind reminds a replying unit of its due date: 7 days before
	// it and on the day.
	RemindKind = "proposal.remind"
	// DigestKind is the daily list of overdue proposals sent to the
	// proposal office.
	DigestKind = "proposal.overdue_digest"
)

// remindAt is the time of day, China time, at which reminders go out.
const remindAt = 8

// reminder is the payload of a RemindKind task.
type reminder struct {
	ProposalID int64     `json:"proposal_id"`
	UnitID     int64     `json:"unit_id"`
	Due        time.Time `json:"due"`
	DaysBefore int       `json:"days_before"` // 7, or 0 on the day
}

// Reminders returns the reminder tasks of p's replying units that are still
// to reply: 7 days before each due date and on it, at 08:00 China time,
// none in the past. The keys carry the unit and the due date, so enqueuing
// them again schedules nothing twice, and a moved deadline (an extension,
// re-handling) gets reminders of its own; a reminder whose deadline has
// since moved, or whose unit has replied, sends nothing (see RemindHandler).
func Reminders(p Proposal, now time.Time) []outbox.Task {
	var out []outbox.Task
	for _, u := range p.Units {
		waiting := u.State != UnitReplied && u.State != UnitDone && u.active()
		if !u.Role.Replies() || !waiting || u.DueAt.IsZero() {
			continue
		}
		day := u.DueAt.In(China)
		for _, before := range []int{7, 0} {
			d := day.AddDate(0, 0, -before)
			at := time.Date(d.Year(), d.Month(), d.Day(), remindAt, 0, 0, 0, China)
			if at.Before(now) {
				continue
			}
			payload, _ := json.Marshal(reminder{ProposalID: p.ID, UnitID: u.UnitID, Due: u.DueAt, DaysBefore: before})
			out = append(out, outbox.Task{CommitteeID: p.CommitteeID, Kind: RemindKind, RunAt: at, Payload: payload,
				Key: fmt.Sprintf("proposal:%d:remind:%d:%s:%d", p.ID, u.UnitID, day.Format(time.DateOnly), before)})
		}
	}
	return out
}

// Recipients resolves whom a notification reaches: users by id, the
// liaisons of a unit, the holders of a role in a committee.
type Recipients interface {
	// RecipientIDs returns the user ids that rs stand for in committee
	// committeeID, without duplicates, and the e-mail addresses of those
	// of them that have one (for notify.Message.Emails).
	RecipientIDs(ctx context.Context, committeeID int64, rs []Recipient) ([]int64, map[int64]string, error)
	// NotifyRecipients stores n for each enabled account that rs stand
	// for in the committee, except exclude, and returns them (in
	// RecipientIDs' order) with their e-mail addresses: a step's
	// notifications without a dedupe key, as they are found.
	NotifyRecipients(ctx context.Context, committeeID int64, rs []Recipient, exclude int64, n notify.Notification) ([]int64, map[int64]string, error)
}

// NotifyTx is what notifying about proposals needs of a transaction.
type NotifyTx interface {
	notify.SendTx
	Recipients
}

// Announce notifies the recipients of e (the actor left out) in tx: one
// in-app notification each, and e-mail where configured. It runs in the
// step's own transaction, once per event, so the notifications need no
// dedupe key.
func Announce(ctx context.Context, tx NotifyTx, p Proposal, e Event) error {
	title := "提案“" + clip(p.Title, 40) + "”:" + e.Action.Name()
	body := e.As.Name() + " " + e.ActorName + " " + e.Action.Name()
	if e.To != e.From && e.To != "" {
		body += ",提案当前状态:" + e.To.Name()
	}
	if e.Note != "" {
		body += "。说明:" + e.Note
	}
	m := notify.Message{CommitteeID: p.CommitteeID, Kind: "proposal." + string(e.Action), Title: title, Body: body,
		Link: "/proposals/" + strconv.FormatInt(p.ID, 10)}
	if err := m.Check(); err != nil {
		return err
	}
	ids, emails, err := tx.NotifyRecipients(ctx, p.CommitteeID, e.Notify, e.ActorID, m.Notification())
	if err != nil {
		return err
	}
	return notify.Mailed(ctx, tx, m, ids, emails)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// RemindTx is what the reminder handlers need of a transaction.
type RemindTx interface {
	NotifyTx
	ProposalByID(ctx context.Context, id int64) (Proposal, error)
	ListProposals(ctx context.Context, f ListFilter) ([]Summary, error)
	Now() time.Time
}

// RemindStore runs reminder handlers' transactions.
type RemindStore interface {
	InTx(ctx context.Context, fn func(RemindTx) error) error
}

// RemindHandler sends a RemindKind task's reminder to the unit's liaisons
// if the unit still has to reply by the same deadline; otherwise it does
// nothing. Sending is keyed by the task, so a reminder run twice sends once.
func RemindHandler(store RemindStore) outbox.Handler {
	return func(ctx context.Context, t outbox.Task) error {
		var r reminder
		if err := json.Unmarshal(t.Payload, &r); err != nil {
			return outbox.Permanent(err)
		}
		return store.InTx(ctx, func(tx RemindTx) error {
			p, err := tx.ProposalByID(ctx, r.ProposalID)
			if errs.Is(err, errs.NotFound) {
				return nil
			}
			if err != nil {
				return err
			}
			i := p.unit(r.UnitID)
			if i < 0 || !p.State.InHandling() {
				return nil
			}
			u := p.Units[i]
			if u.State == UnitReplied || u.State == UnitDone || !u.DueAt.Equal(r.Due) {
				return nil
			}
			// A reminder run long after its time (the server was down, or
			// the step was recorded late) or after the deadline itself is
			// no longer news: the overdue digest covers what is late.
			if now := tx.Now(); now.After(u.DueAt) || (!t.RunAt.IsZero() && now.Sub(t.RunAt) > 48*time.Hour) {
				return nil
			}
			ids, emails, err := tx.RecipientIDs(ctx, p.CommitteeID, []Recipient{{UnitID: u.UnitID}})
			if err != nil {
				return err
			}
			title := "提案答复将于 " + u.DueAt.In(China).Format("1月2日") + " 到期"
			if r.DaysBefore == 0 {
				title = "提案答复今天到期"
			}
			body := fmt.Sprintf("%s(%s)请于 %s 前提交答复。", p.Title, p.Code(), u.DueAt.In(China).Format("2006年1月2日"))
			return notify.Send(ctx, tx, notify.Message{CommitteeID: p.CommitteeID, UserIDs: ids, Emails: emails, Kind: RemindKind,
				Title: title, Body: body, Link: "/proposals/" + strconv.FormatInt(p.ID, 10), Key: t.Key})
		})
	}
}

// DigestHandler sends the proposal office of the task's committee the list
// of overdue proposals, if there are any. Keyed by the task: once a day.
func DigestHandler(store RemindStore) outbox.Handler {
	return func(ctx context.Context, t outbox.Task) error {
		return store.InTx(ctx, func(tx RemindTx) error {
			items, err := tx.ListProposals(ctx, ListFilter{CommitteeID: t.CommitteeID, OverdueOnly: true, Now: tx.Now(), Limit: 500})
			if err != nil || len(items) == 0 {
				return err
			}
			body := fmt.Sprintf("截至今日,共有 %d 件提案超过答复期限:", len(items))
			for i, it := range items {
				if i == 20 {
					body += fmt.Sprintf("\n……等 %d 件", len(items))
					break
				}
				body += fmt.Sprintf("\n%s %s(期限 %s)", it.Code(), it.Title, it.DueAt.In(China).Format("2006-01-02"))
			}
			ids, emails, err := tx.RecipientIDs(ctx, t.CommitteeID, []Recipient{{Role: authz.ProposalOffice}})
			if err != nil {
				return err
			}
			return notify.Send(ctx, tx, notify.Message{CommitteeID: t.CommitteeID, UserIDs: ids, Emails: emails, Kind: DigestKind,
				Title: fmt.Sprintf("超期提案提醒:%d 件", len(items)), Body: body, Link: "/proposals?queue=overdue", Key: t.Key})
		})
	}
}

// AutoCloseKind closes, once a day, the proposals of a committee whose
// replies were approved Config.AutoCloseDays ago and that some proposer
// has still not evaluated (办结 without evaluation).
const AutoCloseKind = "proposal.autoclose"

// AutoCloseHandler closes what AutoCloseKind is for, as the system; a
// proposal not yet due to close, or changed meanwhile, is left alone.
func AutoCloseHandler(s *Service) outbox.Handler {
	return func(ctx context.Context, t outbox.Task) error {
		sys := Who{Actor: authz.SystemActor(t.CommitteeID)}
		f := ListFilter{CommitteeID: t.CommitteeID, States: []State{Evaluating}, Limit: 500}
		for {
			items, err := s.List(ctx, sys, f)
			if err != nil {
				return err
			}
			for _, it := range items {
				_, _, err := s.Do(ctx, sys, it.ID, it.Version, Close{Note: "答复审核通过后提案人逾期未评价,系统自动办结"})
				if err != nil && !errs.Is(err, errs.Conflict) && !errs.Is(err, errs.Forbidden) {
					return err
				}
			}
			if len(items) < f.Limit {
				return nil
			}
			f.BeforeID = items[len(items)-1].ID
		}
	}
}
