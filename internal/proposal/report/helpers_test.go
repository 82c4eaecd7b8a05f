package report

import (
	"fmt"
	"time"

	"xieshang/internal/proposal"
)

// at is the report time of the tests.
var at = time.Date(2026, 6, 30, 17, 0, 0, 0, proposal.China)

var unitNames = map[int64]string{1: "示范市住房和城乡建设局", 2: "示范市教育局", 3: "示范市卫生健康委员会"}

func testOptions() Options {
	return Options{
		Committee: "市政协",
		Term:      "第十一届",
		Session:   3,
		At:        at,
		UnitName:  func(id int64) string { return unitNames[id] },
	}
}

// newP returns a plenary individual proposal of 经济 in state s; accepted
// ones and later get a number.
func newP(id int64, s proposal.State) proposal.Proposal {
	p := proposal.Proposal{
		ID: id, CommitteeID: 1, Kind: proposal.Individual, Timing: proposal.Plenary,
		TermID: 11, SessionID: 3, TermName: "第十一届", SessionNumber: 3,
		Content:        proposal.Content{Title: fmt.Sprintf("关于第%d项工作的建议", id), Category: "经济"},
		ProposerUserID: 1000 + id, ProposerName: fmt.Sprintf("委员%d", id),
		State: s,
	}
	if accepted(s) {
		p.Number = int(id)
		p.AcceptedAt = at.AddDate(0, -4, 0)
	}
	return p
}

// unit returns an assignment of unit id in role and state, due after at
// unless overdue.
func unit(id int64, role proposal.UnitRole, s proposal.UnitState, overdue bool) proposal.Unit {
	due := at.AddDate(0, 1, 0)
	if overdue {
		due = at.AddDate(0, 0, -3)
	}
	return proposal.Unit{UnitID: id, Name: fmt.Sprintf("单位记录名%d", id), Role: role, State: s,
		AssignedAt: at.AddDate(0, -3, 0), DueAt: due, MaxDueAt: at.AddDate(0, 3, 0)}
}

// assign sets the proposal's mode, units and round 1.
func assign(p *proposal.Proposal, mode proposal.Mode, units ...proposal.Unit) {
	p.Mode, p.Units, p.Round, p.AssignedAt = mode, units, 1, at.AddDate(0, -3, 0)
}

func reply(unitID int64, round int, c proposal.Class, how proposal.Contact, s proposal.ReplyStatus) proposal.Reply {
	return proposal.Reply{UnitID: unitID, Round: round, Class: c, Contact: how, Status: s,
		ContactPerson: "李明", ContactPhone: "0571-12345678", Letter: "答复内容", SubmittedAt: at.AddDate(0, -1, 0)}
}

func eval(user int64, round int, l proposal.Level) proposal.Evaluation {
	return proposal.Evaluation{UserID: user, Round: round, Level: l, At: at.AddDate(0, 0, -10)}
}

