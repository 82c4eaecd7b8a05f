package api

import (
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"xieshang/internal/account"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/org"
	"xieshang/internal/proposal"
)

// ProposalSummary is a proposal as lists show it.
type ProposalSummary struct {
	ID           int64      `json:"id" doc:"提案编号(系统内序号)"`
	Code         string     `json:"code,omitempty" doc:"提案号,如 第十一届第三次会议第0012号、平时提案第0003号;立案前省略"`
	Title        string     `json:"title" doc:"案由"`
	Category     string     `json:"category" doc:"提案类别,如 经济;草稿未选时为空字符串"`
	Kind         string     `json:"kind" enum:"individual,joint,collective" doc:"提案类型:individual 个人提案,joint 联名提案,collective 集体提案"`
	Timing       string     `json:"timing" enum:"plenary,regular" doc:"提出时间:plenary 大会提案,regular 平时提案"`
	State        string     `json:"state" doc:"状态代码,如 draft、submitted、handling、closed"`
	StateName    string     `json:"state_name" doc:"状态名称,如 办理中"`
	ProposerName string     `json:"proposer_name" doc:"第一提案人(或集体提案的提出单位)"`
	Key          bool       `json:"key" doc:"是否为重点提案"`
	DueAt        *time.Time `json:"due_at,omitempty" doc:"尚未答复的承办单位中最早的答复期限(UTC);没有待答复单位时省略"`
	Overdue      bool       `json:"overdue" doc:"是否已超过答复期限"`
	Version      int        `json:"version" doc:"版本号,每办理一步加一;提交操作时原样传回"`
	UpdatedAt    time.Time  `json:"updated_at" doc:"最后变动时间(UTC)"`
}

// ProposalList is a page of proposals.
type ProposalList struct {
	Items      []ProposalSummary `json:"items" doc:"本页提案,按编号倒序(最新在前)"`
	NextCursor string            `json:"next_cursor,omitempty" doc:"下一页的游标,作为 cursor 参数传回;已是最后一页时省略"`
}

// Proposal is one proposal with everything that happened to it, the steps
// the caller may take now and its timeline.
type Proposal struct {
	ProposalSummary
	Number           int                  `json:"number,omitempty" doc:"提案序号(立案时按届次、会议编排);立案前省略"`
	KindName         string               `json:"kind_name" doc:"提案类型名称,如 联名提案"`
	TimingName       string               `json:"timing_name" doc:"大会提案 或 平时提案"`
	TermID           int64                `json:"term_id,omitempty" doc:"届次编号;草稿未选时省略"`
	SessionID        int64                `json:"session_id,omitempty" doc:"全体会议编号;平时提案省略"`
	Situation        string               `json:"situation" doc:"情况/案据"`
	Analysis         string               `json:"analysis" doc:"分析"`
	Suggestion       string               `json:"suggestion" doc:"建议/办法"`
	Public           bool                 `json:"public" doc:"提案人是否同意公开"`
	SuggestedUnit    string               `json:"suggested_unit" doc:"提案人建议的承办单位(自由填写)"`
	ProposerUserID   int64                `json:"proposer_user_id" doc:"第一提案人的账号编号"`
	CoSigners        []ProposalCoSigner   `json:"cosigners" doc:"联名人及其确认情况(含并案并入的提案人),可为空数组"`
	ReviewNote       string               `json:"review_note,omitempty" doc:"初审意见;没有时省略"`
	RejectGround     string               `json:"reject_ground,omitempty" doc:"不予立案的理由代码;没有时省略"`
	RejectGroundName string               `json:"reject_ground_name,omitempty" doc:"不予立案的理由"`
	DecisionNote     string               `json:"decision_note,omitempty" doc:"立案、不予立案、并案或转办时告知提案人的说明"`
	MergedInto       int64                `json:"merged_into,omitempty" doc:"并案:并入的主提案编号"`
	TransferTarget   string               `json:"transfer_target,omitempty" enum:"opinion,social_info,letter" doc:"转作:opinion 意见建议,social_info 社情民意信息,letter 委员来信"`
	Mode             string               `json:"mode,omitempty" enum:"single,split,joint" doc:"交办方式:single 单办,split 分办,joint 会办;交办前省略"`
	ModeName         string               `json:"mode_name,omitempty" doc:"交办方式名称"`
	Round            int                  `json:"round" doc:"办理轮次:0 未交办,1 首次办理,2 重新办理"`
	Units            []ProposalUnit       `json:"units" doc:"承办单位及各自的办理情况和期限,可为空数组"`
	Extensions       []ProposalExtension  `json:"extensions" doc:"延期申请,可为空数组"`
	Replies          []ProposalReply      `json:"replies" doc:"答复(含被退回的),可为空数组"`
	Evaluations      []ProposalEvaluation `json:"evaluations" doc:"提案人的评价,可为空数组"`
	KeyInfo          *ProposalKeyInfo     `json:"key_info,omitempty" doc:"重点提案的决定和督办领导;非重点提案省略"`
	Excellent        bool                 `json:"excellent" doc:"是否为优秀提案"`
	ExcellentYear    int                  `json:"excellent_year,omitempty" doc:"评为优秀提案的年度"`
	CreatedAt        time.Time            `json:"created_at" doc:"创建时间(UTC)"`
	SubmittedAt      *time.Time           `json:"submitted_at,omitempty" doc:"提交时间(UTC)"`
	AcceptedAt       *time.Time           `json:"accepted_at,omitempty" doc:"立案时间(UTC)"`
	AssignedAt       *time.Time           `json:"assigned_at,omitempty" doc:"交办时间(UTC)"`
	ClosedAt         *time.Time           `json:"closed_at,omitempty" doc:"办结时间(UTC)"`
	ProposerMobile   string               `json:"proposer_mobile,omitempty" doc:"第一提案人的手机号,只提供给承办此提案的单位联络员,便于沟通;其他人省略"`
	AvailableActions []AvailableAction    `json:"available_actions" doc:"调用者现在可以执行的操作,可为空数组;用 POST /api/v1/proposals/{id}/actions/{action} 执行"`
	Timeline         []ProposalEvent      `json:"timeline" doc:"办理经过,按时间先后"`
}

