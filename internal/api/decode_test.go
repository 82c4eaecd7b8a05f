package api

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode"

	"xieshang/internal/errs"
	"xieshang/internal/httpx"
)

type decodeTarget struct {
	Name  string   `json:"name"`
	Count int      `json:"count"`
	Tags  []string `json:"tags,omitempty"`
	Sub   struct {
		On bool `json:"on"`
	} `json:"sub"`
}

func TestDecode(t *testing.T) {
	const ct = "application/json"
	for _, c := range []struct {
		name, ct, body string
		status         int    // 0: no error
		field          string // the field error's field, if any
		msg            string // substring of the message
	}{
		{"ok", ct, `{"name":"张三","count":3,"tags":["a"],"sub":{"on":true}}`, 0, "", ""},
		{"whitespace around", "application/json; charset=utf-8", " \n{\"name\":\"a\"}\n\t ", 0, "", ""},
		{"no content type", "", `{}`, 415, "", "Content-Type"},
		{"text", "text/plain", `{}`, 415, "", "application/json"},
		{"bad media type", "application/json; =", `{}`, 415, "", "application/json"},
		{"latin1", "application/json; charset=latin1", `{}`, 415, "", "UTF-8"},
		{"empty", ct, ``, 400, "", "为空"},
		{"blank", ct, "  \n ", 400, "", "为空"},
		{"null", ct, `null`, 400, "", "JSON 对象"},
		{"string", ct, `"x"`, 400, "", "JSON 对象"},
		{"syntax", ct, "{\"name\":\"a\",\n\"count\" 3}", 400, "", "第 2 行第 9 列"},
		{"syntax after Chinese", ct, `{"name":"张三" x}`, 400, "", "第 1 行第 14 列"},
		{"truncated", ct, `{"name":"a"`, 400, "", "意外结束"},
		{"trailing", ct, `{"name":"a"}x`, 400, "", "多余的内容(第 1 行第 13 列"},
		{"two objects", ct, `{}{}`, 400, "", "多余的内容"},
		{"invalid UTF-8", ct, "{\"name\":\"\xc3\x28\"}", 400, "", "UTF-8"},
		{"unknown field", ct, `{"name":"a","admin":true}`, 422, "admin", "不支持字段“admin”"},
		{"unknown nested field", ct, `{"sub":{"off":true}}`, 422, "off", "off"},
		{"string for int", ct, `{"count":"3"}`, 422, "count", "字段“count”应为整数"},
		{"fraction for int", ct, `{"count":1.5}`, 422, "count", "整数"},
		{"overflow", ct, `{"count":1e40}`, 422, "count", "整数"},
		{"number for string", ct, `{"name":1}`, 422, "name", "字段“name”应为字符串"},
		{"object for array", ct, `{"tags":{}}`, 422, "tags", "数组"},
		{"nested type", ct, `{"sub":{"on":"yes"}}`, 422, "sub.on", "布尔值"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var dst decodeTarget
			err := decode(c.ct, strings.NewReader(c.body), &dst)
			if c.status == 0 {
				if err != nil {
					t.Fatalf("decode: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("decode succeeded: %+v", dst)
			}
			if got := statusOf(err); got != c.status {
				t.Errorf("status %d, want %d (%v)", got, c.status, err)
			}
			if msg := errs.Message(err); !strings.Contains(msg, c.msg) {
				t.Errorf("message %q lacks %q", msg, c.msg)
			}
			fields := errs.FieldsOf(err)
			if c.field != "" && (len(fields) != 1 || fields[0].Field != c.field) {
				t.Errorf("fields %v, want %s", fields, c.field)
			}
			if c.field == "" && len(fields) > 0 {
				t.Errorf("unexpected fields %v", fields)
			}
		})
	}
}

func TestDecodeTooLarge(t *testing.T) {
	body := http.MaxBytesReader(nil, io.NopCloser(strings.NewReader(`{"name":"`+strings.Repeat("a", 100)+`"}`)), 10)
	var dst decodeTarget
	err := decode("application/json", body, &dst)
	if statusOf(err) != http.StatusRequestEntityTooLarge || errs.Message(err) != errs.Message(httpx.TooLarge()) {
		t.Fatalf("got %d %v", statusOf(err), err)
	}
}

// checkDecodeError fails unless err is an *errs.Error of a client status
// with a Chinese message.
func checkDecodeError(t *testing.T, err error) {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) {
		t.Fatalf("%T is not *errs.Error: %v", err, err)
	}
	if s := statusOf(err); s < 400 || s >= 500 {
		t.Fatalf("status %d for %v", s, err)
	}
	if !hasHan(errs.Message(err)) {
		t.Fatalf("message %q is not Chinese", errs.Message(err))
	}
	for _, f := range e.Fields {
		if !hasHan(f.Message) {
			t.Fatalf("field message %q is not Chinese", f.Message)
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// FuzzDecode feeds arbitrary content types and bodies to the decoder: it
// must never panic, and every error must be a client error in Chinese.
func FuzzDecode(f *testing.F) {
	f.Add("application/json", []byte(`{"name":"张三","count":3,"sub":{"on":true}}`))
	f.Add("application/json; charset=utf-8", []byte(`{"name":"a",}`))
	f.Add("application/json", []byte(`{"count":"x","bogus":1}`))
	f.Add("application/json", []byte(`{"tags":["a",1]} trailing`))
	f.Add("application/json", []byte("\xff{"))
	f.Add("text/plain", []byte(`{}`))
	f.Add("", []byte{})
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		var dst decodeTarget
		err := decode(contentType, strings.NewReader(string(body)), &dst)
		if err != nil {
			checkDecodeError(t, err)
		}
	})
}
