// Package report computes the figures of a proposal work report
// (提案工作情况报告) from the proposals of one term and session, or of one
// year of regular proposals, and writes them as an .xlsx workbook and a
// .docx document. It is plain Go over proposal.Proposal values: the caller
// loads the proposals, Compute counts them, and the writers only format.
//
// # Definitions
//
// Each figure is counted from the proposals' states and records as follows.
//
//   - Received (收到): every proposal that left drafting and was not
//     withdrawn, that is every state but draft, cosigning and withdrawn,
//     proposals still under review included. All review figures are out of
//     it.
//   - 立案: accepted and every state that follows acceptance (assigned,
//     handling, reply_review, evaluating, rehandling, closed). 并案, 转 (by
//     target) and 不予立案 (by ground) are the merged, transferred and
//     rejected states; 待审查 the submitted and first_reviewed ones.
//     立案, 并案, each 转 target, 不予立案 and 待审查 partition the received
//     proposals, and 立案率 is the 立案 line of that partition.
//   - Proposer type and category: received and 立案 counts per kind
//     (个人/联名/集体), collective proposals also per proposer name, and per
//     category (Options.Categories first, in their order, then any other
//     category found; an empty one is 未分类). Members counts the distinct
//     members among the first proposers and confirmed co-signers of
//     individual and joint proposals (proposers who came with a merged
//     proposal not included).
//   - Assigned (交办): the states from assigned to closed. A proposal whose
//     every unit returned it is accepted again and not counted until it is
//     assigned anew. Units counts the distinct unit ids of the active (not
//     returned) assignments; 主办/协办/分办 count those assignments (件次)
//     by role, a 单办 unit being a 主办.
//   - Replied (已办复): an assigned proposal in evaluating or closed, or one
//     whose every active replying unit (主办, 分办) has a reply with status
//     approved — so a proposal being handled again after 不满意 stays
//     replied. 办复率 = replied ÷ assigned.
//   - Reply classes (答复类别) and contact methods: the approved replies,
//     one per proposal and unit — the one of the latest round. The
//     face-to-face rate (面商率) is those of them whose contact was 面谈 or
//     座谈会 ÷ all of them.
//   - Satisfaction (满意度): the evaluations, one per proposal and proposer
//     — the one of the latest round, counted in 人次.
//   - Per unit: its assignments by role; replied = replying assignments
//     with an approved reply (or in state done); its classes from the
//     replies above; its satisfaction from the evaluations above of the
//     proposals it replied to (主办 or 分办); overdue as below.
//   - Key (重点提案) and excellent (优秀提案): the received proposals so
//     marked, listed by number. Rehandled: proposals in round 2 (重新办理).
//     Extensions: extension requests approved. Overdue: proposals with a
//     replying unit that has not replied by its deadline at Options.At
//     (proposal.Proposal.Overdue); a zero At counts none.
//
// # Rounding
//
// Every percentage is kept as a Share: exact counts and tenths of a
// percent. A line of a table that should add up to 100% (a partition:
// review results, proposer types, categories, classes, contacts,
// satisfaction) is rounded by the largest remainder method, so the lines
// add up to exactly 100.0%. A rate that stands alone (办复率, 面商率, a
// group's own 立案率) is rounded half up. A share or rate out of nothing is
// undefined and printed "—" in text, tables and spreadsheet cells; it is
// never 0.0% and nothing is divided by zero.
package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"xieshang/internal/proposal"
)

// Options say whose report it is and how to name things in it.
type Options struct {
	// Committee names the committee in the title and text, as "市政协" or
	// "政协示范市委员会".
	Committee string
	// Term ("第十一届") and Session (3) name the plenary session the
	// proposals belong to; Session 0 makes it a report on Year's regular
	// proposals (平时提案).
	Term    string
	Session int
	Year    int
	// Title is the document title; empty gives DefaultTitle.
	Title string
	// Categories is the committee's category list in display order;
	// nil gives proposal.DefaultCategories.
	Categories []string
	// ClassD shows class D in the class tables even when no reply has it.
	ClassD bool
	// UnitName names a handling unit; nil, or an empty result, falls back
	// to the name recorded on the assignment.
	UnitName func(id int64) string
	// ExcellentUnits names the handling units commended for the period
	// (先进承办单位), stated in the awards section.
	ExcellentUnits []string
	// At is the time of the report: overdue proposals are counted at it,
	// the text dates it, and the files carry it as their creation time, so
	// the same proposals and Options give byte-identical files.
	At time.Time
}