// ProposalCoSigner is a co-signer of a joint proposal.
type ProposalCoSigner struct {
	UserID     int64      `json:"user_id" doc:"账号编号"`
	Name       string     `json:"name" doc:"姓名"`
	Status     string     `json:"status" enum:"invited,confirmed,declined" doc:"invited 待确认,confirmed 已确认,declined 已谢绝"`
	StatusName string     `json:"status_name" doc:"确认情况名称"`
	AnsweredAt *time.Time `json:"answered_at,omitempty" doc:"确认或谢绝的时间(UTC)"`
	MergedFrom int64      `json:"merged_from,omitempty" doc:"并案时来自的提案编号;邀请的联名人省略"`
}

// ProposalUnit is one handling unit's assignment.
type ProposalUnit struct {
	UnitID         int64      `json:"unit_id" doc:"单位编号"`
	Name           string     `json:"name" doc:"单位名称"`
	Role           string     `json:"role" enum:"lead,co,split" doc:"承办方式:lead 主办(单办或会办的主办),co 协办,split 分办"`
	RoleName       string     `json:"role_name" doc:"承办方式名称"`
	State          string     `json:"state" doc:"该单位的办理状态代码,如 assigned、signed、replied"`
	StateName      string     `json:"state_name" doc:"办理状态名称,如 待签收"`
	AssignedAt     time.Time  `json:"assigned_at" doc:"交办时间(UTC)"`
	SignedAt       *time.Time `json:"signed_at,omitempty" doc:"签收时间(UTC)"`
	ReturnDeadline *time.Time `json:"return_deadline,omitempty" doc:"可申请退回的截止时间(UTC)"`
	ViewsDeadline  *time.Time `json:"views_deadline,omitempty" doc:"协办单位:提交协办意见的截止时间(UTC)"`
	DueAt          *time.Time `json:"due_at,omitempty" doc:"主办、分办单位:答复期限(UTC),延期获批后随之改变"`
	MaxDueAt       *time.Time `json:"max_due_at,omitempty" doc:"主办、分办单位:含延期的最长期限(UTC)"`
	Overdue        bool       `json:"overdue" doc:"是否已超过答复期限而未答复"`
	ReturnReason   string     `json:"return_reason,omitempty" doc:"申请退回的理由"`
	Views          string     `json:"views,omitempty" doc:"协办意见"`
	ViewsAt        *time.Time `json:"views_at,omitempty" doc:"提交协办意见的时间(UTC)"`
	Note           string     `json:"note,omitempty" doc:"提案委员会办公室最近的意见(不同意退回、退回答复的理由)"`
}

// ProposalExtension is a unit's request to reply later.
type ProposalExtension struct {
	UnitID      int64      `json:"unit_id" doc:"单位编号"`
	Round       int        `json:"round" doc:"办理轮次"`
	Until       time.Time  `json:"until" doc:"申请延至的答复期限(UTC)"`
	Reason      string     `json:"reason" doc:"理由"`
	Status      string     `json:"status" enum:"pending,approved,refused,lapsed" doc:"pending 待审批,approved 已同意,refused 未同意,lapsed 已失效"`
	StatusName  string     `json:"status_name" doc:"审批状态名称"`
	RequestedAt time.Time  `json:"requested_at" doc:"申请时间(UTC)"`
	DecidedAt   *time.Time `json:"decided_at,omitempty" doc:"审批时间(UTC)"`
	Note        string     `json:"note,omitempty" doc:"审批意见"`
}

// ProposalReply is a handling unit's reply.
type ProposalReply struct {
	UnitID        int64      `json:"unit_id" doc:"答复单位编号"`
	Round         int        `json:"round" doc:"办理轮次"`
	Class         string     `json:"class" enum:"A,B,C,D" doc:"答复类别"`
	ClassName     string     `json:"class_name" doc:"答复类别说明"`
	Contact       string     `json:"contact" enum:"face_to_face,forum,phone,email,letter,other" doc:"沟通方式:face_to_face 面谈,forum 座谈会,phone 电话,email 邮件,letter 书信,other 其它"`
	ContactName   string     `json:"contact_name" doc:"沟通方式名称"`
	ContactedOn   string     `json:"contacted_on" format:"date" doc:"沟通日期"`
	ContactPerson string     `json:"contact_person" doc:"联系人"`
	ContactPhone  string     `json:"contact_phone" doc:"联系电话"`
	Signer        string     `json:"signer" doc:"签发人;未填写时为空字符串"`
	Letter        string     `json:"letter" doc:"答复内容"`
	Status        string     `json:"status" enum:"pending,approved,sent_back" doc:"pending 待审核,approved 审核通过,sent_back 退回修改"`
	SubmittedAt   time.Time  `json:"submitted_at" doc:"提交时间(UTC)"`
	ReviewedAt    *time.Time `json:"reviewed_at,omitempty" doc:"审核时间(UTC)"`
	ReviewNote    string     `json:"review_note,omitempty" doc:"退回的理由"`
}

// ProposalEvaluation is a proposer's verdict on a round's replies.
type ProposalEvaluation struct {
	UserID    int64     `json:"user_id" doc:"评价人账号编号"`
	Name      string    `json:"name" doc:"评价人姓名"`
	Round     int       `json:"round" doc:"办理轮次"`
	Level     string    `json:"level" enum:"satisfied,basically_satisfied,dissatisfied" doc:"satisfied 满意,basically_satisfied 基本满意,dissatisfied 不满意"`
	LevelName string    `json:"level_name" doc:"评价名称"`
	Comment   string    `json:"comment" doc:"评价意见;没有时为空字符串"`
	At        time.Time `json:"at" doc:"评价时间(UTC)"`
}

// ProposalKeyInfo records a key proposal's decision and leaders.
type ProposalKeyInfo struct {
	Decision   string    `json:"decision" doc:"确定重点提案的会议决定,如 2026年第3次主席会议"`
	LeadLeader string    `json:"lead_leader" doc:"领衔督办的党政领导"`
	Supervisor string    `json:"supervisor" doc:"督办的政协领导"`
	MarkedAt   time.Time `json:"marked_at" doc:"设为重点提案的时间(UTC)"`
}

