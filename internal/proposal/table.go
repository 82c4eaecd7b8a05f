package proposal

import (
	"slices"

	"xieshang/internal/authz"
)

// Action is one step someone may take on a proposal. The values name the
// steps in events and audit entries ("proposal." + value).
type Action string

// Actions on the proposal as a whole (the proposal table).
const (
	ActEdit          Action = "edit"           // 修改提案
	ActInvite        Action = "invite"         // 邀请联名
	ActConfirm       Action = "confirm"        // 确认联名
	ActDecline       Action = "decline"        // 谢绝联名
	ActSubmit        Action = "submit"         // 提交
	ActRecall        Action = "recall"         // 撤回修改
	ActWithdraw      Action = "withdraw"       // 撤回提案
	ActFirstReview   Action = "first_review"   // 初审
	ActAccept        Action = "accept"         // 立案
	ActReject        Action = "reject"         // 不予立案
	ActMerge         Action = "merge"          // 并案
	ActTransfer      Action = "transfer"       // 转作意见建议/社情民意/委员来信
	ActAssign        Action = "assign"         // 交办
	ActEvaluate      Action = "evaluate"       // 评价
	ActRehandle      Action = "rehandle"       // 重新办理
	ActClose         Action = "close"          // 办结
	ActMarkKey       Action = "mark_key"       // 设为重点提案
	ActMarkExcellent Action = "mark_excellent" // 评为优秀提案
)

// Actions on one unit's part of an assigned proposal (the unit table).
const (
	ActSignFor          Action = "sign_for"          // 签收
	ActRequestReturn    Action = "request_return"    // 申请退回
	ActApproveReturn    Action = "approve_return"    // 同意退回
	ActRefuseReturn     Action = "refuse_return"     // 不同意退回
	ActSendViews        Action = "send_views"        // 提交协办意见
	ActRequestExtension Action = "request_extension" // 申请延期
	ActApproveExtension Action = "approve_extension" // 同意延期
	ActRefuseExtension  Action = "refuse_extension"  // 不同意延期
	ActReply            Action = "reply"             // 答复
	ActApproveReply     Action = "approve_reply"     // 答复审核通过
	ActSendBackReply    Action = "send_back_reply"   // 退回答复
)

// Actions lists every action, for exhaustive tests and menus.
var Actions = []Action{ActEdit, ActInvite, ActConfirm, ActDecline, ActSubmit, ActRecall, ActWithdraw,
	ActFirstReview, ActAccept, ActReject, ActMerge, ActTransfer, ActAssign,
	ActSignFor, ActRequestReturn, ActApproveReturn, ActRefuseReturn, ActSendViews,
	ActRequestExtension, ActApproveExtension, ActRefuseExtension, ActReply, ActApproveReply, ActSendBackReply,
	ActEvaluate, ActRehandle, ActClose, ActMarkKey, ActMarkExcellent}

var actionNames = map[Action]string{
	ActEdit: "修改提案", ActInvite: "邀请联名", ActConfirm: "确认联名", ActDecline: "谢绝联名", ActSubmit: "提交提案",
	ActRecall: "撤回修改", ActWithdraw: "撤回提案", ActFirstReview: "初审", ActAccept: "立案", ActReject: "不予立案",
	ActMerge: "并案", ActTransfer: "转作其他形式", ActAssign: "交办", ActSignFor: "签收", ActRequestReturn: "申请退回",
	ActApproveReturn: "同意退回", ActRefuseReturn: "不同意退回", ActSendViews: "提交协办意见",
	ActRequestExtension: "申请延期", ActApproveExtension: "同意延期", ActRefuseExtension: "不同意延期",
	ActReply: "答复", ActApproveReply: "审核通过答复", ActSendBackReply: "退回答复", ActEvaluate: "评价",
	ActRehandle: "重新办理", ActClose: "办结", ActMarkKey: "设为重点提案", ActMarkExcellent: "评为优秀提案",
}

// Name returns the Chinese name users see.
func (a Action) Name() string {
	if n, ok := actionNames[a]; ok {
		return n
	}
	return string(a)
}

// OnUnit reports whether a is a step of one unit's part, governed by the
// unit table.
func (a Action) OnUnit() bool {
	return slices.ContainsFunc(UnitTable, func(t UnitTransition) bool { return t.Action == a })
}

// Party is who someone is to a proposal: a role held in the proposal's
// committee together with a relation to this proposal.
type Party string