// Period returns the period the report covers, "第十一届第三次会议" or
// "2026年度" (Session 0), or "本期" when neither is known.
func (o Options) Period() string {
	switch {
	case o.Session > 0:
		return o.Term + "第" + proposal.Numeral(o.Session) + "次会议"
	case o.Year > 0:
		return fmt.Sprintf("%d年度", o.Year)
	}
	return "本期"
}

// DefaultTitle returns the title of a report with no Title set:
// 关于{Committee}{Term}第{Session}次会议以来提案工作情况的报告, or
// 关于{Committee}{Year}年度平时提案工作情况的报告 for Session 0.
func (o Options) DefaultTitle() string {
	switch {
	case o.Session > 0:
		return "关于" + o.Committee + o.Period() + "以来提案工作情况的报告"
	case o.Year > 0:
		return "关于" + o.Committee + o.Period() + "平时提案工作情况的报告"
	}
	return "关于" + o.Committee + "提案工作情况的报告"
}

// Report holds the figures of a proposal work report. Compute fills it;
// the package comment defines each figure.
type Report struct {
	Title     string
	Committee string
	Period    string // "第十一届第三次会议", "2026年度"
	Since     string // the period as the text opens, "第十一届第三次会议以来", "2026年度"
	At        time.Time

	Received int
	Plenary  int // 大会提案 among the received
	Regular  int // 平时提案 among the received
	Members  int // distinct members who proposed or co-signed

	Kinds      []Group // 个人提案, 联名提案, 集体提案 (then any unknown kind)
	Collective []Group // collective proposals by proposer name; shares of the collective ones
	Categories []Group

	Review   Review
	Handling Handling
	Units    []UnitRow // by assignments, most first, then name

	Key       []KeyRow
	Excellent []Ref
	// ExcellentUnits are the commended handling units (from Options).
	ExcellentUnits []string
}

// Group is one line of a breakdown of the received proposals.
type Group struct {
	Key  string // the domain value (a proposal.Kind, a category, a proposer name)
	Name string // as shown
	// Received and Accepted are the group's counts and shares of all
	// received and all accepted proposals of the breakdown (largest
	// remainder); AcceptRate is Accepted.Count ÷ Received.Count, rounded
	// half up.
	Received   Share
	Accepted   Share
	AcceptRate Share
}

// Item is one line of a breakdown with its share of the breakdown's total.
type Item struct {
	Key  string // the domain value: a proposal.TransferTarget, Ground, Class, Contact, Level or Mode
	Name string // as shown
	Share
}

// Review holds the review results (审查). Accepted, Merged, Transfers,
// Rejected and Pending partition the received proposals and add up to
// 100.0%; Transferred is the sum of Transfers.
type Review struct {
	Accepted    Share // 立案; its share is the 立案率
	Merged      Share // 并案
	Transferred Share // 转作意见建议/社情民意信息/委员来信, together
	Transfers   []Item
	Rejected    Share  // 不予立案
	Grounds     []Item // the grounds of the rejected, shares of Rejected.Count; only grounds used
	Pending     Share  // 待审查: submitted or first reviewed
}

// Handling holds the figures of handling (办理).
type Handling struct {
	Accepted int // 立案
	Assigned int // 交办
	Modes    []Item
	Units    int // distinct handling units
	Lead     int // 主办 assignments (件次)
	Co       int // 协办
	Split    int // 分办
	// Replied is the number of replied proposals out of Assigned: 办复率.
	Replied Share
	// Replies is the number of approved replies counted (latest round per
	// unit), Classes and Contacts their breakdowns.
	Replies    int
	Classes    []Item
	Contacts   []Item
	FaceToFace Share // 面谈 or 座谈会 ÷ Replies
	// Evaluations is the number of evaluations counted (latest round per
	// proposer), Levels their breakdown.
	Evaluations int
	Levels      []Item
	Rehandled   int // 重新办理
	Overdue     int // overdue at At
	Extensions  int // extensions approved
	ShowD       bool
}