// AvailableAction is a step the caller may take now.
type AvailableAction struct {
	Action  string  `json:"action" doc:"操作代码,用在 /actions/{action} 中"`
	Name    string  `json:"name" doc:"操作名称,如 签收"`
	UnitIDs []int64 `json:"unit_ids,omitempty" doc:"针对承办单位的操作:可对哪些单位执行(提交时填 unit_id);其他操作省略"`
}

// ProposalEvent is one step of the timeline.
type ProposalEvent struct {
	At         time.Time `json:"at" doc:"时间(UTC)"`
	Action     string    `json:"action" doc:"操作代码"`
	ActionName string    `json:"action_name" doc:"操作名称,如 交办"`
	ActorName  string    `json:"actor_name" doc:"操作人姓名"`
	As         string    `json:"as" doc:"操作人的身份代码,如 proposer、office、unit"`
	AsName     string    `json:"as_name" doc:"操作人的身份,如 提案人、承办单位"`
	UnitID     int64     `json:"unit_id,omitempty" doc:"针对承办单位的操作:单位编号"`
	From       string    `json:"from" doc:"操作前的提案状态代码"`
	To         string    `json:"to" doc:"操作后的提案状态代码"`
	ToName     string    `json:"to_name" doc:"操作后的提案状态名称"`
	UnitTo     string    `json:"unit_to,omitempty" doc:"针对承办单位的操作:该单位操作后的状态代码"`
	Note       string    `json:"note,omitempty" doc:"理由、意见等说明"`
}

// ProposalInput is the body of createProposal: what a draft says. A draft
// may be incomplete; submission checks that it is complete.
type ProposalInput struct {
	Kind          string  `json:"kind" enum:"individual,joint,collective" doc:"提案类型:individual 个人提案,joint 联名提案,collective 集体提案"`
	Timing        string  `json:"timing" enum:"plenary,regular" doc:"plenary 大会提案(须填 session_id),regular 平时提案"`
	TermID        int64   `json:"term_id" doc:"届次编号(见 GET /api/v1/terms);提案人须为该届在任委员"`
	SessionID     int64   `json:"session_id,omitempty" doc:"大会提案所属的全体会议编号(见 GET /api/v1/terms/{id}/sessions);平时提案省略"`
	Title         string  `json:"title,omitempty" doc:"案由,默认不超过 50 个字;提交前必填"`
	Category      string  `json:"category,omitempty" doc:"提案类别,须为本政协设定的类别之一,如 经济;提交前必填"`
	Situation     string  `json:"situation,omitempty" doc:"情况/案据;提交前必填"`
	Analysis      string  `json:"analysis,omitempty" doc:"分析"`
	Suggestion    string  `json:"suggestion,omitempty" doc:"建议/办法;提交前必填"`
	Public        bool    `json:"public,omitempty" doc:"是否同意公开;省略为否"`
	SuggestedUnit string  `json:"suggested_unit,omitempty" doc:"建议的承办单位,不超过 60 个字"`
	CoSigners     []int64 `json:"cosigners,omitempty" doc:"联名提案的联名人账号编号,须为该届在任委员;邀请联名(invite)后由其本人确认"`
}

// ProposalUpdate is the body of updateProposal: the whole draft and the
// version it was read at.
type ProposalUpdate struct {
	Version int `json:"version" doc:"读取该提案时得到的 version;若其间已有变动,返回 409"`
	ProposalInput
}

// ActionInput is the body of proposalAction: the version the caller read
// and the fields of the step; a field the step does not use is refused.
type ActionInput struct {
	Version           int          `json:"version" doc:"读取该提案时得到的 version;若其间已有变动,返回 409,请重新读取"`
	UnitID            int64        `json:"unit_id,omitempty" doc:"针对承办单位的操作(签收、申请退回、协办意见、延期、答复及其审批):单位编号;承办单位联络员只联系一个承办单位时可省略"`
	Note              string       `json:"note,omitempty" doc:"说明或意见(谢绝联名、撤回、初审、立案、不予立案、并案、转办、同意退回、同意延期、重新办理、办结)"`
	Reason            string       `json:"reason,omitempty" doc:"理由(申请退回、不同意退回、申请延期、不同意延期、退回答复时必填)"`
	Ground            string       `json:"ground,omitempty" enum:"state_secret,prohibited,internal,litigation,academic,personal,promotion,accusation,no_suggestion" doc:"不予立案:理由代码"`
	Into              int64        `json:"into,omitempty" doc:"并案:并入的主提案编号"`
	Target            string       `json:"target,omitempty" enum:"opinion,social_info,letter" doc:"转办:opinion 意见建议,social_info 社情民意信息,letter 委员来信"`
	Consented         bool         `json:"consented,omitempty" doc:"转办:提案人是否同意(须为 true)"`
	Mode              string       `json:"mode,omitempty" enum:"single,split,joint" doc:"交办:single 单办,split 分办,joint 会办"`
	Units             []UnitChoice `json:"units,omitempty" doc:"交办:承办单位及承办方式"`
	ReplacementUnitID int64        `json:"replacement_unit_id,omitempty" doc:"同意退回:改由办理的承办单位编号;省略则仅退回"`
	Until             string       `json:"until,omitempty" format:"date" doc:"申请延期:延至的答复期限,如 2027-06-30"`
	Views             string       `json:"views,omitempty" doc:"提交协办意见:协办意见"`
	Reply             *ReplyInput  `json:"reply,omitempty" doc:"答复:答复函的内容"`
	Level             string       `json:"level,omitempty" enum:"satisfied,basically_satisfied,dissatisfied" doc:"评价:satisfied 满意,basically_satisfied 基本满意,dissatisfied 不满意"`
	Comment           string       `json:"comment,omitempty" doc:"评价:意见,不超过 2000 个字"`
	Key               *bool        `json:"key,omitempty" doc:"设为重点提案:false 表示取消;省略为 true"`
	Decision          string       `json:"decision,omitempty" doc:"设为重点提案:会议决定,如 2026年第3次主席会议"`
	LeadLeader        string       `json:"lead_leader,omitempty" doc:"设为重点提案:领衔督办的党政领导"`
	Supervisor        string       `json:"supervisor,omitempty" doc:"设为重点提案:督办的政协领导"`
	Excellent         *bool        `json:"excellent,omitempty" doc:"评为优秀提案:false 表示取消;省略为 true"`
	Year              int          `json:"year,omitempty" doc:"评为优秀提案:评选年度"`
	FollowUpKind      string       `json:"follow_up_kind,omitempty" enum:"meeting,inspection,look_back" doc:"记录督办活动:meeting 督办会,inspection 视察,look_back 回头看"`
	On                string       `json:"on,omitempty" format:"date" doc:"记录督办活动:活动日期,如 2027-05-20"`
}

