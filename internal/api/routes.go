package api

import (
	"net/http"

	"xieshang/internal/account"
	"xieshang/internal/member"
	"xieshang/internal/org"
)

// route is one operation of the API. The table of routes drives both the
// registration on the mux (Routes) and the OpenAPI document
// (buildDocument), so the documentation cannot drift from what is served.
type route struct {
	Method   string // GET, POST, …
	Path     string // a ServeMux path with plain {name} wildcards, e.g. /api/v1/users/{id}
	ID       string // operationId
	Summary  string // 简体中文, one line
	Doc      string // 简体中文, optional longer description
	Tag      string // one of tags
	Scope    account.Scope
	Params   []param
	Body     any   // a value of the request body type; nil when there is none
	Status   int   // the status on success
	Response any   // a value of the response body type
	Location bool  // the success response carries a Location header
	Errors   []int // error statuses beyond those every operation can answer (see errorStatuses)
	handle   func(*API, http.ResponseWriter, *request) error
}

// tag groups operations in the documentation.
type tag struct{ Name, Doc string }

var tags = []tag{
	{"账号", "当前用户与账号管理。账号列表、查看他人账号仅限系统管理员和安全管理员,创建账号仅限系统管理员。"},
	{"审计", "审计日志查询,仅限审计管理员。"},
	{"组织", "本政协的界别、党派、专委会、单位和届次。查看仅限可查看委员名录的角色(委员、界别召集人、办公室、提案办、信息办工作人员和领导);" +
		"新增仅限办公室工作人员,每次新增都记入审计日志。"},
	{"委员", "委员名录。手机号、身份证号和地址默认脱敏;办公室、提案办工作人员和领导可查看单个委员的完整信息(reveal=true)," +
		"每次查看都记入审计日志。新增和修改委员仅限办公室工作人员。"},
	{"提案", "提案的提出、审查、交办、办理、答复和评价。委员提出并跟踪本人的提案;提案委员会办公室审查、交办、审核答复;" +
		"承办单位联络员签收、申请退回或延期、提交协办意见和答复本单位承办的提案;领导查看全部提案。每一步都记入办理经过和审计日志。"},
}

// param is a path or query parameter of an operation.
type param struct {
	Name     string
	In       string // "path" or "query"
	Doc      string
	Schema   *Schema
	Required bool // path parameters are always required
}

var (
	cursorParam = param{Name: "cursor", In: "query", Schema: &Schema{Type: "string"},
		Doc: "分页游标:上一页响应中的 next_cursor,原样传回;首页不传"}
	limitParam = param{Name: "limit", In: "query",
		Schema: &Schema{Type: "integer", Minimum: ptr[int64](1), Maximum: ptr[int64](maxLimit), Default: defaultLimit},
		Doc:    "每页条数,1–200,默认 50"}
	idParam = param{Name: "id", In: "path", Required: true,
		Schema: &Schema{Type: "integer", Format: "int64", Minimum: ptr[int64](1)}, Doc: "账号编号"}
)

func ptr[T any](v T) *T { return &v }

var termIDParam = param{Name: "id", In: "path", Required: true,
	Schema: &Schema{Type: "integer", Format: "int64", Minimum: ptr[int64](1)}, Doc: "届次编号"}

var memberIDParam = param{Name: "id", In: "path", Required: true,
	Schema: &Schema{Type: "integer", Format: "int64", Minimum: ptr[int64](1)}, Doc: "委员编号"}

// listRoutes returns the read and add operations of one of the
// committee's lists, at path.
func listRoutes(kind org.ListKind, path, listID, createID string) []route {
	name := kind.Name()
	return []route{
		{
			Method: http.MethodGet, Path: path, ID: listID, Tag: "组织", Scope: account.ScopeRead,
			Summary: name + "列表",
			Doc:     "列出本政协的全部" + name + ",按显示顺序,不分页。",
			Status:  http.StatusOK, Response: OrgItemList{}, handle: listItems(kind),
		},
		{
			Method: http.MethodPost, Path: path, ID: createID, Tag: "组织", Scope: account.ScopeWrite,
			Summary: "新增" + name,
			Doc:     "在本政协的" + name + "名单末尾新增一项,名称不能与已有的重复。仅办公室工作人员可用。",
			Body:    NewOrgItem{},
			Status:  http.StatusCreated, Response: OrgItem{}, handle: createItem(kind),
		},
	}
}

