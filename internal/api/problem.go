package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"xieshang/internal/errs"
	"xieshang/internal/httpx"
)

// Problem is an RFC 9457 problem details object, the body of every error
// response of the API (media type application/problem+json).
type Problem struct {
	Type      string       `json:"type" format:"uri-reference" doc:"问题类型的标识,如 /api/problems/invalid;可在 /api/docs 查到说明"`
	Title     string       `json:"title" doc:"问题类型的简短名称"`
	Status    int          `json:"status" doc:"HTTP 状态码"`
	Detail    string       `json:"detail" doc:"本次错误的说明,可直接展示给用户"`
	Instance  string       `json:"instance" doc:"出错的请求路径"`
	RequestID string       `json:"request_id" doc:"请求编号,向管理员反映问题时请提供"`
	Errors    []FieldError `json:"errors,omitempty" doc:"逐项说明哪些字段或参数有误"`
}

// FieldError names one offending field or parameter of a request.
type FieldError struct {
	Field   string `json:"field" doc:"字段或查询参数的名称;嵌套字段以点分隔,如 sub.name"`
	Message string `json:"message" doc:"该字段的问题及修改方法"`
}

// problemType is one kind of problem the API reports, identified by the URI
// /api/problems/{Slug}.
type problemType struct {
	Status int
	Slug   string
	Title  string
	Doc    string // when it happens and what to do, for the documentation
}

// problemTypes lists every problem type, in status order.
var problemTypes = []problemType{
	{400, "bad-request", "请求格式有误", "请求体不是合法的 JSON 对象,或 JSON 之后还有多余内容。说明中给出出错的位置。"},
	{401, "unauthenticated", "未通过身份认证", "缺少访问令牌,或令牌无效、已撤销、已过期,或令牌所属账号已停用或锁定。请在个人中心重新创建令牌。"},
	{403, "forbidden", "没有权限", "令牌缺少所需的权限范围(读取或写入),或账号的角色无权执行该操作。"},
	{404, "not-found", "资源不存在", "接口地址有误,或对象不存在、不在您所属的政协。"},
	{405, "method-not-allowed", "不支持的请求方法", "该地址不支持此 HTTP 方法;响应头 Allow 列出支持的方法。"},
	{409, "conflict", "操作冲突", "与已有数据冲突,或数据已被他人修改。请刷新后重试。"},
	{413, "too-large", "请求内容过大", "请求体超过 1 MB 上限。"},
	{415, "unsupported-media-type", "不支持的内容类型", "请求体须为 UTF-8 编码的 JSON,并设置 Content-Type: application/json。"},
	{422, "invalid", "提交的内容有误", "字段或查询参数不符合要求;errors 逐项说明。修改后重新提交。"},
	{423, "locked", "账号已锁定", "账号因连续登录失败被暂时锁定。"},
	{500, "internal", "系统内部错误", "服务器出错,详情已记入日志。请稍后再试,或将 request_id 告知管理员。"},
}

// problemFor returns the problem type of status.
func problemFor(status int) (problemType, bool) {
	for _, p := range problemTypes {
		if p.Status == status {
			return p, true
		}
	}
	return problemType{}, false
}

// problemTypeOf returns the type URI and title of status; statuses without
// a problem type get about:blank and the standard status text.
func problemTypeOf(status int) (uri, title string) {
	if p, ok := problemFor(status); ok {
		return problemURI(p.Slug), p.Title
	}
	return "about:blank", http.StatusText(status)
}

func problemURI(slug string) string { return "/api/problems/" + slug }

// statusCause is a cause carried by an *errs.Error that fixes the response
// status where the error kind alone would give another one: 400, 405 and
// 415 have no error kind of their own.
type statusCause int

func (s statusCause) Error() string { return fmt.Sprintf("HTTP %d", int(s)) }

// withStatus makes e answer with status; cause, if any, is kept for logs.
func withStatus(status int, e *errs.Error, cause error) *errs.Error {
	e.Err = statusCause(status)
	if cause != nil {
		e.Err = fmt.Errorf("%w: %w", statusCause(status), cause)
	}
	return e
}

// statusOf returns the response status for err.
func statusOf(err error) int {
	var s statusCause
	if errors.As(err, &s) {
		return int(s)
	}
	return httpx.Status(err)
}

// fail answers err as a problem. The detail is errs.Message(err), which
// never reveals internals; 5xx errors are logged with their cause.
func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	if mb := (*http.MaxBytesError)(nil); errors.As(err, &mb) {
		err = httpx.TooLarge()
	}
	status := statusOf(err)
	if status >= 500 {
		a.log.Error("api request failed", "id", httpx.RequestID(r.Context()), "method", r.Method,
			"path", r.URL.Path, "err", err)
	}
	writeProblem(w, r, status, err)
}

// writeProblem answers err as a problem with status. Field errors are
// listed for client errors only.
func writeProblem(w http.ResponseWriter, r *http.Request, status int, err error) {
	if status == http.StatusUnauthorized && w.Header().Get("WWW-Authenticate") == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="xieshang"`)
	}
	typ, title := problemTypeOf(status)
	p := Problem{Type: typ, Title: title, Status: status, Detail: errs.Message(err), Instance: r.URL.Path,
		RequestID: httpx.RequestID(r.Context())}
	if status < 500 {
		for _, f := range errs.FieldsOf(err) {
			p.Errors = append(p.Errors, FieldError(f))
		}
	}
	b, _ := json.Marshal(p) // a Problem always encodes
	h := w.Header()
	h.Set("Content-Type", problemJSON)
	h.Set("Cache-Control", "no-store")
	h.Del("Location")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// writeJSON answers v as JSON with status. It encodes before writing, so an
// encoding error is returned (and answered as a 500 problem by the caller)
// instead of a half-sent body.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		return errs.Wrap(errs.Internal, err, "encode response")
	}
	h := w.Header()
	h.Set("Content-Type", jsonType)
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
	return nil
}

// serveProblemType sends the reader of a problem type URI to its entry in
// the documentation.
func (a *API) serveProblemType(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	for _, p := range problemTypes {
		if p.Slug == slug {
			http.Redirect(w, r, "/api/docs#problem-"+slug, http.StatusFound)
			return
		}
	}
	a.NotFound(w, r)
}