// UnitChoice is a unit chosen for an assignment.
type UnitChoice struct {
	UnitID int64  `json:"unit_id" doc:"承办单位编号(见 GET /api/v1/units?kind=handling)"`
	Role   string `json:"role,omitempty" enum:"lead,co,split" doc:"lead 主办,co 协办,split 分办;单办、分办可省略"`
}

// ReplyInput is a handling unit's reply.
type ReplyInput struct {
	Class         string `json:"class" enum:"A,B,C,D" doc:"答复类别:A 已解决或采纳,B 正在解决或列入计划,C 留作参考,D 无法解决(须本政协启用)"`
	Contact       string `json:"contact" enum:"face_to_face,forum,phone,email,letter,other" doc:"与提案人的沟通方式"`
	ContactedOn   string `json:"contacted_on" format:"date" doc:"沟通日期,如 2027-01-15,不晚于今天"`
	ContactPerson string `json:"contact_person" doc:"联系人"`
	ContactPhone  string `json:"contact_phone" doc:"联系电话,不超过 30 个字符"`
	Signer        string `json:"signer,omitempty" doc:"签发人"`
	Letter        string `json:"letter" doc:"答复内容,不超过 30000 个字"`
}

// proposalSteps are the steps proposalAction takes, in the order of
// proposal.Actions; edit has its own operation.
var proposalSteps = func() []string {
	var out []string
	for _, a := range proposal.Actions {
		if a != proposal.ActEdit {
			out = append(out, string(a))
		}
	}
	return out
}()

// stepFields are the body fields each step uses besides version.
var stepFields = map[proposal.Action][]string{
	proposal.ActDecline:          {"note"},
	proposal.ActWithdraw:         {"note"},
	proposal.ActFirstReview:      {"note"},
	proposal.ActAccept:           {"note"},
	proposal.ActReject:           {"ground", "note"},
	proposal.ActMerge:            {"into", "note"},
	proposal.ActTransfer:         {"target", "consented", "note"},
	proposal.ActAssign:           {"mode", "units"},
	proposal.ActSignFor:          {"unit_id"},
	proposal.ActRequestReturn:    {"unit_id", "reason"},
	proposal.ActApproveReturn:    {"unit_id", "replacement_unit_id", "note"},
	proposal.ActRefuseReturn:     {"unit_id", "reason"},
	proposal.ActSendViews:        {"unit_id", "views"},
	proposal.ActRequestExtension: {"unit_id", "until", "reason"},
	proposal.ActApproveExtension: {"unit_id", "note"},
	proposal.ActRefuseExtension:  {"unit_id", "reason"},
	proposal.ActReply:            {"unit_id", "reply"},
	proposal.ActApproveReply:     {"unit_id"},
	proposal.ActSendBackReply:    {"unit_id", "reason"},
	proposal.ActEvaluate:         {"level", "comment"},
	proposal.ActRehandle:         {"note"},
	proposal.ActClose:            {"note"},
	proposal.ActMarkKey:          {"key", "decision", "lead_leader", "supervisor"},
	proposal.ActMarkExcellent:    {"excellent", "year"},
	proposal.ActFollowUp:         {"follow_up_kind", "on", "note"},
}

var proposalIDParam = param{Name: "id", In: "path", Required: true,
	Schema: &Schema{Type: "integer", Format: "int64", Minimum: ptr[int64](1)}, Doc: "提案编号(系统内序号)"}

var flagSchema = &Schema{Type: "string", Enum: []string{"1", "0", "true", "false"}}

