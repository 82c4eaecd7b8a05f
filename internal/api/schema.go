package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Schema is a JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1),
// limited to what the API's types need.
type Schema struct {
	Ref                  string             `json:"$ref,omitempty"`
	Type                 any                `json:"type,omitempty"` // a name, or a list of names
	Format               string             `json:"format,omitempty"`
	ContentEncoding      string             `json:"contentEncoding,omitempty"`
	Description          string             `json:"description,omitempty"`
	Enum                 []string           `json:"enum,omitempty"`
	Default              any                `json:"default,omitempty"`
	Minimum              *int64             `json:"minimum,omitempty"`
	Maximum              *int64             `json:"maximum,omitempty"`
	MaxLength            *int64             `json:"maxLength,omitempty"`
	Items                *Schema            `json:"items,omitempty"`
	Properties           map[string]*Schema `json:"properties,omitempty"`
	Required             []string           `json:"required,omitempty"`
	AdditionalProperties *Schema            `json:"additionalProperties,omitempty"`
	AnyOf                []*Schema          `json:"anyOf,omitempty"`

	// Order lists Properties in declaration order, for the documentation.
	Order []string `json:"-"`
	// Closed marks an object that allows no other properties. It is
	// encoded as "additionalProperties": false.
	Closed bool `json:"-"`
}

// MarshalJSON encodes s with its properties in declaration order and
// Closed as "additionalProperties": false.
func (s *Schema) MarshalJSON() ([]byte, error) {
	type plain Schema
	out := struct {
		*plain
		Properties           *orderedProps `json:"properties,omitempty"`
		AdditionalProperties any           `json:"additionalProperties,omitempty"`
	}{plain: (*plain)(s)}
	if len(s.Properties) > 0 {
		out.Properties = &orderedProps{s.Order, s.Properties}
	}
	if s.Closed {
		out.AdditionalProperties = false
	} else if s.AdditionalProperties != nil {
		out.AdditionalProperties = s.AdditionalProperties
	}
	return json.Marshal(out)
}

// orderedProps encodes properties in the order given, or sorted by name
// when the order does not list them all.
type orderedProps struct {
	order []string
	props map[string]*Schema
}

func (o *orderedProps) MarshalJSON() ([]byte, error) {
	keys := o.order
	if len(keys) != len(o.props) {
		keys = slices.Sorted(maps.Keys(o.props))
	}
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		name, _ := json.Marshal(k)
		value, err := json.Marshal(o.props[k])
		if err != nil {
			return nil, err
		}
		buf.Write(name)
		buf.WriteByte(':')
		buf.Write(value)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// schemas derives JSON Schemas from Go types by reflection over their
// exported fields and json tags, following encoding/json:
//   - bool, integers, floats and strings map to their JSON types; time.Time
//     to a date-time string; json.RawMessage to a free-form object; []byte
//     to a base64 string; interfaces to any value;
//   - slices and arrays to arrays, maps to objects of additionalProperties;
//   - named structs to components referenced by $ref, anonymous structs
//     inline, embedded structs flattened into their parent;
//   - a field with omitempty or omitzero is optional, every other field is
//     required; a pointer field without them may be null;
//   - struct tags doc:"…" (description), format:"…" and enum:"a,b" (for a
//     slice, applied to its items) annotate a field.
//
// Types it cannot describe (channels, functions, complex numbers, maps with
// keys other than strings) make it panic: they are programming errors.
type schemas struct {
	defs  map[string]*Schema      // component name → schema
	names map[reflect.Type]string // named struct type → component name
	types map[string]reflect.Type // component name → its type, to catch two types of one name
}

func newSchemas() *schemas {
	return &schemas{defs: map[string]*Schema{}, names: map[reflect.Type]string{}, types: map[string]reflect.Type{}}
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

// ref returns the schema of v's type; closed forbids unknown properties in
// the structs it generates, as the body decoder does.
func (s *schemas) ref(v any, closed bool) *Schema {
	return s.of(reflect.TypeOf(v), closed)
}

// of returns the schema of t: a $ref for named structs (generating the
// component on first use), an inline schema otherwise.
func (s *schemas) of(t reflect.Type, closed bool) *Schema {
	switch t {
	case timeType:
		return &Schema{Type: "string", Format: "date-time"}
	case rawType:
		return &Schema{Type: "object"}
	}
	switch t.Kind() {
	case reflect.Bool:
		return &Schema{Type: "boolean"}
	case reflect.Int8, reflect.Int16, reflect.Int32:
		return &Schema{Type: "integer", Format: "int32"}
	case reflect.Int, reflect.Int64:
		return &Schema{Type: "integer", Format: "int64"}
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint, reflect.Uint64:
		return &Schema{Type: "integer", Minimum: ptr[int64](0)}
	case reflect.Float32:
		return &Schema{Type: "number", Format: "float"}
	case reflect.Float64:
		return &Schema{Type: "number", Format: "double"}
	case reflect.String:
		return &Schema{Type: "string"}
	case reflect.Interface:
		return &Schema{}
	case reflect.Pointer:
		return s.of(t.Elem(), closed)
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return &Schema{Type: "string", ContentEncoding: "base64"}
		}
		return &Schema{Type: "array", Items: s.of(t.Elem(), closed)}
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			panic("api: cannot describe map with " + t.Key().String() + " keys: " + t.String())
		}
		return &Schema{Type: "object", AdditionalProperties: s.of(t.Elem(), closed)}
	case reflect.Struct:
		if t.Name() == "" {
			return s.object(t, closed)
		}
		return s.component(t, closed)
	}
	panic("api: cannot describe type " + t.String())
}