const (
	AsProposer     Party = "proposer"      // the first proposer or collective account (any role): ProposerUserID
	AsInvitee      Party = "invitee"       // a co-signer invited (Invite) who has not answered yet
	AsCoSigner     Party = "cosigner"      // a confirmed co-signer (merged proposers too)
	AsOffice       Party = "office"        // role proposal_office (提案办); the general office (role office) is not
	AsLeader       Party = "leader"        // role leader: 审定 in two-step review
	AsUnit         Party = "unit"          // role unit_liaison of the unit the step is about, in any role
	AsReplyingUnit Party = "replying_unit" // the same, when the unit is 主办 or 分办
	AsCoUnit       Party = "co_unit"       // the same, when the unit is 协办
	AsSystem       Party = "system"        // the job runner (authz.Actor.System), e.g. closing unevaluated proposals
)

// Name returns the Chinese name shown on the timeline ("提案人 张三").
func (p Party) Name() string {
	return map[Party]string{AsProposer: "提案人", AsInvitee: "被邀请联名人", AsCoSigner: "联名人", AsOffice: "提案委员会办公室",
		AsLeader: "领导", AsUnit: "承办单位", AsReplyingUnit: "承办单位", AsCoUnit: "协办单位", AsSystem: "系统"}[p]
}

// review says in which review mode a transition exists.
type review int

const (
	anyReview review = iota
	oneStep          // only without two-step review
	twoStep          // only with Config.TwoStepReview
)

// Transition is one row of the proposal table: in state From, Action by
// one of By leads to state To.
type Transition struct {
	From   State
	Action Action
	To     State
	By     []Party
	Review review
}

// UnitTransition is one row of the unit table: while the proposal is in
// handling (State.InHandling), a unit in state From goes to To when one of
// By takes Action on that unit's part. The proposal's own state then
// follows from all its units (see settle).
type UnitTransition struct {
	From   UnitState
	Action Action
	To     UnitState
	By     []Party
}

func by(ps ...Party) []Party { return ps }

// Table is the proposal table. Evaluate stays in Evaluating, except that
// the last evaluation closes the proposal when none is 不满意.
var Table = []Transition{
	{Draft, ActEdit, Draft, by(AsProposer), anyReview},
	{Draft, ActInvite, Cosigning, by(AsProposer), anyReview},
	{Cosigning, ActConfirm, Cosigning, by(AsInvitee), anyReview},
	{Cosigning, ActDecline, Cosigning, by(AsInvitee, AsCoSigner), anyReview},
	{Draft, ActSubmit, Submitted, by(AsProposer), anyReview},
	{Cosigning, ActSubmit, Submitted, by(AsProposer), anyReview},
	{Cosigning, ActRecall, Draft, by(AsProposer), anyReview},
	{Submitted, ActRecall, Draft, by(AsProposer), anyReview},
	{Draft, ActWithdraw, Withdrawn, by(AsProposer), anyReview},
	{Cosigning, ActWithdraw, Withdrawn, by(AsProposer), anyReview},
	{Submitted, ActWithdraw, Withdrawn, by(AsProposer), anyReview},

	{Submitted, ActFirstReview, FirstReviewed, by(AsOffice), twoStep},
	{Submitted, ActAccept, Accepted, by(AsOffice), oneStep},
	{Submitted, ActReject, Rejected, by(AsOffice), oneStep},
	{Submitted, ActMerge, Merged, by(AsOffice), oneStep},
	{Submitted, ActTransfer, Transferred, by(AsOffice), oneStep},
	{FirstReviewed, ActAccept, Accepted, by(AsOffice, AsLeader), twoStep},
	{FirstReviewed, ActReject, Rejected, by(AsOffice, AsLeader), twoStep},
	{FirstReviewed, ActMerge, Merged, by(AsOffice, AsLeader), twoStep},
	{FirstReviewed, ActTransfer, Transferred, by(AsOffice, AsLeader), twoStep},

	{Accepted, ActAssign, Assigned, by(AsOffice), anyReview},

	{Evaluating, ActEvaluate, Evaluating, by(AsProposer, AsCoSigner), anyReview},
	{Evaluating, ActRehandle, Rehandling, by(AsOffice), anyReview},
	{Evaluating, ActClose, Closed, by(AsOffice, AsSystem), anyReview},

	{Accepted, ActMarkKey, Accepted, by(AsOffice), anyReview},
	{Assigned, ActMarkKey, Assigned, by(AsOffice), anyReview},
	{Handling, ActMarkKey, Handling, by(AsOffice), anyReview},
	{ReplyReview, ActMarkKey, ReplyReview, by(AsOffice), anyReview},
	{Evaluating, ActMarkKey, Evaluating, by(AsOffice), anyReview},
	{Rehandling, ActMarkKey, Rehandling, by(AsOffice), anyReview},
	{Closed, ActMarkExcellent, Closed, by(AsOffice), anyReview},
}