// proposalRoutes returns the proposal operations.
func proposalRoutes() []route {
	var states []string
	for _, s := range proposal.States {
		states = append(states, string(s))
	}
	return []route{
		{
			Method: http.MethodGet, Path: "/api/v1/proposals", ID: "listProposals", Tag: "提案", Scope: account.ScopeRead,
			Summary: "提案列表",
			Doc: "按编号倒序分页列出调用者可见的提案:提案委员会办公室、办公室工作人员和领导可见全部已提交的提案;" +
				"承办单位联络员只见交办给本单位的提案;委员只见本人提出或受邀联名的提案,加 public=1 可列出已立案的公开提案。",
			Params: []param{
				{Name: "state", In: "query", Schema: &Schema{Type: "string"},
					Doc: "只列出处于这些状态的提案:可重复给出,或以逗号分隔,如 handling,rehandling。状态代码:" + strings.Join(states, "、")},
				{Name: "category", In: "query", Schema: &Schema{Type: "string", MaxLength: ptr[int64](maxQueryRunes)}, Doc: "提案类别,如 经济"},
				{Name: "timing", In: "query", Schema: &Schema{Type: "string", Enum: []string{"plenary", "regular"}},
					Doc: "plenary 大会提案,regular 平时提案"},
				{Name: "term_id", In: "query", Schema: &Schema{Type: "integer", Format: "int64", Minimum: ptr[int64](1)}, Doc: "届次编号"},
				{Name: "session_id", In: "query", Schema: &Schema{Type: "integer", Format: "int64", Minimum: ptr[int64](1)}, Doc: "全体会议编号"},
				{Name: "mine", In: "query", Schema: flagSchema, Doc: "1 表示只列出本人提出或受邀联名的提案(含草稿)"},
				{Name: "key", In: "query", Schema: flagSchema, Doc: "1 表示只列出重点提案"},
				{Name: "public", In: "query", Schema: flagSchema, Doc: "1 表示只列出已立案的公开提案(任何角色可用)"},
				{Name: "overdue", In: "query", Schema: flagSchema, Doc: "1 表示只列出已超过答复期限的提案"},
				{Name: "q", In: "query", Schema: &Schema{Type: "string", MaxLength: ptr[int64](maxQueryRunes)}, Doc: "按案由关键词搜索"},
				cursorParam, limitParam,
			},
			Status: http.StatusOK, Response: ProposalList{}, handle: (*API).listProposals,
		},
		{
			Method: http.MethodGet, Path: "/api/v1/proposals/{id}", ID: "getProposal", Tag: "提案", Scope: account.ScopeRead,
			Summary: "查看提案",
			Doc: "返回一件提案的全文、联名人、承办单位及期限、延期申请、答复、评价、重点提案信息、办理经过(timeline)," +
				"以及调用者现在可执行的操作(available_actions)。无权查看的提案视为不存在。",
			Params: []param{proposalIDParam},
			Status: http.StatusOK, Response: Proposal{}, Errors: []int{http.StatusNotFound}, handle: (*API).getProposal,
		},
		{
			Method: http.MethodPost, Path: "/api/v1/proposals", ID: "createProposal", Tag: "提案", Scope: account.ScopeWrite,
			Summary: "新建提案草稿",
			Doc: "以调用者为第一提案人保存一件草稿,委员和界别召集人可用,提案人须为所选届次的在任委员。草稿可以不完整;" +
				"提交(submit)或邀请联名(invite)时才检查必填项。一件提案只提一个问题(一事一案)。",
			Body:   ProposalInput{},
			Status: http.StatusCreated, Response: Proposal{}, Location: true, handle: (*API).createProposal,
		},
		{
			Method: http.MethodPut, Path: "/api/v1/proposals/{id}", ID: "updateProposal", Tag: "提案", Scope: account.ScopeWrite,
			Summary: "修改提案草稿",
			Doc: "以请求体整体替换草稿的内容(省略的字段即清空),仅提案人本人、仅在草稿状态可用。version 须为读取时得到的版本号," +
				"若其间已有变动,返回 409。修改联名人后须重新邀请。",
			Params: []param{proposalIDParam},
			Body:   ProposalUpdate{},
			Status: http.StatusOK, Response: Proposal{}, Errors: []int{http.StatusNotFound, http.StatusConflict},
			handle: (*API).updateProposal,
		},
		{
			Method: http.MethodPost, Path: "/api/v1/proposals/{id}/actions/{action}", ID: "proposalAction", Tag: "提案",
			Scope:   account.ScopeWrite,
			Summary: "办理提案",
			Doc: "执行一步办理操作,请求体为 version 和该操作所需的字段(见各字段说明;不属于该操作的字段会被拒绝)。" +
				"可执行的操作见查看提案的 available_actions。操作不存在返回 404;无权执行返回 403;" +
				"状态不允许(如已超过退回期限、协办意见未到)或提案已被他人处理(version 过期)返回 409;内容有误返回 422。" +
				"承办单位联络员可签收(sign_for)、申请退回(request_return)、提交协办意见(send_views)、申请延期(request_extension)、答复(reply)。" +
				"响应为操作后的提案。",
			Params: []param{proposalIDParam, {Name: "action", In: "path", Required: true,
				Schema: &Schema{Type: "string", Enum: proposalSteps}, Doc: "操作代码,如 submit、accept、assign、sign_for、reply"}},
			Body:   ActionInput{},
			Status: http.StatusOK, Response: Proposal{}, Errors: []int{http.StatusNotFound, http.StatusConflict},
			handle: (*API).proposalAction,
		},
	}
}

// who returns the caller as proposals see them: the actor and, for a
// handling unit's liaison, the units they are a liaison of.
func (a *API) who(r *request) (proposal.Who, error) {
	return a.proposals.Who(r.Context(), r.actor)
}

