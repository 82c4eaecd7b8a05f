package proposal

import (
	"strings"
	"time"
	"unicode/utf8"

	"xieshang/internal/errs"
)

// FollowUpKind is a kind of follow-up on a key proposal (重点提案督办).
type FollowUpKind string

const (
	SupervisionMeeting FollowUpKind = "meeting"    // 督办会
	Inspection         FollowUpKind = "inspection" // 视察
	LookBack           FollowUpKind = "look_back"  // 回头看
)

// FollowUpKinds lists the kinds in display order.
var FollowUpKinds = []FollowUpKind{SupervisionMeeting, Inspection, LookBack}

// Name returns the Chinese name users see.
func (k FollowUpKind) Name() string {
	return map[FollowUpKind]string{SupervisionMeeting: "督办会", Inspection: "视察", LookBack: "回头看"}[k]
}

// FollowUp is one follow-up activity on a key proposal.
type FollowUp struct {
	Kind FollowUpKind
	On   time.Time // the day it took place
	Note string    // who took part, what was decided
	By   string    // who recorded it
	At   time.Time // when it was recorded
}

// ActFollowUp records a follow-up on a key proposal: while it is handled,
// and after closing too (回头看).
const ActFollowUp Action = "follow_up" // 记录督办活动

// RecordFollowUp records a follow-up activity on a key proposal.
type RecordFollowUp struct {
	Kind FollowUpKind
	On   time.Time
	Note string
}

func (RecordFollowUp) Action() Action { return ActFollowUp }
func (RecordFollowUp) unit() int64    { return 0 }
func (f RecordFollowUp) apply(c *change) error {
	if err := guards[ActFollowUp](c); err != nil {
		return err
	}
	var ck errs.Check
	ck.If(f.Kind.Name() == "", "kind", "请选择督办活动的类型(督办会、视察或回头看)")
	ck.If(f.On.IsZero(), "on", "请填写活动日期")
	ck.If(!f.On.IsZero() && f.On.After(c.now.AddDate(0, 0, 1)), "on", "活动日期不能晚于今天")
	note := strings.TrimSpace(f.Note)
	ck.If(note == "", "note", "请简要记录活动情况")
	ck.If(utf8.RuneCountInString(note) > 1000, "note", "活动情况不能超过 1000 字")
	if err := ck.Err(); err != nil {
		return err
	}
	c.p.KeyInfo.FollowUps = append(c.p.KeyInfo.FollowUps, FollowUp{Kind: f.Kind, On: f.On, Note: note, By: c.who.Actor.Name, At: c.now})
	c.ev.Note = f.Kind.Name() + "(" + dayText(f.On) + "):" + note
	c.notifyProposers()
	return nil
}

func init() {
	Actions = append(Actions, ActFollowUp)
	actionNames[ActFollowUp] = "记录督办活动"
	guards[ActFollowUp] = func(c *change) error {
		if !c.p.Key {
			return errs.E(errs.Conflict, "只有重点提案才能记录督办活动")
		}
		return nil
	}
	for _, s := range []State{Assigned, Handling, ReplyReview, Evaluating, Rehandling, Closed} {
		Table = append(Table, Transition{s, ActFollowUp, s, by(AsOffice, AsLeader), anyReview})
	}
}