// everyState returns one or more proposals in every state (see the
// figures TestCompute expects).
func everyState() []proposal.Proposal {
	var ps []proposal.Proposal
	add := func(p proposal.Proposal) { ps = append(ps, p) }

	add(newP(1, proposal.Draft))
	add(newP(2, proposal.Cosigning))
	add(newP(3, proposal.Submitted))
	add(newP(4, proposal.FirstReviewed))
	add(newP(5, proposal.Accepted))

	p := newP(6, proposal.Rejected)
	p.Kind, p.ProposerName, p.Category, p.RejectGround = proposal.Collective, "九三学社示范市委会", "", proposal.GroundNoSuggestion
	add(p)
	p = newP(7, proposal.Merged)
	p.MergedInto = 12
	add(p)
	p = newP(8, proposal.Transferred)
	p.TransferTarget = proposal.ToSocialInfo
	add(p)
	add(newP(9, proposal.Withdrawn))

	// Assigned, not signed for, overdue; a key proposal.
	p = newP(10, proposal.Assigned)
	assign(&p, proposal.SingleMode, unit(1, proposal.LeadUnit, proposal.UnitAssigned, true))
	p.Key, p.KeyInfo = true, proposal.KeyInfo{Decision: "2026年第3次主席会议", LeadLeader: "王副市长", Supervisor: "张副主席"}
	add(p)

	// 会办 in handling, with an approved and a refused extension.
	p = newP(11, proposal.Handling)
	p.ProposerUserID = 1011
	assign(&p, proposal.JointMode, unit(1, proposal.LeadUnit, proposal.UnitSigned, false),
		unit(2, proposal.CoUnit, proposal.UnitViewsSent, false))
	p.Extensions = []proposal.Extension{{UnitID: 1, Round: 1, Status: proposal.ExtensionRefused},
		{UnitID: 1, Round: 1, Status: proposal.ExtensionApproved}}
	add(p)

	// 分办: one reply approved, one awaiting review; same proposer as 11.
	p = newP(12, proposal.ReplyReview)
	p.ProposerUserID = 1011
	assign(&p, proposal.SplitMode, unit(2, proposal.SplitUnit, proposal.UnitDone, false),
		unit(3, proposal.SplitUnit, proposal.UnitReplied, false))
	p.Replies = []proposal.Reply{reply(2, 1, proposal.ClassA, proposal.Phone, proposal.ReplyApproved),
		reply(3, 1, proposal.ClassB, proposal.Email, proposal.ReplyPending)}
	add(p)

	// A joint proposal awaiting evaluation.
	p = newP(13, proposal.Evaluating)
	p.Kind = proposal.Joint
	p.CoSigners = []proposal.CoSigner{{UserID: 2001, Status: proposal.Confirmed}, {UserID: 2002, Status: proposal.Declined},
		{UserID: 2003, Status: proposal.Confirmed, MergedFrom: 7}}
	assign(&p, proposal.SingleMode, unit(3, proposal.LeadUnit, proposal.UnitDone, false))
	p.Replies = []proposal.Reply{reply(3, 1, proposal.ClassB, proposal.FaceToFace, proposal.ReplyApproved)}
	add(p)

	// Handled again after 不满意: still counts as replied.
	p = newP(14, proposal.Rehandling)
	assign(&p, proposal.SingleMode, unit(1, proposal.LeadUnit, proposal.UnitSigned, false))
	p.Round = 2
	p.Replies = []proposal.Reply{reply(1, 1, proposal.ClassA, proposal.Phone, proposal.ReplySentBack),
		reply(1, 1, proposal.ClassC, proposal.Forum, proposal.ReplyApproved)}
	p.Evaluations = []proposal.Evaluation{eval(1014, 1, proposal.Dissatisfied)}
	add(p)

	// A closed collective proposal, excellent.
	p = newP(15, proposal.Closed)
	p.Kind, p.ProposerName, p.Category = proposal.Collective, "民革示范市委会", "社会"
	p.CoSigners = []proposal.CoSigner{{UserID: 2101, Status: proposal.Confirmed}}
	assign(&p, proposal.SingleMode, unit(2, proposal.LeadUnit, proposal.UnitDone, false))
	p.Replies = []proposal.Reply{reply(2, 1, proposal.ClassA, proposal.Letter, proposal.ReplyApproved)}
	p.Evaluations = []proposal.Evaluation{eval(1015, 1, proposal.Satisfied), eval(2101, 1, proposal.BasicallySatisfied)}
	p.Excellent, p.ExcellentYear = true, 2026
	add(p)

	// Closed after a second round: the round-2 reply and evaluation count.
	p = newP(16, proposal.Closed)
	assign(&p, proposal.SingleMode, unit(1, proposal.LeadUnit, proposal.UnitDone, false))
	p.Round = 2
	p.Replies = []proposal.Reply{reply(1, 1, proposal.ClassC, proposal.FaceToFace, proposal.ReplyApproved),
		reply(1, 2, proposal.ClassA, proposal.Phone, proposal.ReplyApproved)}
	p.Evaluations = []proposal.Evaluation{eval(1016, 1, proposal.Dissatisfied), eval(1016, 2, proposal.Satisfied)}
	p.Key, p.KeyInfo = true, proposal.KeyInfo{Decision: "2026年第3次主席会议", LeadLeader: "李副市长", Supervisor: "赵副主席"}
	add(p)

	// Every unit returned it: accepted again, waiting to be assigned.
	p = newP(17, proposal.Accepted)
	p.Units = []proposal.Unit{unit(4, proposal.LeadUnit, proposal.UnitReturned, true)}
	p.AssignedAt, p.Round = at.AddDate(0, -3, 0), 1
	add(p)

	// One unit returned it and a replacement took over.
	p = newP(18, proposal.Assigned)
	assign(&p, proposal.SingleMode, unit(4, proposal.LeadUnit, proposal.UnitReturned, true),
		unit(5, proposal.LeadUnit, proposal.UnitAssigned, false))
	p.Units[1].Name = "示范市交通运输局"
	add(p)
	return ps
}