// utc returns t in UTC, or nil when it is zero.
func utc(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func proposalSummaryOf(s proposal.Summary, now time.Time) ProposalSummary {
	return ProposalSummary{ID: s.ID, Code: s.Code(), Title: s.Title, Category: s.Category, Kind: string(s.Kind),
		Timing: string(s.Timing), State: string(s.State), StateName: s.State.Name(), ProposerName: s.ProposerName,
		Key: s.Key, DueAt: utc(s.DueAt), Overdue: s.Overdue(now), Version: s.Version, UpdatedAt: s.UpdatedAt.UTC()}
}

// proposalOf returns the API view of p with the steps who may take at now
// and its timeline.
func proposalOf(p proposal.Proposal, events []proposal.Event, who proposal.Who, now time.Time, cfg proposal.Config) Proposal {
	out := Proposal{
		ProposalSummary: ProposalSummary{ID: p.ID, Code: p.Code(), Title: p.Title, Category: p.Category,
			Kind: string(p.Kind), Timing: string(p.Timing), State: string(p.State), StateName: p.State.Name(),
			ProposerName: p.ProposerName, Key: p.Key, DueAt: utc(p.DueAt()), Overdue: p.Overdue(now),
			Version: p.Version, UpdatedAt: p.UpdatedAt.UTC()},
		Number: p.Number, KindName: p.Kind.Name(), TimingName: p.Timing.Name(), TermID: p.TermID, SessionID: p.SessionID,
		Situation: p.Situation, Analysis: p.Analysis, Suggestion: p.Suggestion, Public: p.Public,
		SuggestedUnit: p.SuggestedUnit, ProposerUserID: p.ProposerUserID, ReviewNote: p.ReviewNote,
		RejectGround: string(p.RejectGround), DecisionNote: p.DecisionNote, MergedInto: p.MergedInto,
		TransferTarget: string(p.TransferTarget), Mode: string(p.Mode), Round: p.Round, Excellent: p.Excellent,
		ExcellentYear: p.ExcellentYear, CreatedAt: p.CreatedAt.UTC(), SubmittedAt: utc(p.SubmittedAt),
		AcceptedAt: utc(p.AcceptedAt), AssignedAt: utc(p.AssignedAt), ClosedAt: utc(p.ClosedAt),
		CoSigners: each(p.CoSigners, func(c proposal.CoSigner) ProposalCoSigner {
			return ProposalCoSigner{UserID: c.UserID, Name: c.Name, Status: string(c.Status), StatusName: c.Status.Name(),
				AnsweredAt: utc(c.AnsweredAt), MergedFrom: c.MergedFrom}
		}),
		Units: each(p.Units, func(u proposal.Unit) ProposalUnit {
			waiting := u.Role.Replies() && u.State != proposal.UnitReplied && u.State != proposal.UnitDone &&
				u.State != proposal.UnitReturned
			return ProposalUnit{UnitID: u.UnitID, Name: u.Name, Role: string(u.Role), RoleName: u.Role.Name(),
				State: string(u.State), StateName: u.State.Name(), AssignedAt: u.AssignedAt.UTC(), SignedAt: utc(u.SignedAt),
				ReturnDeadline: utc(u.ReturnDeadline), ViewsDeadline: utc(u.ViewsDeadline), DueAt: utc(u.DueAt),
				MaxDueAt: utc(u.MaxDueAt), Overdue: waiting && !u.DueAt.IsZero() && now.After(u.DueAt),
				ReturnReason: u.ReturnReason, Views: u.Views, ViewsAt: utc(u.ViewsAt), Note: u.Note}
		}),
		Extensions: each(p.Extensions, func(e proposal.Extension) ProposalExtension {
			return ProposalExtension{UnitID: e.UnitID, Round: e.Round, Until: e.Until.UTC(), Reason: e.Reason,
				Status: string(e.Status), StatusName: e.Status.Name(), RequestedAt: e.RequestedAt.UTC(),
				DecidedAt: utc(e.DecidedAt), Note: e.Note}
		}),
		Replies: each(p.Replies, func(r proposal.Reply) ProposalReply {
			return ProposalReply{UnitID: r.UnitID, Round: r.Round, Class: string(r.Class), ClassName: r.Class.Name(),
				Contact: string(r.Contact), ContactName: r.Contact.Name(), ContactedOn: day(r.ContactedOn.In(account.CST)),
				ContactPerson: r.ContactPerson, ContactPhone: r.ContactPhone, Signer: r.Signer, Letter: r.Letter,
				Status: string(r.Status), SubmittedAt: r.SubmittedAt.UTC(), ReviewedAt: utc(r.ReviewedAt),
				ReviewNote: r.ReviewNote}
		}),
		Evaluations: each(p.Evaluations, func(e proposal.Evaluation) ProposalEvaluation {
			return ProposalEvaluation{UserID: e.UserID, Name: e.Name, Round: e.Round, Level: string(e.Level),
				LevelName: e.Level.Name(), Comment: e.Comment, At: e.At.UTC()}
		}),
		AvailableActions: available(p, who, now, cfg),
		Timeline: each(events, func(e proposal.Event) ProposalEvent {
			return ProposalEvent{At: e.At.UTC(), Action: string(e.Action), ActionName: e.Action.Name(), ActorName: e.ActorName,
				As: string(e.As), AsName: e.As.Name(), UnitID: e.UnitID, From: string(e.From), To: string(e.To),
				ToName: e.To.Name(), UnitTo: string(e.UnitTo), Note: e.Note}
		}),
	}
	if p.RejectGround != "" {
		out.RejectGroundName = strings.TrimSuffix(p.RejectGround.Name(), "的")
	}
	if p.Mode != "" {
		out.ModeName = p.Mode.Name()
	}
	if p.Key {
		out.KeyInfo = &ProposalKeyInfo{Decision: p.KeyInfo.Decision, LeadLeader: p.KeyInfo.LeadLeader,
			Supervisor: p.KeyInfo.Supervisor, MarkedAt: p.KeyInfo.MarkedAt.UTC()}
	}
	return out
}

// available returns the steps who may take on p at now, as Allowed decides
// them; unit steps name the units they are allowed on. Edit is listed as
// "edit" although it is taken with PUT.
func available(p proposal.Proposal, who proposal.Who, now time.Time, cfg proposal.Config) []AvailableAction {
	out := []AvailableAction{}
	for _, act := range proposal.Actions {
		if !act.OnUnit() {
			if proposal.Allowed(p, who, act, 0, now, cfg) == nil {
				out = append(out, AvailableAction{Action: string(act), Name: act.Name()})
			}
			continue
		}
		var units []int64
		for _, u := range p.Units {
			if u.State != proposal.UnitReturned && !slices.Contains(units, u.UnitID) &&
				proposal.Allowed(p, who, act, u.UnitID, now, cfg) == nil {
				units = append(units, u.UnitID)
			}
		}
		if len(units) > 0 {
			out = append(out, AvailableAction{Action: string(act), Name: act.Name(), UnitIDs: units})
		}
	}
	return out
}

// flag reads the optional query parameter name as 1/true or 0/false.
func flag(r *request, name string) (bool, error) {
	switch r.query(name) {
	case "", "0", "false":
		return false, nil
	case "1", "true":
		return true, nil
	}
	return false, errs.Field(name, "参数 "+name+" 应为 1 或 0")
}

func (a *API) listProposals(w http.ResponseWriter, r *request) error {
	p, err1 := parsePage(r, "proposals")
	termID, err2 := queryID(r, "term_id", "届次")
	sessionID, err3 := queryID(r, "session_id", "会议")
	f := proposal.ListFilter{Category: strings.TrimSpace(r.query("category")), Timing: proposal.Timing(r.query("timing")),
		TermID: termID, SessionID: sessionID, Title: strings.TrimSpace(r.query("q"))}
	var c errs.Check
	r.query("state") // declared; it may be given more than once
	for _, v := range r.URL.Query()["state"] {
		for s := range strings.SplitSeq(v, ",") {
			st := proposal.State(strings.TrimSpace(s))
			if st == "" {
				continue
			}
			if !st.Valid() {
				c.Add("state", "状态“"+truncateRunes(string(st), 20)+"”不存在")
				continue
			}
			if !slices.Contains(f.States, st) {
				f.States = append(f.States, st)
			}
		}
	}
	c.If(f.Timing != "" && f.Timing != proposal.Plenary && f.Timing != proposal.Regular, "timing", "timing 应为 plenary(大会提案)或 regular(平时提案)")
	c.If(utf8.RuneCountInString(f.Category) > maxQueryRunes, "category", "提案类别不能超过 "+strconv.Itoa(maxQueryRunes)+" 个字")
	c.If(utf8.RuneCountInString(f.Title) > maxQueryRunes, "q", "搜索内容不能超过 "+strconv.Itoa(maxQueryRunes)+" 个字")
	mine, err4 := flag(r, "mine")
	key, err5 := flag(r, "key")
	public, err6 := flag(r, "public")
	overdue, err7 := flag(r, "overdue")
	if err := joinFields(err1, err2, err3, err4, err5, err6, err7, c.Err()); err != nil {
		return err
	}
	f.KeyOnly, f.PublicOnly, f.OverdueOnly = key, public, overdue
	if mine {
		f.UserID = r.actor.UserID
	}
	who, err := a.who(r)
	if err != nil {
		return err
	}
	now := a.now()
	items, next, err := fetchPage(p, func(s proposal.Summary) int64 { return s.ID },
		func(after int64, n int) ([]proposal.Summary, error) {
			f.BeforeID, f.Limit = after, n
			return a.proposals.List(r.Context(), who, f)
		})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ProposalList{Items: each(items, func(s proposal.Summary) ProposalSummary {
		return proposalSummaryOf(s, now)
	}), NextCursor: next})
}

