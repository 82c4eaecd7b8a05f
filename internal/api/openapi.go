package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// document is an OpenAPI 3.1 document, as much of it as the API uses.
type document struct {
	OpenAPI    string                           `json:"openapi"`
	Info       info                             `json:"info"`
	Tags       []docTag                         `json:"tags"`
	Paths      map[string]map[string]*operation `json:"paths"`
	Components components                       `json:"components"`
}

type info struct {
	Title       string `json:"title"`
	Version     string `json:"version"`
	Description string `json:"description"`
}

type docTag struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

type operation struct {
	OperationID string                `json:"operationId"`
	Summary     string                `json:"summary"`
	Description string                `json:"description,omitempty"`
	Tags        []string              `json:"tags"`
	Security    []map[string][]string `json:"security"`
	Parameters  []parameter           `json:"parameters,omitempty"`
	RequestBody *requestBody          `json:"requestBody,omitempty"`
	Responses   map[string]*response  `json:"responses"`
}

type parameter struct {
	Name        string  `json:"name"`
	In          string  `json:"in"`
	Description string  `json:"description,omitempty"`
	Required    bool    `json:"required,omitempty"`
	Schema      *Schema `json:"schema"`
}

type requestBody struct {
	Description string               `json:"description,omitempty"`
	Required    bool                 `json:"required"`
	Content     map[string]mediaType `json:"content"`
}

type mediaType struct {
	Schema *Schema `json:"schema"`
}

type response struct {
	Ref         string               `json:"$ref,omitempty"`
	Description string               `json:"description,omitempty"`
	Headers     map[string]header    `json:"headers,omitempty"`
	Content     map[string]mediaType `json:"content,omitempty"`
}

type header struct {
	Description string  `json:"description"`
	Schema      *Schema `json:"schema"`
}

type components struct {
	Schemas         map[string]*Schema        `json:"schemas"`
	Responses       map[string]*response      `json:"responses"`
	SecuritySchemes map[string]securityScheme `json:"securitySchemes"`
}

type securityScheme struct {
	Type         string `json:"type"`
	Scheme       string `json:"scheme"`
	BearerFormat string `json:"bearerFormat,omitempty"`
	Description  string `json:"description"`
}

const (
	jsonType    = "application/json"
	problemJSON = "application/problem+json"
	securityKey = "bearer"
)

const apiDescription = "协商平台的 JSON 接口。\n\n" +
	"**认证**:只接受个人访问令牌,放在请求头 `Authorization: Bearer xst_…` 中;令牌在网页“API 访问令牌”页面创建。" +
	"GET 请求需要令牌具有 read(读取)权限范围,其他请求需要 write(写入)权限范围。接口不使用 Cookie。\n\n" +
	"**错误**:以 RFC 9457 `application/problem+json` 返回,`detail` 为可直接展示的中文说明,`errors` 逐项列出有误的字段。\n\n" +
	"**分页**:列表返回 `{\"items\": […], \"next_cursor\": \"…\"}`;把 `next_cursor` 原样作为 `cursor` 参数传回取下一页," +
	"没有 `next_cursor` 即为最后一页。`limit` 为每页条数(1–200,默认 50)。\n\n" +
	"**时间**:响应中的时间均为 RFC 3339 格式的 UTC 时间;查询参数中的日期按北京时间(UTC+8)理解。"

