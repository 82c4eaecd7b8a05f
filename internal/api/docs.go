package api

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

//go:embed assets/docs.html assets/docs.css
var assets embed.FS

var docsTemplate = template.Must(template.ParseFS(assets, "assets/docs.html"))

// docsPage is what the documentation template receives.
type docsPage struct {
	Tags     []docsTag
	Schemas  []docsSchema
	Problems []problemType
}

type docsTag struct {
	Name, Doc string
	Ops       []docsOp
}

type docsOp struct {
	Anchor, Method, Path, Summary, Doc string
	Scope, ScopeName                   string
	Params                             []docsField
	Body                               docsType
	HasBody                            bool
	Status                             int
	Response                           docsType
	Location                           bool
	Errors                             []problemType
}

// docsType is a schema reduced to a label and, for components, the anchor
// of their description.
type docsType struct {
	Label, Anchor string
}

type docsField struct {
	Name     string
	In       string
	Type     docsType
	Required bool
	Doc      string
}

type docsSchema struct {
	Name, Anchor string
	Fields       []docsField
}

// renderDocs renders the documentation page from the table of operations
// and the schemas of doc.
func renderDocs(ops []route, doc *document) ([]byte, error) {
	var p docsPage
	for _, t := range tags {
		dt := docsTag{Name: t.Name, Doc: t.Doc}
		for i := range ops {
			if rt := &ops[i]; rt.Tag == t.Name {
				dt.Ops = append(dt.Ops, docsOpOf(rt, doc))
			}
		}
		p.Tags = append(p.Tags, dt)
	}
	names := make([]string, 0, len(doc.Components.Schemas))
	for name := range doc.Components.Schemas {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		s := doc.Components.Schemas[name]
		ds := docsSchema{Name: name, Anchor: "schema-" + name}
		for _, f := range s.Order {
			fs := s.Properties[f]
			ds.Fields = append(ds.Fields, docsField{Name: f, Type: typeOf(fs), Required: slices.Contains(s.Required, f),
				Doc: fs.Description})
		}
		p.Schemas = append(p.Schemas, ds)
	}
	p.Problems = problemTypes
	var buf bytes.Buffer
	if err := docsTemplate.Execute(&buf, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func docsOpOf(rt *route, doc *document) docsOp {
	op := doc.Paths[rt.Path][strings.ToLower(rt.Method)]
	d := docsOp{Anchor: "op-" + rt.ID, Method: rt.Method, Path: rt.Path, Summary: rt.Summary, Doc: rt.Doc,
		Scope: string(rt.Scope), ScopeName: scopeName(rt.Scope), Status: rt.Status, Location: rt.Location}
	for _, p := range op.Parameters {
		d.Params = append(d.Params, docsField{Name: p.Name, In: p.In, Type: typeOf(p.Schema), Required: p.Required, Doc: p.Description})
	}
	if op.RequestBody != nil {
		d.HasBody = true
		d.Body = typeOf(op.RequestBody.Content[jsonType].Schema)
	}
	d.Response = typeOf(op.Responses[strconv.Itoa(rt.Status)].Content[jsonType].Schema)
	for _, status := range rt.errorStatuses() {
		if p, ok := problemFor(status); ok {
			d.Errors = append(d.Errors, p)
		}
	}
	slices.SortFunc(d.Errors, func(a, b problemType) int { return a.Status - b.Status })
	return d
}

// typeNames are the Chinese names of JSON types.
var typeNames = map[string]string{"string": "字符串", "integer": "整数", "number": "数字", "boolean": "布尔值",
	"object": "对象", "array": "数组"}

// typeOf describes s in a few words, linking to component schemas.
func typeOf(s *Schema) docsType {
	if s == nil {
		return docsType{Label: "任意"}
	}
	if s.Ref != "" {
		name := strings.TrimPrefix(s.Ref, "#/components/schemas/")
		return docsType{Label: name, Anchor: "schema-" + name}
	}
	if len(s.AnyOf) > 0 {
		t := typeOf(s.AnyOf[0])
		t.Label += " 或 null"
		return t
	}
	var names []string
	switch t := s.Type.(type) {
	case string:
		names = []string{t}
	case []string:
		names = slices.Clone(t)
	}
	for i, n := range names {
		if zh, ok := typeNames[n]; ok {
			names[i] = zh
		}
	}
	label := strings.Join(names, " 或 ")
	if label == "" {
		label = "任意"
	}
	switch {
	case s.Items != nil:
		item := typeOf(s.Items)
		return docsType{Label: "数组,元素为 " + item.Label, Anchor: item.Anchor}
	case s.AdditionalProperties != nil:
		v := typeOf(s.AdditionalProperties)
		return docsType{Label: "对象,值为 " + v.Label, Anchor: v.Anchor}
	}
	if s.Format != "" {
		label += "(" + s.Format + ")"
	}
	if len(s.Enum) > 0 {
		label += ":" + strings.Join(s.Enum, " | ")
	}
	var limits []string
	if s.Minimum != nil {
		limits = append(limits, "最小 "+strconv.FormatInt(*s.Minimum, 10))
	}
	if s.Maximum != nil {
		limits = append(limits, "最大 "+strconv.FormatInt(*s.Maximum, 10))
	}
	if s.MaxLength != nil {
		limits = append(limits, "最长 "+strconv.FormatInt(*s.MaxLength, 10)+" 字")
	}
	if s.Default != nil {
		limits = append(limits, "默认 "+toString(s.Default))
	}
	if len(limits) > 0 {
		label += "," + strings.Join(limits, ",")
	}
	return docsType{Label: label}
}

func toString(v any) string {
	switch v := v.(type) {
	case int:
		return strconv.Itoa(v)
	case string:
		return v
	}
	return ""
}

// serveDocs serves the documentation page; it needs no token.
func (a *API) serveDocs(w http.ResponseWriter, r *http.Request) {
	serveBytes(w, r, "text/html; charset=utf-8", a.docs)
}

// serveDocsCSS serves the stylesheet of the documentation page.
func serveDocsCSS(w http.ResponseWriter, r *http.Request) {
	b, _ := assets.ReadFile("assets/docs.css") // embedded, always present
	serveBytes(w, r, "text/css; charset=utf-8", b)
}