// domainExample returns the figures DOMAIN.md quotes: 118 received → 64
// 立案, 16 并案, 21 转作意见建议, 17 不予立案; the 64 closed, split between
// units so that they got 224 approved replies (A 219, B 2, C 3), evaluated
// 224 times (满意 214, 基本满意 10). Drafts and withdrawn proposals are
// mixed in and must not count.
func domainExample() []proposal.Proposal {
	var ps []proposal.Proposal
	id := int64(0)
	next := func(s proposal.State) proposal.Proposal {
		id++
		return newP(id, s)
	}
	classes := append(append(repeat(proposal.ClassA, 219), repeat(proposal.ClassB, 2)...), repeat(proposal.ClassC, 3)...)
	levels := append(repeat(proposal.Satisfied, 214), repeat(proposal.BasicallySatisfied, 10)...)
	contacts := []proposal.Contact{proposal.FaceToFace, proposal.Phone, proposal.Forum, proposal.Email}
	k := 0
	for i := range 64 {
		p := next(proposal.Closed)
		n := 3 + i%2 // 32 × 3 + 32 × 4 = 224 units and proposers
		var units []proposal.Unit
		for j := range n {
			uid := int64(1 + (i*4+j)%40)
			units = append(units, unit(uid, proposal.SplitUnit, proposal.UnitDone, false))
			p.Replies = append(p.Replies, reply(uid, 1, classes[k], contacts[k%4], proposal.ReplyApproved))
			user := p.ProposerUserID
			if j > 0 {
				user = 5000 + int64(k)
				p.Kind = proposal.Joint
				p.CoSigners = append(p.CoSigners, proposal.CoSigner{UserID: user, Status: proposal.Confirmed})
			}
			p.Evaluations = append(p.Evaluations, eval(user, 1, levels[k]))
			k++
		}
		assign(&p, proposal.SplitMode, units...)
		ps = append(ps, p)
	}
	for range 16 {
		ps = append(ps, next(proposal.Merged))
	}
	for range 21 {
		p := next(proposal.Transferred)
		p.TransferTarget = proposal.ToOpinion
		ps = append(ps, p)
	}
	for i := range 17 {
		p := next(proposal.Rejected)
		p.RejectGround = []proposal.Ground{proposal.GroundNoSuggestion, proposal.GroundPersonal}[i%2]
		ps = append(ps, p)
	}
	ps = append(ps, next(proposal.Draft), next(proposal.Withdrawn), next(proposal.Cosigning))
	return ps
}

func repeat[T any](v T, n int) []T {
	out := make([]T, n)
	for i := range out {
		out[i] = v
	}
	return out
}