// UnitRow holds one handling unit's figures.
type UnitRow struct {
	UnitID  int64
	Name    string
	Lead    int
	Co      int
	Split   int
	Replied Share // replying assignments with an approved reply ÷ replying assignments (Lead + Split)
	Classes map[proposal.Class]int
	Levels  map[proposal.Level]int
	Overdue int // replying assignments overdue at At
}

// Assignments returns the unit's assignments in every role (件次).
func (u UnitRow) Assignments() int { return u.Lead + u.Co + u.Split }

// Ref names a proposal in a list.
type Ref struct {
	ID       int64
	Code     string // "第十一届第三次会议第0012号"
	Title    string
	Proposer string // the first proposer, "等" added when there are co-signers
	Category string
}

// KeyRow is a key proposal (重点提案) with its leaders and progress.
type KeyRow struct {
	Ref
	Decision   string // the decision that chose it
	LeadLeader string // 领衔督办的党政领导
	Supervisor string // 督办的政协领导
	Units      string // its replying units, "、" between them
	State      string // its state, in Chinese
	Replied    bool
}

// accepted reports whether a proposal in state s was accepted (立案).
func accepted(s proposal.State) bool { return s == proposal.Accepted || assigned(s) }

// assigned reports whether a proposal in state s is assigned to units.
func assigned(s proposal.State) bool {
	return s.InHandling() || s == proposal.Evaluating || s == proposal.Closed
}

// received reports whether a proposal in state s counts as received.
func received(s proposal.State) bool {
	return s.Valid() && s != proposal.Draft && s != proposal.Cosigning && s != proposal.Withdrawn
}

// counter counts occurrences of keys, remembering their first order.
type counter struct {
	keys  []string
	index map[string]int
	recv  []int
	acc   []int
}

func (c *counter) add(key string, acc bool) {
	if c.index == nil {
		c.index = map[string]int{}
	}
	i, ok := c.index[key]
	if !ok {
		i = len(c.keys)
		c.index[key] = i
		c.keys = append(c.keys, key)
		c.recv = append(c.recv, 0)
		c.acc = append(c.acc, 0)
	}
	c.recv[i]++
	if acc {
		c.acc[i]++
	}
}

