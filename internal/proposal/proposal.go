package proposal

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Kind says who puts a proposal forward.
type Kind string

const (
	Individual Kind = "individual" // 个人提案
	Joint      Kind = "joint"      // 联名提案: a first proposer (第一提案人) and co-signers
	Collective Kind = "collective" // 集体提案: a party, group, special committee or sector account
)

// Kinds lists the kinds in display order.
var Kinds = []Kind{Individual, Joint, Collective}

// Name returns the Chinese name users see.
func (k Kind) Name() string {
	switch k {
	case Individual:
		return "个人提案"
	case Joint:
		return "联名提案"
	case Collective:
		return "集体提案"
	}
	return string(k)
}

// Timing says when a proposal was put forward, which decides its number
// series.
type Timing string

const (
	Plenary Timing = "plenary" // 大会提案: in the window around a plenary session
	Regular Timing = "regular" // 平时提案: any other time
)

// Name returns the Chinese name users see.
func (t Timing) Name() string {
	switch t {
	case Plenary:
		return "大会提案"
	case Regular:
		return "平时提案"
	}
	return string(t)
}

// CoSignStatus is a co-signer's answer to the invitation to a joint
// proposal.
type CoSignStatus string

const (
	Invited   CoSignStatus = "invited"   // 待确认
	Confirmed CoSignStatus = "confirmed" // 已确认
	Declined  CoSignStatus = "declined"  // 已谢绝
)

// Name returns the Chinese name users see.
func (s CoSignStatus) Name() string {
	switch s {
	case Invited:
		return "待确认"
	case Confirmed:
		return "已确认"
	case Declined:
		return "已谢绝"
	}
	return string(s)
}

// CoSigner is one co-signer (联名人) of a joint proposal, or a proposer of a
// proposal merged into this one (MergedFrom set, always Confirmed).
type CoSigner struct {
	UserID     int64
	Name       string
	Status     CoSignStatus
	InvitedAt  time.Time
	AnsweredAt time.Time // zero while invited
	MergedFrom int64     // id of the merged proposal this proposer came from; 0 for an invited co-signer
}

// Mode is how a proposal is assigned (交办) to handling units.
type Mode string

const (
	SingleMode Mode = "single" // 单办: one unit handles and replies
	SplitMode  Mode = "split"  // 分办: each unit handles its part and replies separately
	JointMode  Mode = "joint"  // 会办: a lead unit replies; co-units send it their views
)

// Modes lists the modes in display order.
var Modes = []Mode{SingleMode, SplitMode, JointMode}

// Name returns the Chinese name users see.
func (m Mode) Name() string {
	switch m {
	case SingleMode:
		return "单办"
	case SplitMode:
		return "分办"
	case JointMode:
		return "会办"
	}
	return string(m)
}

// UnitRole is a handling unit's part in an assignment.
type UnitRole string

const (
	LeadUnit  UnitRole = "lead"  // 主办: the unit of a 单办, or the replying unit of a 会办
	CoUnit    UnitRole = "co"    // 协办: sends its views to the lead unit of a 会办
	SplitUnit UnitRole = "split" // 分办: one of several units that each reply
)

// Name returns the Chinese name users see.
func (r UnitRole) Name() string {
	switch r {
	case LeadUnit:
		return "主办"
	case CoUnit:
		return "协办"
	case SplitUnit:
		return "分办"
	}
	return string(r)
}

// Replies reports whether a unit in role r writes a reply (答复).
func (r UnitRole) Replies() bool { return r == LeadUnit || r == SplitUnit }

// Unit is one handling unit's assignment: its role, its own state and its
// deadlines. Deadlines are instants, the last moment something is in time
// (23:59:59 China time of the last day), computed by Schedule when the
// proposal is assigned.
type Unit struct {
	UnitID         int64
	Name           string
	Role           UnitRole
	State          UnitState
	AssignedAt     time.Time
	SignedAt       time.Time
	ReturnDeadline time.Time // a return may be requested up to this instant
	ViewsDeadline  time.Time // co-units: views due to the lead unit
	DueAt          time.Time // replying units: reply due, moved by an approved extension
	MaxDueAt       time.Time // replying units: no extension beyond this instant (6 months from assignment)
	ReturnReason   string    // the unit's reason for asking to return it
	Views          string    // co-units: the views sent to the lead unit (协办意见)
	ViewsAt        time.Time
	Note           string // the office's last note to the unit: return refused, reply sent back
}