// operations returns the table of the API's operations.
func operations() []route {
	ops := []route{
		{
			Method: http.MethodGet, Path: "/api/v1/me", ID: "getMe", Tag: "账号", Scope: account.ScopeRead,
			Summary: "当前用户",
			Doc:     "返回访问令牌所属的用户及令牌本身的信息。可用于检查令牌是否有效。",
			Status:  http.StatusOK, Response: Me{}, handle: (*API).me,
		},
		{
			Method: http.MethodGet, Path: "/api/v1/users", ID: "listUsers", Tag: "账号", Scope: account.ScopeRead,
			Summary: "账号列表",
			Doc:     "列出本政协的账号,按编号升序分页。手机号已脱敏。仅系统管理员和安全管理员可用。",
			Params: []param{
				{Name: "q", In: "query", Schema: &Schema{Type: "string", MaxLength: ptr[int64](maxQueryRunes)},
					Doc: "按姓名、用户名或手机号模糊搜索"},
				cursorParam, limitParam,
			},
			Status: http.StatusOK, Response: UserList{}, handle: (*API).listUsers,
		},
		{
			Method: http.MethodGet, Path: "/api/v1/users/{id}", ID: "getUser", Tag: "账号", Scope: account.ScopeRead,
			Summary: "查看账号",
			Doc:     "返回一个账号。本人账号总可查看;他人账号仅系统管理员和安全管理员可查看;其他政协的账号视为不存在。",
			Params:  []param{idParam},
			Status:  http.StatusOK, Response: User{}, Errors: []int{http.StatusNotFound}, handle: (*API).getUser,
		},
		{
			Method: http.MethodPost, Path: "/api/v1/users", ID: "createUser", Tag: "账号", Scope: account.ScopeWrite,
			Summary: "创建账号",
			Doc: "在调用者所属政协创建账号,仅系统管理员可用。响应中的 one_time_password 是一次性初始密码,只返回这一次," +
				"用户首次登录时必须修改。角色须由安全管理员另行授予。",
			Body:   NewUser{},
			Status: http.StatusCreated, Response: CreatedUser{}, Location: true, handle: (*API).createUser,
		},
		{
			Method: http.MethodGet, Path: "/api/v1/audit", ID: "listAudit", Tag: "审计", Scope: account.ScopeRead,
			Summary: "审计日志",
			Doc: "按时间倒序列出本政协的审计日志,以及无法归属政协的安全事件(如未知用户名登录失败、无效令牌)。" +
				"日期按北京时间(UTC+8)理解。仅审计管理员可用。",
			Params: []param{
				{Name: "actor", In: "query", Schema: &Schema{Type: "string"}, Doc: "操作人姓名或登录名(模糊匹配)"},
				{Name: "action", In: "query", Schema: &Schema{Type: "string"},
					Doc: "操作类型,如 login.failed;以点结尾表示前缀匹配,如 login."},
				{Name: "from", In: "query", Schema: &Schema{Type: "string", Format: "date"}, Doc: "起始日期(含),格式 2026-01-31"},
				{Name: "to", In: "query", Schema: &Schema{Type: "string", Format: "date"}, Doc: "截止日期(含),格式 2026-01-31"},
				cursorParam, limitParam,
			},
			Status: http.StatusOK, Response: AuditList{}, handle: (*API).listAudit,
		},
	}
	ops = append(ops, route{
		Method: http.MethodGet, Path: "/api/v1/committee", ID: "getCommittee", Tag: "组织", Scope: account.ScopeRead,
		Summary: "所属政协",
		Doc:     "返回访问令牌所属用户所在的政协。任何角色都可查看。",
		Status:  http.StatusOK, Response: Committee{}, handle: (*API).getCommittee,
	})
	ops = append(ops, listRoutes(org.Sectors, "/api/v1/sectors", "listSectors", "createSector")...)
	ops = append(ops, listRoutes(org.Parties, "/api/v1/parties", "listParties", "createParty")...)
	ops = append(ops, listRoutes(org.SpecialCommittees, "/api/v1/special-committees", "listSpecialCommittees", "createSpecialCommittee")...)
	ops = append(ops, []route{
		{
			Method: http.MethodGet, Path: "/api/v1/units", ID: "listUnits", Tag: "组织", Scope: account.ScopeRead,
			Summary: "单位列表",
			Doc:     "列出本政协的参加单位、承办单位和机关处室,按类别、编号排列,不分页。",
			Params: []param{{Name: "kind", In: "query",
				Schema: &Schema{Type: "string", Enum: []string{"participating", "handling", "office"}},
				Doc:    "只列出一类单位:participating 参加单位,handling 承办单位,office 机关处室;不传则列出全部"}},
			Status: http.StatusOK, Response: UnitList{}, handle: (*API).listUnits,
		},
		{
			Method: http.MethodPost, Path: "/api/v1/units", ID: "createUnit", Tag: "组织", Scope: account.ScopeWrite,
			Summary: "新增单位",
			Doc:     "新增参加单位、承办单位或机关处室,同类单位名称不能重复。仅办公室工作人员可用。",
			Body:    NewUnit{},
			Status:  http.StatusCreated, Response: Unit{}, handle: (*API).createUnit,
		},
		{
			Method: http.MethodGet, Path: "/api/v1/terms", ID: "listTerms", Tag: "组织", Scope: account.ScopeRead,
			Summary: "届次列表",
			Doc:     "列出本政协的各届,按届次升序,不分页。",
			Status:  http.StatusOK, Response: TermList{}, handle: (*API).listTerms,
		},
		{
			Method: http.MethodPost, Path: "/api/v1/terms", ID: "createTerm", Tag: "组织", Scope: account.ScopeWrite,
			Summary: "新增届次",
			Doc:     "新增一届,届次不能重复。日期为日历日期,格式 2023-01-10。仅办公室工作人员可用。",
			Body:    NewTerm{},
			Status:  http.StatusCreated, Response: Term{}, handle: (*API).createTerm,
		},
		{
			Method: http.MethodGet, Path: "/api/v1/terms/{id}/sessions", ID: "listSessions", Tag: "组织", Scope: account.ScopeRead,
			Summary: "全体会议列表",
			Doc:     "列出本政协某一届的全体会议(第N次会议),按次数升序,不分页。其他政协的届次视为不存在。",
			Params:  []param{termIDParam},
			Status:  http.StatusOK, Response: SessionList{}, Errors: []int{http.StatusNotFound}, handle: (*API).listSessions,
		},
		{
			Method: http.MethodPost, Path: "/api/v1/terms/{id}/sessions", ID: "createSession", Tag: "组织", Scope: account.ScopeWrite,
			Summary: "新增全体会议",
			Doc: "为本政协某一届新增一次全体会议,名称按届次生成,如 第十一届第二次会议;同一届的次数不能重复。" +
				"结束日期不能早于开始日期,会议日期须在该届任期内。仅办公室工作人员可用。",
			Params: []param{termIDParam},
			Body:   NewSession{},
			Status: http.StatusCreated, Response: Session{}, Errors: []int{http.StatusNotFound}, handle: (*API).createSession,
		},
		{
			Method: http.MethodGet, Path: "/api/v1/members", ID: "listMembers", Tag: "委员", Scope: account.ScopeRead,
			Summary: "委员名录",
			Doc: "列出本政协的委员,按姓名拼音排序分页。列表只含脱敏手机号;身份证号和地址须通过“查看委员”获取。" +
				"委员、界别召集人、办公室、提案办、信息办工作人员和领导可用。",
			Params: []param{
				{Name: "q", In: "query", Schema: &Schema{Type: "string", MaxLength: ptr[int64](maxQueryRunes)},
					Doc: "按姓名、全拼或拼音首字母搜索,如 张宏伟、zhanghongwei、zhw"},
				{Name: "sector", In: "query", Schema: &Schema{Type: "integer", Format: "int64", Minimum: ptr[int64](1)},
					Doc: "只列出该界别(编号)的委员"},
				{Name: "party", In: "query", Schema: &Schema{Type: "string", MaxLength: ptr[int64](maxQueryRunes)},
					Doc: "只列出该党派(名称,如 民盟)的委员"},
				{Name: "special", In: "query", Schema: &Schema{Type: "integer", Format: "int64", Minimum: ptr[int64](1)},
					Doc: "只列出该专委会(编号)的委员"},
				{Name: "title", In: "query", Schema: &Schema{Type: "string", Enum: member.Titles},
					Doc: "只列出担任该职务的委员:主席、副主席、秘书长或常委"},
				{Name: "status", In: "query", Schema: &Schema{Type: "string", Enum: []string{"serving", "resigned", "revoked"}},
					Doc: "只列出在本届(最新一届)处于该状态的委员:serving 在任,resigned 辞去,revoked 撤销;不传则列出全部"},
				cursorParam, limitParam,
			},
			Status: http.StatusOK, Response: MemberList{}, handle: (*API).listMembers,
		},
		{
			Method: http.MethodGet, Path: "/api/v1/members/{id}", ID: "getMember", Tag: "委员", Scope: account.ScopeRead,
			Summary: "查看委员",
			Doc: "返回一位委员及其专委会和各届任职情况。手机号、身份证号、地址默认脱敏;" +
				"加 reveal=true 可查看完整信息,仅办公室、提案办工作人员和领导可用(其他角色返回 403),每次查看都记入审计日志(unmask)。" +
				"委员查看与本人账号关联的记录时不脱敏。其他政协的委员视为不存在。",
			Params: []param{memberIDParam,
				{Name: "reveal", In: "query", Schema: &Schema{Type: "boolean", Default: false},
					Doc: "true 表示查看未脱敏的完整信息(须有权限,并记入审计日志)"}},
			Status: http.StatusOK, Response: Member{}, Errors: []int{http.StatusNotFound}, handle: (*API).getMember,
		},
		{
			Method: http.MethodPost, Path: "/api/v1/members", ID: "createMember", Tag: "委员", Scope: account.ScopeWrite,
			Summary: "新增委员",
			Doc: "在本政协新增一位委员,仅办公室工作人员可用。身份证号须校验通过,并与性别、出生年月一致;" +
				"身份证号或手机号与本政协已有委员重复时返回 422。响应为新建的委员,与查看委员一样已脱敏。",
			Body:   MemberInput{},
			Status: http.StatusCreated, Response: Member{}, Location: true, handle: (*API).createMember,
		},
		{
			Method: http.MethodPut, Path: "/api/v1/members/{id}", ID: "updateMember", Tag: "委员", Scope: account.ScopeWrite,
			Summary: "修改委员",
			Doc: "以请求体整体替换委员的信息(省略的字段即清空),仅办公室工作人员可用。version 须为读取时得到的版本号;" +
				"若其间已被他人修改,返回 409,请重新读取后再改。响应为修改后的委员,已脱敏。",
			Params: []param{memberIDParam},
			Body:   MemberUpdate{},
			Status: http.StatusOK, Response: Member{}, Errors: []int{http.StatusNotFound, http.StatusConflict},
			handle: (*API).updateMember,
		},
		{
			Method: http.MethodPut, Path: "/api/v1/members/{id}/memberships/{term_id}", ID: "setMembership", Tag: "委员", Scope: account.ScopeWrite,
			Summary: "设置任职情况",
			Doc: "设置委员在某一届的任职状态,没有则新增,有则替换,仅办公室工作人员可用。在任(serving)不填结束日期;" +
				"辞去(resigned)、撤销(revoked)须填结束日期,且不早于开始日期;开始日期省略时取该届的开始日期。" +
				"version 须为读取委员时得到的版本号,若其间已被他人修改,返回 409。响应为修改后的委员,已脱敏。",
			Params: []param{memberIDParam, {Name: "term_id", In: "path", Required: true,
				Schema: &Schema{Type: "integer", Format: "int64", Minimum: ptr[int64](1)}, Doc: "届次编号"}},
			Body:   MembershipInput{},
			Status: http.StatusOK, Response: Member{}, Errors: []int{http.StatusNotFound, http.StatusConflict},
			handle: (*API).setMembership,
		},
	}...)
	return append(ops, proposalRoutes()...)
}

// errorStatuses returns every error status rt can answer: authentication,
// scope and query problems and internal errors for every operation, body
// problems for operations with a body, and the route's own.
func (rt *route) errorStatuses() []int {
	out := []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusUnprocessableEntity, http.StatusInternalServerError}
	if rt.Body != nil {
		out = append(out, http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType)
	}
	return append(out, rt.Errors...)
}

// declares reports whether rt has a parameter name in the given place.
func (rt *route) declares(name, in string) bool {
	for _, p := range rt.Params {
		if p.Name == name && p.In == in {
			return true
		}
	}
	return false
}