// writeProposal answers proposal id as who sees it now, with status. A
// liaison of a unit it is assigned to also gets the proposer's mobile.
func (a *API) writeProposal(w http.ResponseWriter, r *request, who proposal.Who, id int64, status int) error {
	p, events, err := a.proposals.Timeline(r.Context(), who, id)
	if err != nil {
		return err
	}
	cfg, err := a.proposals.Config(r.Context(), p.CommitteeID)
	if err != nil {
		return err
	}
	out := proposalOf(p, events, who, a.now(), cfg)
	if len(who.UnitIDs) > 0 {
		out.ProposerMobile, err = a.proposals.ProposerMobile(r.Context(), r.actor, id)
		if err != nil && !errs.Is(err, errs.Forbidden) {
			return err
		}
	}
	return writeJSON(w, status, out)
}

func (a *API) getProposal(w http.ResponseWriter, r *request) error {
	id, err := r.pathID("id", "提案")
	if err != nil {
		return err
	}
	who, err := a.who(r)
	if err != nil {
		return err
	}
	return a.writeProposal(w, r, who, id, http.StatusOK)
}

// draft checks the input of a draft that needs the committee's data — the
// term and session exist, the proposer and co-signers are serving members
// of the term — and returns it as an Edit.
func (a *API) draft(r *request, in ProposalInput) (proposal.Edit, error) {
	e := proposal.Edit{Content: proposal.Content{Title: in.Title, Category: in.Category, Situation: in.Situation,
		Analysis: in.Analysis, Suggestion: in.Suggestion, Public: in.Public, SuggestedUnit: in.SuggestedUnit},
		Kind: proposal.Kind(in.Kind), Timing: proposal.Timing(in.Timing), TermID: in.TermID, SessionID: in.SessionID}
	ctx := r.Context()
	if in.TermID == 0 {
		return e, nil // ValidateDraft names the missing term
	}
	for _, id := range in.CoSigners {
		e.CoSigners = append(e.CoSigners, proposal.CoSigner{UserID: id})
	}
	who, err := a.proposals.Who(ctx, r.actor)
	if err != nil {
		return e, err
	}
	return e, a.proposals.CheckDraft(ctx, who, &e)
}

func (a *API) createProposal(w http.ResponseWriter, r *request) error {
	if !r.actor.Has(authz.Member) && !r.actor.Has(authz.Convener) && !r.actor.Has(authz.Collective) {
		return errs.E(errs.Forbidden, "只有委员和集体提案单位可以提出提案")
	}
	var in ProposalInput
	if err := decodeJSON(r.Request, &in); err != nil {
		return err
	}
	e, err := a.draft(r, in)
	if err != nil {
		return err
	}
	who, err := a.who(r)
	if err != nil {
		return err
	}
	p, err := a.proposals.Create(r.Context(), who, proposal.Proposal{Content: e.Content, Kind: e.Kind, Timing: e.Timing,
		TermID: e.TermID, SessionID: e.SessionID, CoSigners: e.CoSigners})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/proposals/"+strconv.FormatInt(p.ID, 10))
	return a.writeProposal(w, r, who, p.ID, http.StatusCreated)
}

func (a *API) updateProposal(w http.ResponseWriter, r *request) error {
	id, err := r.pathID("id", "提案")
	if err != nil {
		return err
	}
	var in ProposalUpdate
	if err := decodeJSON(r.Request, &in); err != nil {
		return err
	}
	if in.Version < 1 {
		return errs.Field("version", "请提供读取该提案时得到的 version")
	}
	who, err := a.who(r)
	if err != nil {
		return err
	}
	if _, err := a.proposals.Get(r.Context(), who, id); err != nil {
		return err
	}
	e, err := a.draft(r, in.ProposalInput)
	if err != nil {
		return err
	}
	if _, _, err := a.proposals.Do(r.Context(), who, id, in.Version, e); err != nil {
		return err
	}
	return a.writeProposal(w, r, who, id, http.StatusOK)
}