// active reports whether the unit still takes part (it was not returned).
func (u Unit) active() bool { return u.State != UnitReturned }

// ExtensionStatus is the state of an extension request.
type ExtensionStatus string

const (
	ExtensionPending  ExtensionStatus = "pending"  // 待审批
	ExtensionApproved ExtensionStatus = "approved" // 已同意
	ExtensionRefused  ExtensionStatus = "refused"  // 未同意
	// ExtensionLapsed marks a request the unit overtook by replying.
	ExtensionLapsed ExtensionStatus = "lapsed" // 已失效
)

// Name returns the Chinese name users see.
func (s ExtensionStatus) Name() string {
	return map[ExtensionStatus]string{ExtensionPending: "待审批", ExtensionApproved: "已同意",
		ExtensionRefused: "未同意", ExtensionLapsed: "已失效"}[s]
}

// Extension is a handling unit's request to reply later (申请延期).
type Extension struct {
	UnitID      int64
	Round       int
	Until       time.Time // the reply deadline asked for
	Reason      string
	Status      ExtensionStatus
	RequestedAt time.Time
	DecidedAt   time.Time
	Note        string // the office's note on its decision
}

// Class is the result class a reply gives (答复类别).
type Class string

const (
	ClassA Class = "A" // 已解决或采纳
	ClassB Class = "B" // 正在解决或列入计划
	ClassC Class = "C" // 留作参考
	ClassD Class = "D" // 因条件限制等无法解决(部分城市使用)
)

// Classes lists every class; Config.ClassD decides whether D may be used.
var Classes = []Class{ClassA, ClassB, ClassC, ClassD}

// Name returns the Chinese description users see.
func (c Class) Name() string {
	switch c {
	case ClassA:
		return "A类(所提问题已经解决或采纳)"
	case ClassB:
		return "B类(所提问题正在解决或列入计划逐步解决)"
	case ClassC:
		return "C类(所提问题因条件限制留作参考)"
	case ClassD:
		return "D类(所提问题因政策等原因无法解决)"
	}
	return string(c)
}

// Contact is how a handling unit talked with the proposer (沟通方式).
type Contact string

const (
	FaceToFace   Contact = "face_to_face" // 面谈
	Forum        Contact = "forum"        // 座谈会
	Phone        Contact = "phone"        // 电话
	Email        Contact = "email"        // 邮件
	Letter       Contact = "letter"       // 书信
	OtherContact Contact = "other"        // 其它
)

// Contacts lists the contact methods in display order.
var Contacts = []Contact{FaceToFace, Forum, Phone, Email, Letter, OtherContact}

// Name returns the Chinese name users see.
func (c Contact) Name() string {
	return map[Contact]string{FaceToFace: "面谈", Forum: "座谈会", Phone: "电话", Email: "邮件",
		Letter: "书信", OtherContact: "其它"}[c]
}

// ReplyStatus is where a reply stands in the office's review.
type ReplyStatus string

const (
	ReplyPending  ReplyStatus = "pending"   // 待审核
	ReplyApproved ReplyStatus = "approved"  // 审核通过
	ReplySentBack ReplyStatus = "sent_back" // 退回修改
)

// Reply is a handling unit's answer (答复函). Every submitted reply is
// kept, those sent back too, so the timeline can show them.
type Reply struct {
	UnitID        int64
	Round         int // 1, or 2 after 重新办理
	Class         Class
	Contact       Contact
	ContactedOn   time.Time // the date of the 面谈, call, …
	ContactPerson string    // 联系人
	ContactPhone  string    // 联系电话
	Signer        string    // 签发人
	Letter        string    // the letter's text
	Status        ReplyStatus
	SubmittedAt   time.Time
	ReviewedAt    time.Time
	ReviewNote    string // the reason a reply was sent back
}

// Level is a proposer's evaluation of a reply (评价).
type Level string

const (
	Satisfied          Level = "satisfied"           // 满意
	BasicallySatisfied Level = "basically_satisfied" // 基本满意
	Dissatisfied       Level = "dissatisfied"        // 不满意
)