// UnitTable is the unit table.
var UnitTable = []UnitTransition{
	{UnitAssigned, ActSignFor, UnitSigned, by(AsUnit)},
	{UnitAssigned, ActRequestReturn, UnitReturnRequested, by(AsUnit)},
	{UnitSigned, ActRequestReturn, UnitReturnRequested, by(AsUnit)},
	{UnitReturnRequested, ActApproveReturn, UnitReturned, by(AsOffice)},
	{UnitReturnRequested, ActRefuseReturn, UnitSigned, by(AsOffice)},
	{UnitSigned, ActSendViews, UnitViewsSent, by(AsCoUnit)},
	{UnitSigned, ActRequestExtension, UnitSigned, by(AsReplyingUnit)},
	{UnitReplyReturned, ActRequestExtension, UnitReplyReturned, by(AsReplyingUnit)},
	{UnitSigned, ActApproveExtension, UnitSigned, by(AsOffice)},
	{UnitReplyReturned, ActApproveExtension, UnitReplyReturned, by(AsOffice)},
	{UnitSigned, ActRefuseExtension, UnitSigned, by(AsOffice)},
	{UnitReplyReturned, ActRefuseExtension, UnitReplyReturned, by(AsOffice)},
	{UnitSigned, ActReply, UnitReplied, by(AsReplyingUnit)},
	{UnitReplyReturned, ActReply, UnitReplied, by(AsReplyingUnit)},
	{UnitReplied, ActApproveReply, UnitDone, by(AsOffice)},
	{UnitReplied, ActSendBackReply, UnitReplyReturned, by(AsOffice)},
}

// Who is the actor as a proposal sees them: the account, and the handling
// units it is a liaison of (read by the caller from the liaison table;
// empty for everyone else).
type Who struct {
	Actor   authz.Actor
	UnitIDs []int64
}

// parties returns who w is to p; for a unit step, ui is the index of the
// unit concerned in p.Units (-1 if none).
func parties(p Proposal, w Who, ui int) []Party {
	a := w.Actor
	if a.System {
		return []Party{AsSystem}
	}
	var out []Party
	if a.UserID != 0 && a.UserID == p.ProposerUserID {
		out = append(out, AsProposer)
	}
	for _, c := range p.CoSigners {
		if a.UserID != 0 && c.UserID == a.UserID {
			switch c.Status {
			case Invited:
				if !c.InvitedAt.IsZero() { // listed in a draft, not asked yet
					out = append(out, AsInvitee)
				}
			case Confirmed:
				out = append(out, AsCoSigner)
			}
		}
	}
	if a.Has(authz.ProposalOffice) {
		out = append(out, AsOffice)
	}
	if a.Has(authz.Leader) {
		out = append(out, AsLeader)
	}
	if ui >= 0 && a.Has(authz.UnitLiaison) && slices.Contains(w.UnitIDs, p.Units[ui].UnitID) {
		out = append(out, AsUnit)
		if p.Units[ui].Role.Replies() {
			out = append(out, AsReplyingUnit)
		} else {
			out = append(out, AsCoUnit)
		}
	}
	return out
}

func overlaps(a, b []Party) bool {
	return slices.ContainsFunc(a, func(p Party) bool { return slices.Contains(b, p) })
}

// mayEver reports whether one of ps takes part in act in any state: if not,
// the actor gets Forbidden whatever the state.
func mayEver(act Action, ps []Party) bool {
	for _, t := range Table {
		if t.Action == act && overlaps(t.By, ps) {
			return true
		}
	}
	for _, t := range UnitTable {
		if t.Action == act && overlaps(t.By, ps) {
			return true
		}
	}
	return false
}

// Lookup returns the row of the proposal table for act in state s under
// cfg's review mode.
func Lookup(s State, act Action, cfg Config) (Transition, bool) {
	for _, t := range Table {
		if t.From == s && t.Action == act && (t.Review == anyReview || (t.Review == twoStep) == cfg.TwoStepReview) {
			return t, true
		}
	}
	return Transition{}, false
}

// LookupUnit returns the row of the unit table for act on a unit in state s.
func LookupUnit(s UnitState, act Action) (UnitTransition, bool) {
	for _, t := range UnitTable {
		if t.From == s && t.Action == act {
			return t, true
		}
	}
	return UnitTransition{}, false
}