// groups returns the counted keys as groups: first the keys of fixed, in
// their order and whether counted or not, then the others, most received
// first and by key on a tie. name gives a key's name.
func (c *counter) groups(fixed []string, name func(string) string) []Group {
	var keys []string
	for _, k := range fixed {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	var rest []string
	for _, k := range c.keys {
		if !slices.Contains(keys, k) {
			rest = append(rest, k)
		}
	}
	slices.SortFunc(rest, func(a, b string) int {
		return cmp.Or(cmp.Compare(c.recv[c.index[b]], c.recv[c.index[a]]), strings.Compare(a, b))
	})
	keys = append(keys, rest...)
	recv, acc := make([]int, len(keys)), make([]int, len(keys))
	for i, k := range keys {
		if j, ok := c.index[k]; ok {
			recv[i], acc[i] = c.recv[j], c.acc[j]
		}
	}
	rs, as := shares(recv), shares(acc)
	out := make([]Group, len(keys))
	for i, k := range keys {
		out[i] = Group{Key: k, Name: name(k), Received: rs[i], Accepted: as[i], AcceptRate: rate(acc[i], recv[i])}
	}
	return out
}

// items returns counts as items with their largest-remainder shares.
func items(keys []string, counts []int, name func(string) string) []Item {
	ss := shares(counts)
	out := make([]Item, len(keys))
	for i, k := range keys {
		out[i] = Item{Key: k, Name: name(k), Share: ss[i]}
	}
	return out
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// Compute counts the figures of a report over ps, the proposals of one term
// and session (or of one year's regular proposals), as the package comment
// defines them. Proposals in drafting, withdrawn or in an unknown state are
// left out. It does not change ps.
func Compute(ps []proposal.Proposal, opts Options) Report {
	r := Report{Committee: opts.Committee, Period: opts.Period(), Since: opts.Period(), At: opts.At, Title: opts.Title,
		ExcellentUnits: opts.ExcellentUnits}
	if opts.Session > 0 {
		r.Since += "以来"
	}
	if r.Title == "" {
		r.Title = opts.DefaultTitle()
	}
	cats := opts.Categories
	if cats == nil {
		cats = proposal.DefaultCategories
	}

	var kinds, collective, categories counter
	members := map[int64]bool{}
	var acceptedN, merged, rejected, pending int
	targets := make([]int, len(proposal.TransferTargets))
	var otherTarget int
	grounds := map[proposal.Ground]int{}
	modes := make([]int, len(proposal.Modes))
	classes := map[proposal.Class]int{}
	contacts := make([]int, len(proposal.Contacts))
	levels := make([]int, len(proposal.Levels))
	units := map[int64]*UnitRow{}
	unitName := map[int64]string{}
	h := &r.Handling
	var latest, evals []int // scratch, reused for each proposal

	for i := range ps {
		p := &ps[i]
		if !received(p.State) {
			continue
		}
		r.Received++
		acc := accepted(p.State)
		switch p.Timing {
		case proposal.Plenary:
			r.Plenary++
		case proposal.Regular:
			r.Regular++
		}
		kinds.add(string(p.Kind), acc)
		if p.Kind == proposal.Collective {
			collective.add(p.ProposerName, acc)
		} else {
			members[p.ProposerUserID] = true
			for _, c := range p.CoSigners {
				if c.Status == proposal.Confirmed && c.MergedFrom == 0 {
					members[c.UserID] = true
				}
			}
		}
		cat := p.Category
		if cat == "" {
			cat = "未分类"
		}
		categories.add(cat, acc)

		switch p.State {
		case proposal.Merged:
			merged++
		case proposal.Transferred:
			if j := slices.Index(proposal.TransferTargets, p.TransferTarget); j >= 0 {
				targets[j]++
			} else {
				otherTarget++
			}
		case proposal.Rejected:
			rejected++
			grounds[p.RejectGround]++
		case proposal.Submitted, proposal.FirstReviewed:
			pending++
		}
		if acc {
			acceptedN++
		}
		if p.Key {
			r.Key = append(r.Key, keyRow(p, opts.UnitName))
		}
		if p.Excellent {
			r.Excellent = append(r.Excellent, ref(p))
		}
		if !assigned(p.State) {
			continue
		}

		h.Assigned++
		if j := slices.Index(proposal.Modes, p.Mode); j >= 0 {
			modes[j]++
		}
		if replied(p) {
			h.Replied.Count++
		}
		if p.Round >= 2 {
			h.Rehandled++
		}
		for _, e := range p.Extensions {
			if e.Status == proposal.ExtensionApproved {
				h.Extensions++
			}
		}
		overdue := !opts.At.IsZero() && p.Overdue(opts.At)
		if overdue {
			h.Overdue++
		}

		// The latest approved reply of each unit, and the latest evaluation
		// of each proposer.
		latest = latestReplies(p, latest[:0])
		evals = latestEvaluations(p, evals[:0])

		for _, u := range p.Units {
			if u.State == proposal.UnitReturned {
				continue
			}
			row := units[u.UnitID]
			if row == nil {
				row = &UnitRow{UnitID: u.UnitID, Classes: map[proposal.Class]int{}, Levels: map[proposal.Level]int{}}
				units[u.UnitID] = row
			}
			if u.Name != "" {
				unitName[u.UnitID] = u.Name
			}
			switch u.Role {
			case proposal.LeadUnit:
				h.Lead++
				row.Lead++
			case proposal.CoUnit:
				h.Co++
				row.Co++
			case proposal.SplitUnit:
				h.Split++
				row.Split++
			}
			if !u.Role.Replies() {
				continue
			}
			rep, ok := latestOf(p, latest, u.UnitID)
			if ok || u.State == proposal.UnitDone {
				row.Replied.Count++
			}
			if ok {
				row.Classes[rep.Class]++
			}
			for _, k := range evals {
				if l := p.Evaluations[k].Level; slices.Contains(proposal.Levels, l) {
					row.Levels[l]++
				}
			}
			waiting := u.State != proposal.UnitReplied && u.State != proposal.UnitDone
			if waiting && !opts.At.IsZero() && !u.DueAt.IsZero() && opts.At.After(u.DueAt) {
				row.Overdue++
			}
		}
		for _, k := range latest {
			rep := &p.Replies[k]
			if !slices.Contains(proposal.Classes, rep.Class) {
				continue
			}
			h.Replies++
			classes[rep.Class]++
			if j := slices.Index(proposal.Contacts, rep.Contact); j >= 0 {
				contacts[j]++
			}
		}
		for _, k := range evals {
			if j := slices.Index(proposal.Levels, p.Evaluations[k].Level); j >= 0 {
				h.Evaluations++
				levels[j]++
			}
		}
	}

	// Proposer types and categories.
	r.Kinds = kinds.groups(strs(proposal.Kinds), func(k string) string { return proposal.Kind(k).Name() })
	r.Collective = collective.groups(nil, func(k string) string { return k })
	r.Categories = categories.groups(cats, func(k string) string { return k })
	r.Members = len(members)

	// Review: one partition of the received proposals.
	parts := append([]int{acceptedN, merged}, targets...)
	parts = append(parts, otherTarget, rejected, pending)
	ps2 := shares(parts)
	n := len(proposal.TransferTargets)
	rv := &r.Review
	rv.Accepted, rv.Merged = ps2[0], ps2[1]
	for j, t := range proposal.TransferTargets {
		rv.Transfers = append(rv.Transfers, Item{Key: string(t), Name: t.Name(), Share: ps2[2+j]})
	}
	if otherTarget > 0 {
		rv.Transfers = append(rv.Transfers, Item{Key: "", Name: "转作其他", Share: ps2[2+n]})
	}
	var tshares []Share
	for _, t := range rv.Transfers {
		tshares = append(tshares, t.Share)
	}
	rv.Transferred = sumTenths(tshares...)
	rv.Transferred.Total = r.Received
	rv.Rejected, rv.Pending = ps2[3+n], ps2[4+n]
	var gkeys []string
	var gcounts []int
	for _, g := range proposal.Grounds {
		if grounds[g] > 0 {
			gkeys, gcounts = append(gkeys, string(g)), append(gcounts, grounds[g])
		}
	}
	var unknown []string // grounds not in the rules, after them by key so that map order never shows
	for g := range grounds {
		if !g.Valid() {
			unknown = append(unknown, string(g))
		}
	}
	slices.Sort(unknown)
	for _, g := range unknown {
		gkeys, gcounts = append(gkeys, g), append(gcounts, grounds[proposal.Ground(g)])
	}
	rv.Grounds = items(gkeys, gcounts, func(k string) string {
		if k == "" {
			return "未注明理由"
		}
		return strings.TrimSuffix(proposal.Ground(k).Name(), "的")
	})

	// Handling.
	h.Accepted = acceptedN
	h.Replied = rate(h.Replied.Count, h.Assigned)
	h.Modes = items(strs(proposal.Modes), modes, func(k string) string { return proposal.Mode(k).Name() })
	h.ShowD = opts.ClassD || classes[proposal.ClassD] > 0
	shown := proposal.Classes
	if !h.ShowD {
		shown = shown[:3]
	}
	ccounts := make([]int, len(shown))
	for i, c := range shown {
		ccounts[i] = classes[c]
	}
	h.Classes = items(strs(shown), ccounts, func(k string) string { return k + "类" })
	h.Contacts = items(strs(proposal.Contacts), contacts, func(k string) string { return proposal.Contact(k).Name() })
	h.FaceToFace = rate(contacts[0]+contacts[1], h.Replies)
	h.Levels = items(strs(proposal.Levels), levels, func(k string) string { return proposal.Level(k).Name() })

	// Units.
	h.Units = len(units)
	for id, row := range units {
		row.Name = unitName[id]
		if opts.UnitName != nil {
			if n := opts.UnitName(id); n != "" {
				row.Name = n
			}
		}
		if row.Name == "" {
			row.Name = fmt.Sprintf("单位%d", id)
		}
		row.Replied = rate(row.Replied.Count, row.Lead+row.Split)
		r.Units = append(r.Units, *row)
	}
	slices.SortFunc(r.Units, func(a, b UnitRow) int {
		return cmp.Or(cmp.Compare(b.Assignments(), a.Assignments()), strings.Compare(a.Name, b.Name), cmp.Compare(a.UnitID, b.UnitID))
	})

	byNumber := func(a, b Ref) int { return cmp.Or(strings.Compare(a.Code, b.Code), cmp.Compare(a.ID, b.ID)) }
	slices.SortFunc(r.Key, func(a, b KeyRow) int { return byNumber(a.Ref, b.Ref) })
	slices.SortFunc(r.Excellent, byNumber)
	return r
}

// replied reports whether an assigned proposal counts as replied (已办复).
func replied(p *proposal.Proposal) bool {
	if p.State == proposal.Evaluating || p.State == proposal.Closed {
		return true
	}
	n := 0
	for _, u := range p.Units {
		if u.State == proposal.UnitReturned || !u.Role.Replies() {
			continue
		}
		n++
		approved := slices.ContainsFunc(p.Replies, func(r proposal.Reply) bool {
			return r.UnitID == u.UnitID && r.Status == proposal.ReplyApproved
		})
		if !approved && u.State != proposal.UnitDone {
			return false
		}
	}
	return n > 0
}

// latestReplies appends to buf the index in p.Replies of each unit's
// approved reply of the latest round (the last one recorded on a tie), in
// the order of the units' first approved replies.
func latestReplies(p *proposal.Proposal, buf []int) []int {
	for i, r := range p.Replies {
		if r.Status != proposal.ReplyApproved {
			continue
		}
		j := slices.IndexFunc(buf, func(k int) bool { return p.Replies[k].UnitID == r.UnitID })
		switch {
		case j < 0:
			buf = append(buf, i)
		case r.Round >= p.Replies[buf[j]].Round:
			buf[j] = i
		}
	}
	return buf
}

// latestEvaluations appends to buf the index in p.Evaluations of each
// proposer's evaluation of the latest round (the last one recorded on a
// tie), in the order of the proposers' first evaluations.
func latestEvaluations(p *proposal.Proposal, buf []int) []int {
	for i, e := range p.Evaluations {
		j := slices.IndexFunc(buf, func(k int) bool { return p.Evaluations[k].UserID == e.UserID })
		switch {
		case j < 0:
			buf = append(buf, i)
		case e.Round >= p.Evaluations[buf[j]].Round:
			buf[j] = i
		}
	}
	return buf
}

// latestOf returns the reply of unit id among the latest replies.
func latestOf(p *proposal.Proposal, latest []int, id int64) (proposal.Reply, bool) {
	for _, k := range latest {
		if p.Replies[k].UnitID == id {
			return p.Replies[k], true
		}
	}
	return proposal.Reply{}, false
}

func ref(p *proposal.Proposal) Ref {
	who := p.ProposerName
	if slices.ContainsFunc(p.CoSigners, func(c proposal.CoSigner) bool { return c.Status == proposal.Confirmed }) {
		who += "等"
	}
	return Ref{ID: p.ID, Code: p.Code(), Title: p.Title, Proposer: who, Category: p.Category}
}

func keyRow(p *proposal.Proposal, unitName func(int64) string) KeyRow {
	var names []string
	for _, u := range p.Units {
		if u.State != proposal.UnitReturned && u.Role.Replies() {
			n := u.Name
			if unitName != nil {
				n = cmp.Or(unitName(u.UnitID), n)
			}
			names = append(names, n)
		}
	}
	return KeyRow{Ref: ref(p), Decision: p.KeyInfo.Decision, LeadLeader: p.KeyInfo.LeadLeader,
		Supervisor: p.KeyInfo.Supervisor, Units: strings.Join(names, "、"), State: p.State.Name(),
		Replied: assigned(p.State) && replied(p)}
}