// Levels lists the levels in display order.
var Levels = []Level{Satisfied, BasicallySatisfied, Dissatisfied}

// Name returns the Chinese name users see.
func (l Level) Name() string {
	return map[Level]string{Satisfied: "满意", BasicallySatisfied: "基本满意", Dissatisfied: "不满意"}[l]
}

// Evaluation is one proposer's verdict on the replies of one round.
type Evaluation struct {
	UserID  int64
	Name    string
	Round   int
	Level   Level
	Comment string
	At      time.Time
}

// KeyInfo records a key proposal (重点提案): the decision that chose it and
// the leaders who lead and supervise its handling.
type KeyInfo struct {
	Decision   string // e.g. "2026年第3次主席会议"
	LeadLeader string // 领衔督办的党政领导
	Supervisor string // 督办的政协领导
	MarkedAt   time.Time
	FollowUps  []FollowUp // 督办会, 视察, 回头看, in the order recorded
}

// Content is what the proposer writes; the drafting form edits it.
type Content struct {
	Title         string // 案由
	Category      string // one of Config.Categories
	Situation     string // 情况/案据
	Analysis      string // 分析
	Suggestion    string // 建议/办法
	Public        bool   // the proposer agrees that it be published
	SuggestedUnit string // the unit the proposer suggests, free text
}

// Proposal is one proposal (提案) and everything that happened to it that
// later steps need. The timeline itself is the list of Events.
type Proposal struct {
	ID          int64
	CommitteeID int64
	Kind        Kind
	Timing      Timing
	TermID      int64
	SessionID   int64 // the plenary session; 0 for a regular proposal
	// TermName ("第十一届") and SessionNumber (3) are read with the
	// proposal for its number text; they are not stored with it.
	TermName      string
	SessionNumber int
	Number        int // assigned at acceptance, per series (see Series); 0 before

	Content
	// ProposerUserID is the first proposer (第一提案人), the individual
	// member or the collective account.
	ProposerUserID int64
	ProposerName   string
	CoSigners      []CoSigner

	State   State
	Version int // incremented by the storage layer on each write

	ReviewNote     string         // note of the first review (初审意见)
	RejectGround   Ground         // 不予立案 ground
	DecisionNote   string         // the reason told to the proposer (不予立案、并案、转)
	MergedInto     int64          // 并案: the main proposal
	TransferTarget TransferTarget // 转作意见建议/社情民意/委员来信

	Mode       Mode
	Units      []Unit
	Round      int // 1 once assigned, 2 after 重新办理
	Extensions []Extension
	Replies    []Reply

	Evaluations []Evaluation

	Key           bool
	KeyInfo       KeyInfo
	Excellent     bool
	ExcellentYear int

	CreatedAt   time.Time
	UpdatedAt   time.Time
	SubmittedAt time.Time
	AcceptedAt  time.Time
	AssignedAt  time.Time
	ApprovedAt  time.Time // the last reply of the round approved: evaluation may start
	ClosedAt    time.Time
}

// clone returns p with its slices copied, so changes to the copy never
// reach the caller's value.
func (p Proposal) clone() Proposal {
	p.CoSigners = slices.Clone(p.CoSigners)
	p.Units = slices.Clone(p.Units)
	p.Extensions = slices.Clone(p.Extensions)
	p.Replies = slices.Clone(p.Replies)
	p.Evaluations = slices.Clone(p.Evaluations)
	return p
}

// Series returns the number series the proposal is numbered in: one per
// plenary session of a term, and one per term for regular proposals
// (sessionID 0). Numbers run 1, 2, 3… in each series without gaps.
func (p Proposal) Series() (termID, sessionID int64) {
	if p.Timing == Regular {
		return p.TermID, 0
	}
	return p.TermID, p.SessionID
}

// Code returns the proposal's number as users cite it, "第十一届第三次会议
// 第0123号" or "平时提案第0012号", or "" before acceptance. It needs
// TermName and SessionNumber.
func (p Proposal) Code() string {
	if p.Number == 0 {
		return ""
	}
	if p.Timing == Regular {
		return NumberText(p.TermName, 0, p.Number)
	}
	return NumberText(p.TermName, p.SessionNumber, p.Number)
}

