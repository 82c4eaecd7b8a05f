package member

import (
	"context"
	"slices"
	"time"

	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/org"
)

// checkMembership checks what a membership needs without the database: a
// known status, and an end date exactly when the member no longer serves.
func checkMembership(status Status, startedOn, endedOn time.Time) error {
	var c errs.Check
	c.If(!ValidStatus(status), "status", "状态应为在任、辞去或撤销")
	switch status {
	case Serving:
		c.If(!endedOn.IsZero(), "ended_on", "在任委员不应填写结束日期")
	case Resigned, Revoked:
		c.If(endedOn.IsZero(), "ended_on", "辞去或撤销须填写结束日期")
		c.If(!endedOn.IsZero() && !startedOn.IsZero() && org.Day(endedOn).Before(org.Day(startedOn)), "ended_on", "结束日期不能早于开始日期")
	}
	return c.Err()
}

func dayString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// SetMembership sets the standing of member memberID in term termID of
// the actor's committee: serving (在任, no end date), or resigned (辞去) or
// revoked (撤销) on endedOn, which must not be before startedOn. startedOn
// defaults to the start of the term. The row for that term is added or
// replaced, provided nobody changed the member since version was read
// (otherwise Conflict), and the change is audited as member.membership
// with the old and new values. Office staff may.
func (s *Service) SetMembership(ctx context.Context, by authz.Actor, memberID, termID int64, status Status, startedOn, endedOn time.Time, version int) error {
	if err := checkMembership(status, startedOn, endedOn); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		m, err := editable(ctx, tx, by, memberID)
		if err != nil {
			return err
		}
		terms, err := tx.Terms(ctx, m.CommitteeID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(terms, func(t org.Term) bool { return t.ID == termID })
		if i < 0 {
			return errs.E(errs.NotFound, "届次不存在")
		}
		if m.Version != version {
			return errs.E(errs.Conflict, "该委员信息已被他人修改,请刷新后重新编辑")
		}
		if startedOn.IsZero() {
			startedOn = terms[i].StartsOn
		}
		if err := checkMembership(status, startedOn, endedOn); err != nil {
			return err
		}
		var old Membership
		if j := slices.IndexFunc(m.Memberships, func(ms Membership) bool { return ms.TermID == termID }); j >= 0 {
			old = m.Memberships[j]
		}
		ms := Membership{TermID: termID, TermName: terms[i].Name, Status: status, StartedOn: startedOn, EndedOn: endedOn}
		if err := tx.SetMembership(ctx, m.ID, m.Version, ms); err != nil {
			return err
		}
		changes := audit.Diff(
			map[string]any{"status": string(old.Status), "started_on": dayString(old.StartedOn), "ended_on": dayString(old.EndedOn)},
			map[string]any{"status": string(status), "started_on": dayString(startedOn), "ended_on": dayString(endedOn)})
		changes["term"] = audit.Change{New: terms[i].Name}
		return tx.Audit(ctx, entry(by, "member.membership", m.ID, changes))
	})
}