func (a *API) proposalAction(w http.ResponseWriter, r *request) error {
	id, err := r.pathID("id", "提案")
	if err != nil {
		return err
	}
	act := proposal.Action(r.PathValue("action"))
	if !slices.Contains(proposalSteps, string(act)) {
		if act == proposal.ActEdit {
			return errs.E(errs.NotFound, "修改草稿请使用 PUT /api/v1/proposals/%d", id)
		}
		return errs.E(errs.NotFound, "没有“%s”这项操作,可用的操作见提案的 available_actions", truncateRunes(string(act), 40))
	}
	var in ActionInput
	if err := decodeJSON(r.Request, &in); err != nil {
		return err
	}
	if err := checkStepFields(act, in); err != nil {
		return err
	}
	if in.Version < 1 {
		return errs.Field("version", "请提供读取该提案时得到的 version")
	}
	who, err := a.who(r)
	if err != nil {
		return err
	}
	// A proposal the caller may not see does not exist for them, whatever
	// the step.
	p, err := a.proposals.Get(r.Context(), who, id)
	if err != nil {
		return err
	}
	cmd, err := a.command(r, act, in)
	if err != nil {
		return err
	}
	if act == proposal.ActSubmit && p.Timing == proposal.Plenary {
		// The service reads the session's submission window.
		_, _, err = a.proposals.SubmitPlenary(r.Context(), who, id, in.Version)
	} else {
		_, _, err = a.proposals.Do(r.Context(), who, id, in.Version, cmd)
	}
	if err != nil {
		return stepError(act, err)
	}
	return a.writeProposal(w, r, who, id, http.StatusOK)
}

// checkStepFields refuses fields of in that step act does not use, so that
// a field sent to the wrong step is reported instead of silently ignored.
func checkStepFields(act proposal.Action, in ActionInput) error {
	var c errs.Check
	v := reflect.ValueOf(in)
	t := v.Type()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "version" || v.Field(i).IsZero() || slices.Contains(stepFields[act], name) {
			continue
		}
		c.Add(name, "操作“"+act.Name()+"”不使用字段“"+name+"”")
	}
	return c.Err()
}

// stepError names the fields of the domain's errors as the body does.
func stepError(act proposal.Action, err error) error {
	var e *errs.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	rename := map[string]string{"replacement": "replacement_unit_id"}
	if act == proposal.ActReply {
		for _, f := range []string{"class", "contact", "contacted_on", "contact_person", "contact_phone", "signer", "letter"} {
			rename[f] = "reply." + f
		}
	}
	out := *e
	out.Fields = slices.Clone(e.Fields)
	for i, f := range out.Fields {
		if n, ok := rename[f.Field]; ok {
			out.Fields[i].Field = n
		}
	}
	return &out
}

// command builds the command of step act from in. It checks what needs
// the committee's data (units exist) or the body's form (dates); the rules
// of the step are the domain's.
func (a *API) command(r *request, act proposal.Action, in ActionInput) (proposal.Command, error) {
	step := proposal.StepInput{Unit: in.UnitID, Note: in.Note, Reason: in.Reason, Ground: proposal.Ground(in.Ground),
		Into: in.Into, Target: proposal.TransferTarget(in.Target), Consented: in.Consented, Mode: proposal.Mode(in.Mode),
		Views: in.Views, Level: proposal.Level(in.Level), Comment: in.Comment, Key: in.Key == nil || *in.Key,
		KeyInfo:   proposal.KeyInfo{Decision: in.Decision, LeadLeader: in.LeadLeader, Supervisor: in.Supervisor},
		Excellent: in.Excellent == nil || *in.Excellent, Year: in.Year, FollowUp: proposal.FollowUpKind(in.FollowUpKind)}
	var err error
	switch act {
	case proposal.ActAssign:
		if len(in.Units) == 0 {
			return nil, errs.Field("units", "请选择承办单位")
		}
		units, err := a.handlingUnits(r)
		if err != nil {
			return nil, err
		}
		var c errs.Check
		for _, u := range in.Units {
			name, ok := units[u.UnitID]
			if !ok {
				c.Add("units", "承办单位(编号 "+strconv.FormatInt(u.UnitID, 10)+")不存在")
				continue
			}
			step.Units = append(step.Units, proposal.UnitChoice{UnitID: u.UnitID, Name: name, Role: proposal.UnitRole(u.Role)})
		}
		if err := c.Err(); err != nil {
			return nil, err
		}
	case proposal.ActApproveReturn:
		if in.ReplacementUnitID != 0 {
			units, err := a.handlingUnits(r)
			if err != nil {
				return nil, err
			}
			name, ok := units[in.ReplacementUnitID]
			if !ok {
				return nil, errs.Field("replacement_unit_id", "承办单位(编号 "+strconv.FormatInt(in.ReplacementUnitID, 10)+")不存在")
			}
			step.Replacement = proposal.UnitChoice{UnitID: in.ReplacementUnitID, Name: name}
		}
	case proposal.ActRequestExtension:
		step.Until, err = parseDay("until", in.Until)
	case proposal.ActReply:
		if in.Reply == nil {
			return nil, errs.Field("reply", "请填写答复内容(reply)")
		}
		rp := in.Reply
		step.Reply = proposal.Reply{Class: proposal.Class(rp.Class), Contact: proposal.Contact(rp.Contact),
			ContactPerson: rp.ContactPerson, ContactPhone: rp.ContactPhone, Signer: rp.Signer, Letter: rp.Letter}
		step.Reply.ContactedOn, err = parseDay("reply.contacted_on", rp.ContactedOn)
	case proposal.ActFollowUp:
		step.On, err = parseDay("on", in.On)
	}
	if err != nil {
		return nil, err
	}
	return step.Command(act)
}

// handlingUnits returns the names of the handling units of the caller's
// committee by id.
func (a *API) handlingUnits(r *request) (map[int64]string, error) {
	units, err := a.org.Units(r.Context(), r.actor, org.Handling)
	if errs.Is(err, errs.Forbidden) {
		return nil, errs.E(errs.Forbidden, "您没有权限对该提案执行此操作")
	}
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(units))
	for _, u := range units {
		out[u.ID] = u.Name
	}
	return out, nil
}