// NumberText writes a proposal number: "第十一届第三次会议第0123号" for a
// plenary proposal of session sessionNumber of term termName (as org names
// terms, "第十一届"), or "平时提案第0012号" when sessionNumber is 0.
func NumberText(termName string, sessionNumber, number int) string {
	if sessionNumber == 0 {
		return fmt.Sprintf("平时提案第%04d号", number)
	}
	return fmt.Sprintf("%s第%s次会议第%04d号", termName, Numeral(sessionNumber), number)
}

// ReplyTitle returns the title of the reply letter, 关于市政协十一届三次会议
// 第0123号提案的答复, for a committee whose short name is committee
// ("市政协"); for a regular proposal, 关于市政协平时提案第0012号的答复.
func (p Proposal) ReplyTitle(committee string) string {
	if p.Timing == Regular {
		return fmt.Sprintf("关于%s平时提案第%04d号的答复", committee, p.Number)
	}
	term := strings.TrimPrefix(p.TermName, "第")
	return fmt.Sprintf("关于%s%s%s次会议第%04d号提案的答复", committee, term, Numeral(p.SessionNumber), p.Number)
}

// Numeral writes n (0 to 99,999) in Chinese numerals as session and term
// names use them: 三, 十一, 二十, 一百零五, 一千零一十. Other values are
// written in Arabic digits.
func Numeral(n int) string {
	if n < 0 || n > 99999 {
		return fmt.Sprint(n)
	}
	if n == 0 {
		return "零"
	}
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	units := []string{"", "十", "百", "千", "万"}
	var b strings.Builder
	zero := false // a zero is pending between non-zero digits
	for pos := 4; pos >= 0; pos-- {
		d := n / pow10(pos) % 10
		if d == 0 {
			zero = b.Len() > 0
			continue
		}
		if zero {
			b.WriteString("零")
			zero = false
		}
		// 10–19 are 十, 十一…, not 一十一; inside a larger number 一十 stays (一百一十).
		if !(d == 1 && pos == 1 && b.Len() == 0) {
			b.WriteString(digits[d])
		}
		b.WriteString(units[pos])
	}
	return b.String()
}

func pow10(n int) int {
	p := 1
	for range n {
		p *= 10
	}
	return p
}

// Proposers returns the users who count as proposers: the first proposer
// and every confirmed co-signer (merged proposers included). They are the
// ones who evaluate the replies.
func (p Proposal) Proposers() []int64 {
	ids := []int64{p.ProposerUserID}
	for _, c := range p.CoSigners {
		if c.Status == Confirmed {
			ids = append(ids, c.UserID)
		}
	}
	return ids
}

// unit returns the index of the active assignment of unit id, or -1.
func (p Proposal) unit(id int64) int {
	return slices.IndexFunc(p.Units, func(u Unit) bool { return u.UnitID == id && u.active() })
}

// Overdue reports whether some unit that must reply has not replied by its
// deadline at now.
func (p Proposal) Overdue(now time.Time) bool {
	for _, u := range p.Units {
		waiting := u.State != UnitReplied && u.State != UnitDone && u.active()
		if u.Role.Replies() && waiting && !u.DueAt.IsZero() && now.After(u.DueAt) {
			return true
		}
	}
	return false
}

// MergeProposers returns main with the proposers of merged (its first
// proposer and confirmed co-signers) added as confirmed co-signers, as 并案
// requires: they then follow and evaluate the main proposal. The storage
// layer writes main in the transaction that applies Merge to merged.
func MergeProposers(main, merged Proposal, now time.Time) Proposal {
	main = main.clone()
	for _, id := range merged.Proposers() {
		if slices.Contains(main.Proposers(), id) {
			continue
		}
		name := merged.ProposerName
		if i := slices.IndexFunc(merged.CoSigners, func(c CoSigner) bool { return c.UserID == id }); i >= 0 {
			name = merged.CoSigners[i].Name
		}
		main.CoSigners = append(main.CoSigners, CoSigner{UserID: id, Name: name, Status: Confirmed,
			InvitedAt: now, AnsweredAt: now, MergedFrom: merged.ID})
	}
	return main
}
