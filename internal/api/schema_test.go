package api

import (
	"encoding/json"
	"slices"
	"testing"
	"time"
)

type schemaInner struct {
	X int `json:"x"`
}

type schemaEmbedded struct {
	E string `json:"e" doc:"嵌入"`
}

type schemaSample struct {
	schemaEmbedded
	S       string           `json:"s" doc:"字符串"`
	I       int              `json:"i"`
	I32     int32            `json:"i32"`
	U       uint             `json:"u"`
	F       float64          `json:"f"`
	B       bool             `json:"b,omitempty"`
	T       time.Time        `json:"t"`
	TP      *time.Time       `json:"tp"`
	TO      *time.Time       `json:"to,omitempty"`
	Raw     json.RawMessage  `json:"raw"`
	Bytes   []byte           `json:"bytes"`
	List    []string         `json:"list" enum:"a,b"`
	Map     map[string]int   `json:"map"`
	Inner   schemaInner      `json:"inner"`
	InnerP  *schemaInner     `json:"inner_p"`
	Nested  []schemaInner    `json:"nested"`
	Anon    struct{ Y bool } `json:"anon"`
	Any     any              `json:"any"`
	Str     int64            `json:"str,string"`
	Zero    time.Time        `json:"zero,omitzero"`
	Skip    string           `json:"-"`
	NoTag   string
	private string
	Refs    map[string][]bool `json:"refs" format:"custom"`
}

func TestSchemaReflection(t *testing.T) {
	sc := newSchemas()
	ref := sc.ref(schemaSample{private: "never described"}, true)
	if ref.Ref != "#/components/schemas/schemaSample" {
		t.Fatalf("ref %q", ref.Ref)
	}
	s := sc.defs["schemaSample"]
	b, _ := json.Marshal(s)
	var got map[string]any
	json.Unmarshal(b, &got)
	props := got["properties"].(map[string]any)
	want := map[string]string{
		"e":       `{"type":"string","description":"嵌入"}`,
		"s":       `{"type":"string","description":"字符串"}`,
		"i":       `{"type":"integer","format":"int64"}`,
		"i32":     `{"type":"integer","format":"int32"}`,
		"u":       `{"type":"integer","minimum":0}`,
		"f":       `{"type":"number","format":"double"}`,
		"b":       `{"type":"boolean"}`,
		"t":       `{"type":"string","format":"date-time"}`,
		"tp":      `{"type":["string","null"],"format":"date-time"}`,
		"to":      `{"type":"string","format":"date-time"}`,
		"raw":     `{"type":"object"}`,
		"bytes":   `{"type":"string","contentEncoding":"base64"}`,
		"list":    `{"type":"array","items":{"type":"string","enum":["a","b"]}}`,
		"map":     `{"type":"object","additionalProperties":{"type":"integer","format":"int64"}}`,
		"inner":   `{"$ref":"#/components/schemas/schemaInner"}`,
		"inner_p": `{"anyOf":[{"$ref":"#/components/schemas/schemaInner"},{"type":"null"}]}`,
		"nested":  `{"type":"array","items":{"$ref":"#/components/schemas/schemaInner"}}`,
		"anon":    `{"type":"object","required":["Y"],"properties":{"Y":{"type":"boolean"}},"additionalProperties":false}`,
		"any":     `{}`,
		"str":     `{"type":"string"}`,
		"zero":    `{"type":"string","format":"date-time"}`,
		"NoTag":   `{"type":"string"}`,
		"refs":    `{"type":"object","format":"custom","additionalProperties":{"type":"array","items":{"type":"boolean"}}}`,
	}
	for name, js := range want {
		var w any
		if err := json.Unmarshal([]byte(js), &w); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		g, _ := json.Marshal(props[name])
		ww, _ := json.Marshal(w)
		if string(g) != string(ww) {
			t.Errorf("%s:\n got %s\nwant %s", name, g, ww)
		}
	}
	if len(props) != len(want) {
		t.Errorf("%d properties, want %d: %v", len(props), len(want), s.Order)
	}
	if !slices.Equal(s.Order[:3], []string{"e", "s", "i"}) {
		t.Errorf("order %v", s.Order)
	}
	optional := []string{"b", "to", "zero"}
	for name := range want {
		if slices.Contains(s.Required, name) == slices.Contains(optional, name) {
			t.Errorf("%s required = %v", name, slices.Contains(s.Required, name))
		}
	}
	if got["additionalProperties"] != false {
		t.Errorf("closed schema: %s", b)
	}
	if sc.defs["schemaInner"] == nil {
		t.Errorf("schemaInner not generated")
	}
}

type recursive struct {
	Children []recursive `json:"children"`
}

func TestSchemaRecursive(t *testing.T) {
	sc := newSchemas()
	sc.ref(recursive{}, false)
	if got := sc.defs["recursive"].Properties["children"].Items.Ref; got != "#/components/schemas/recursive" {
		t.Errorf("items %q", got)
	}
}

func TestSchemaRefusesUndescribable(t *testing.T) {
	for _, v := range []any{struct {
		C chan int `json:"c"`
	}{}, map[int]string{}, func() {}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%T described", v)
				}
			}()
			newSchemas().ref(v, false)
		}()
	}
}