var nonName = regexp.MustCompile(`[^A-Za-z0-9_.-]`)

// component generates the component schema of named struct t once and
// returns a reference to it.
func (s *schemas) component(t reflect.Type, closed bool) *Schema {
	name, ok := s.names[t]
	if !ok {
		name = nonName.ReplaceAllString(t.Name(), "_")
		if other, dup := s.types[name]; dup {
			panic(fmt.Sprintf("api: types %s and %s would share the schema name %s", other, t, name))
		}
		s.names[t], s.types[name] = name, t
		s.defs[name] = nil // reserved, so that recursive types terminate
		s.defs[name] = s.object(t, closed)
	}
	return &Schema{Ref: "#/components/schemas/" + name}
}

// object returns the inline object schema of struct t.
func (s *schemas) object(t reflect.Type, closed bool) *Schema {
	obj := &Schema{Type: "object", Properties: map[string]*Schema{}, Closed: closed}
	s.addFields(obj, t, closed)
	return obj
}

// addFields adds the JSON properties of struct t to obj, flattening
// embedded structs as encoding/json does.
func (s *schemas) addFields(obj *Schema, t reflect.Type, closed bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := f.Type
		if f.Anonymous && name == "" {
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				s.addFields(obj, ft, closed)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		optional := hasOpt(opts, "omitempty") || hasOpt(opts, "omitzero")
		var fs *Schema
		if hasOpt(opts, "string") {
			fs = &Schema{Type: "string"}
		} else {
			fs = s.of(ft, closed)
		}
		if ft.Kind() == reflect.Pointer && !optional {
			fs = nullable(fs)
		}
		if v := f.Tag.Get("enum"); v != "" {
			target := fs
			if fs.Type == "array" {
				target = fs.Items
			}
			target.Enum = strings.Split(v, ",")
		}
		if v := f.Tag.Get("format"); v != "" {
			fs.Format = v
		}
		fs.Description = f.Tag.Get("doc")
		if _, dup := obj.Properties[name]; dup {
			panic("api: " + t.String() + " has two fields named " + name + " in JSON")
		}
		obj.Order = append(obj.Order, name)
		obj.Properties[name] = fs
		if !optional {
			obj.Required = append(obj.Required, name)
		}
	}
}

// nullable returns fs allowing null as well.
func nullable(fs *Schema) *Schema {
	if fs.Ref != "" {
		return &Schema{AnyOf: []*Schema{fs, {Type: "null"}}}
	}
	if name, ok := fs.Type.(string); ok {
		fs.Type = []string{name, "null"}
	}
	return fs
}

func hasOpt(opts, want string) bool {
	for o := range strings.SplitSeq(opts, ",") {
		if o == want {
			return true
		}
	}
	return false
}
