package proposal

// State is where a proposal stands. The values are stored as they are.
type State string

const (
	Draft         State = "draft"          // 草稿
	Cosigning     State = "cosigning"      // 待联名确认: a joint proposal waiting for its co-signers
	Submitted     State = "submitted"      // 已提交(待审查)
	FirstReviewed State = "first_reviewed" // 已初审(待审定), with two-step review only
	Accepted      State = "accepted"       // 已立案(待交办)
	Rejected      State = "rejected"       // 不予立案
	Merged        State = "merged"         // 已并案
	Transferred   State = "transferred"    // 已转(意见建议/社情民意/委员来信)
	Withdrawn     State = "withdrawn"      // 已撤回
	Assigned      State = "assigned"       // 已交办(待签收): some unit has not signed for it
	Handling      State = "handling"       // 办理中: every unit signed; replies being written
	ReplyReview   State = "reply_review"   // 答复待审核: every reply is in, some await the office
	Evaluating    State = "evaluating"     // 待评价: every reply approved; the proposers evaluate
	Rehandling    State = "rehandling"     // 重新办理中: after 不满意, a second round of handling
	Closed        State = "closed"         // 已办结
)

// States lists every state in the order of a proposal's life.
var States = []State{Draft, Cosigning, Submitted, FirstReviewed, Accepted, Rejected, Merged, Transferred, Withdrawn,
	Assigned, Handling, ReplyReview, Evaluating, Rehandling, Closed}

var stateNames = map[State]string{
	Draft: "草稿", Cosigning: "待联名确认", Submitted: "待审查", FirstReviewed: "已初审", Accepted: "已立案",
	Rejected: "不予立案", Merged: "已并案", Transferred: "已转办", Withdrawn: "已撤回", Assigned: "已交办",
	Handling: "办理中", ReplyReview: "答复待审核", Evaluating: "待评价", Rehandling: "重新办理中", Closed: "已办结",
}

// Name returns the Chinese name users see.
func (s State) Name() string {
	if n, ok := stateNames[s]; ok {
		return n
	}
	return string(s)
}

// Valid reports whether s is a known state.
func (s State) Valid() bool { _, ok := stateNames[s]; return ok }

// Final reports whether nothing more happens to a proposal in state s
// (marking an excellent proposal aside).
func (s State) Final() bool {
	switch s {
	case Rejected, Merged, Transferred, Withdrawn, Closed:
		return true
	}
	return false
}

// InHandling reports whether units work on a proposal in state s: the
// states in which the unit table applies.
func (s State) InHandling() bool {
	switch s {
	case Assigned, Handling, ReplyReview, Rehandling:
		return true
	}
	return false
}

// beforeAcceptance reports whether a proposal in state s is still the
// proposer's to change or withdraw, or under review.
func (s State) beforeAcceptance() bool {
	switch s {
	case Draft, Cosigning, Submitted, FirstReviewed:
		return true
	}
	return false
}

// UnitState is where one handling unit stands with its part of a proposal.
type UnitState string

const (
	UnitAssigned        UnitState = "assigned"         // 待签收
	UnitSigned          UnitState = "signed"           // 已签收(办理中)
	UnitReturnRequested UnitState = "return_requested" // 申请退回
	UnitReturned        UnitState = "returned"         // 已退回: no longer takes part
	UnitViewsSent       UnitState = "views_sent"       // 已提交协办意见 (co-units)
	UnitReplied         UnitState = "replied"          // 已答复(待审核)
	UnitReplyReturned   UnitState = "reply_returned"   // 答复被退回(待修改)
	UnitDone            UnitState = "done"             // 已办复: reply approved
)

// UnitStates lists every unit state in order.
var UnitStates = []UnitState{UnitAssigned, UnitSigned, UnitReturnRequested, UnitReturned, UnitViewsSent,
	UnitReplied, UnitReplyReturned, UnitDone}

var unitStateNames = map[UnitState]string{
	UnitAssigned: "待签收", UnitSigned: "办理中", UnitReturnRequested: "申请退回", UnitReturned: "已退回",
	UnitViewsSent: "已提交协办意见", UnitReplied: "已答复待审核", UnitReplyReturned: "答复退回修改", UnitDone: "已办复",
}

// Name returns the Chinese name users see.
func (s UnitState) Name() string {
	if n, ok := unitStateNames[s]; ok {
		return n
	}
	return string(s)
}

// Ground is a national ground for not accepting a proposal (不予立案理由),
// from the CPPCC's rules on proposals.
type Ground string

const (
	GroundStateSecret  Ground = "state_secret"  // 涉及党和国家秘密
	GroundProhibited   Ground = "prohibited"    // 违反宪法法律或涉及不宜公开讨论的敏感问题
	GroundInternal     Ground = "internal"      // 属于党派团体内部事务或人事安排
	GroundLitigation   Ground = "litigation"    // 涉及正在诉讼、仲裁的案件
	GroundAcademic     Ground = "academic"      // 属于学术理论探讨
	GroundPersonal     Ground = "personal"      // 为本人或亲属解决个人问题
	GroundPromotion    Ground = "promotion"     // 宣传推介具体产品、项目、作品
	GroundAccusation   Ground = "accusation"    // 对具体人员的检举控告
	GroundNoSuggestion Ground = "no_suggestion" // 没有具体建议
)

// Grounds lists the grounds in the order of the rules.
var Grounds = []Ground{GroundStateSecret, GroundProhibited, GroundInternal, GroundLitigation, GroundAcademic,
	GroundPersonal, GroundPromotion, GroundAccusation, GroundNoSuggestion}

var groundNames = map[Ground]string{
	GroundStateSecret:  "涉及党和国家秘密的",
	GroundProhibited:   "违反宪法法律法规或涉及不宜公开讨论的敏感问题的",
	GroundInternal:     "属于党派团体内部事务或人事安排的",
	GroundLitigation:   "涉及正在诉讼、仲裁的案件的",
	GroundAcademic:     "属于学术理论探讨的",
	GroundPersonal:     "为本人或亲属解决个人问题的",
	GroundPromotion:    "宣传推介具体产品、项目、作品的",
	GroundAccusation:   "对具体人员的检举控告的",
	GroundNoSuggestion: "没有具体建议的",
}

// Name returns the Chinese wording told to the proposer.
func (g Ground) Name() string {
	if n, ok := groundNames[g]; ok {
		return n
	}
	return string(g)
}

// Valid reports whether g is a known ground.
func (g Ground) Valid() bool { _, ok := groundNames[g]; return ok }

// TransferTarget is what a proposal not accepted as such is turned into,
// with the proposer's consent (转作…).
type TransferTarget string

const (
	ToOpinion    TransferTarget = "opinion"     // 转作意见建议
	ToSocialInfo TransferTarget = "social_info" // 转作社情民意信息
	ToLetter     TransferTarget = "letter"      // 转作委员来信
)

// TransferTargets lists the targets in display order.
var TransferTargets = []TransferTarget{ToOpinion, ToSocialInfo, ToLetter}

// Name returns the Chinese name users see.
func (t TransferTarget) Name() string {
	switch t {
	case ToOpinion:
		return "转作意见建议"
	case ToSocialInfo:
		return "转作社情民意信息"
	case ToLetter:
		return "转作委员来信"
	}
	return string(t)
}

// Valid reports whether t is a known target.
func (t TransferTarget) Valid() bool { return t == ToOpinion || t == ToSocialInfo || t == ToLetter }