// buildDocument derives the OpenAPI document from the table of operations
// and, by reflection, the schemas of their bodies. It panics if the table
// is inconsistent (a path wildcard without its parameter or the reverse, a
// duplicate operationId), which only a programming error can cause.
func buildDocument(ops []route) *document {
	sc := newSchemas()
	problem := sc.ref(Problem{}, false)
	doc := &document{
		OpenAPI: "3.1.0",
		Info:    info{Title: "协商平台 API", Version: "1", Description: apiDescription},
		Paths:   map[string]map[string]*operation{},
		Components: components{
			Schemas:   sc.defs,
			Responses: map[string]*response{},
			SecuritySchemes: map[string]securityScheme{securityKey: {Type: "http", Scheme: "bearer", BearerFormat: "xst_…",
				Description: "个人访问令牌。安全要求中列出的是令牌所需的权限范围(read 或 write)。"}},
		},
	}
	for _, t := range tags {
		doc.Tags = append(doc.Tags, docTag{Name: t.Name, Description: t.Doc})
	}
	for _, p := range problemTypes {
		r := &response{Description: p.Title + "。" + p.Doc,
			Content: map[string]mediaType{problemJSON: {Schema: problem}}}
		if p.Status == http.StatusUnauthorized {
			r.Headers = map[string]header{"WWW-Authenticate": {Description: "Bearer 认证质询(RFC 6750)",
				Schema: &Schema{Type: "string"}}}
		}
		doc.Components.Responses[p.Slug] = r
	}
	ids := map[string]bool{}
	for i := range ops {
		rt := &ops[i]
		if ids[rt.ID] {
			panic("api: duplicate operationId " + rt.ID)
		}
		ids[rt.ID] = true
		checkPathParams(rt)
		op := &operation{OperationID: rt.ID, Summary: rt.Summary, Description: rt.Doc, Tags: []string{rt.Tag},
			Security: []map[string][]string{{securityKey: {string(rt.Scope)}}}, Responses: map[string]*response{}}
		for _, p := range rt.Params {
			op.Parameters = append(op.Parameters, parameter{Name: p.Name, In: p.In, Description: p.Doc,
				Required: p.Required || p.In == "path", Schema: p.Schema})
		}
		if rt.Body != nil {
			op.RequestBody = &requestBody{Required: true,
				Content: map[string]mediaType{jsonType: {Schema: sc.ref(rt.Body, true)}}}
		}
		ok := &response{Description: successText(rt.Status),
			Content: map[string]mediaType{jsonType: {Schema: sc.ref(rt.Response, false)}}}
		if rt.Location {
			ok.Headers = map[string]header{"Location": {Description: "新建对象的地址",
				Schema: &Schema{Type: "string", Format: "uri-reference"}}}
		}
		op.Responses[strconv.Itoa(rt.Status)] = ok
		for _, status := range rt.errorStatuses() {
			p, ok := problemFor(status)
			if !ok {
				panic("api: " + rt.ID + ": no problem type for status " + strconv.Itoa(status))
			}
			op.Responses[strconv.Itoa(status)] = &response{Ref: "#/components/responses/" + p.Slug}
		}
		if doc.Paths[rt.Path] == nil {
			doc.Paths[rt.Path] = map[string]*operation{}
		}
		doc.Paths[rt.Path][strings.ToLower(rt.Method)] = op
	}
	return doc
}

func successText(status int) string {
	if status == http.StatusCreated {
		return "已创建"
	}
	return "成功"
}

var (
	wildcard     = regexp.MustCompile(`\{([^}]*)\}`)
	wildcardName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

// checkPathParams panics unless the wildcards of rt's path and its path
// parameters are the same names, and every wildcard is a plain {name}
// (ServeMux's {name...} and {$} have no OpenAPI equivalent).
func checkPathParams(rt *route) {
	var inPath, declared []string
	for _, m := range wildcard.FindAllStringSubmatch(rt.Path, -1) {
		if !wildcardName.MatchString(m[1]) {
			panic("api: " + rt.ID + ": unsupported wildcard {" + m[1] + "}")
		}
		inPath = append(inPath, m[1])
	}
	for _, p := range rt.Params {
		if p.In == "path" {
			declared = append(declared, p.Name)
		} else if p.In != "query" {
			panic("api: " + rt.ID + ": parameter " + p.Name + " in " + p.In)
		}
	}
	slices.Sort(inPath)
	slices.Sort(declared)
	if !slices.Equal(inPath, declared) {
		panic("api: " + rt.ID + ": path wildcards " + strings.Join(inPath, ",") + " but path parameters " + strings.Join(declared, ","))
	}
}

// marshalDocument encodes doc as indented JSON.
func marshalDocument(doc *document) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// serveOpenAPI serves the generated document; it needs no token.
func (a *API) serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	serveBytes(w, r, "application/json", a.openapi)
}

// serveBytes serves a generated, unchanging body with an ETag, so clients
// revalidate cheaply.
func serveBytes(w http.ResponseWriter, r *http.Request, contentType string, body []byte) {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "no-cache")
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", contentType)
	w.Write(body)
}
