package api

import (
	"net/http"

	"xieshang/internal/account"
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

// operations returns the table of the API's operations.
func operations() []route {
	return []route{
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
