package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"xieshang/internal/errs"
	"xieshang/internal/httpx"
)

// decodeJSON reads the body of r, already limited by httpx.LimitBody, into
// dst (a pointer to a struct); see decode.
func decodeJSON(r *http.Request, dst any) error {
	return decode(r.Header.Get("Content-Type"), r.Body, dst)
}

// decode reads one JSON object from body into dst, a pointer to a struct.
// Every error it returns is an *errs.Error with a Chinese message:
//   - a content type other than application/json (UTF-8): 415;
//   - a body over the limit (*http.MaxBytesError): TooLarge, 413;
//   - an empty body, invalid UTF-8, malformed JSON (with line, column and
//     byte offset), a value that is not an object, or data after the
//     object: 400;
//   - an unknown field or a value of the wrong type: Invalid, 422, with a
//     field error naming the field.
func decode(contentType string, body io.Reader, dst any) error {
	if err := checkContentType(contentType); err != nil {
		return err
	}
	data, err := io.ReadAll(body)
	if err != nil {
		if mb := (*http.MaxBytesError)(nil); errors.As(err, &mb) {
			return errs.Wrap(errs.TooLarge, err, errs.Message(httpx.TooLarge()))
		}
		return badRequest(err, "读取请求体失败,请重新提交")
	}
	if !utf8.Valid(data) {
		return badRequest(nil, "请求体不是有效的 UTF-8 编码")
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 {
		return badRequest(nil, "请求体为空,应为一个 JSON 对象")
	}
	if trimmed[0] != '{' {
		return badRequest(nil, "请求体应为一个 JSON 对象(以 { 开头)")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(data, err)
	}
	end := dec.InputOffset()
	if extra := bytes.TrimLeft(data[end:], " \t\r\n"); len(extra) > 0 {
		n := int64(len(data)-len(extra)) + 1
		line, col := position(data, n)
		return badRequest(nil, "JSON 对象之后还有多余的内容(第 %d 行第 %d 列,第 %d 字节起),请只提交一个 JSON 对象", line, col, n)
	}
	return nil
}

// checkContentType accepts application/json with no charset or UTF-8.
func checkContentType(ct string) error {
	const msg = "请求体须为 JSON:请设置请求头 Content-Type: application/json"
	if ct == "" {
		return withStatus(http.StatusUnsupportedMediaType, errs.E(errs.Invalid, "缺少 Content-Type 请求头。%s", msg), nil)
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return withStatus(http.StatusUnsupportedMediaType, errs.E(errs.Invalid, "%s", msg), err)
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return withStatus(http.StatusUnsupportedMediaType, errs.E(errs.Invalid, "请求体须使用 UTF-8 编码"), nil)
	}
	return nil
}

// badRequest is a 400 error: the body cannot be read as a JSON object.
func badRequest(cause error, format string, args ...any) *errs.Error {
	return withStatus(http.StatusBadRequest, errs.E(errs.Invalid, format, args...), cause)
}

// decodeError translates an encoding/json error into a Chinese one.
func decodeError(data []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		line, col := position(data, syntax.Offset)
		return badRequest(err, "JSON 格式错误:第 %d 行第 %d 列(第 %d 字节)附近有无法识别的内容", line, col, syntax.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return badRequest(err, "JSON 内容不完整:在第 %d 字节处意外结束,请检查括号和引号是否配对", len(data))
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return fieldError(err, field, "字段“"+field+"”应为"+jsonKind(typ.Type))
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if s, err := strconv.Unquote(name); err == nil {
			name = s
		}
		name = truncateRunes(name, 40)
		return fieldError(err, name, "不支持字段“"+name+"”,请检查字段名拼写")
	}
	return badRequest(err, "无法解析请求体中的 JSON")
}

// fieldError is a 422 error about one field that keeps its cause for logs.
func fieldError(cause error, field, message string) *errs.Error {
	e := errs.Field(field, message)
	e.Err = cause
	return e
}

// position returns the 1-based line and column (in characters) of the n-th
// byte of data (1-based, as encoding/json counts offsets: a syntax error's
// offset includes the offending byte).
func position(data []byte, n int64) (line, col int) {
	n = max(1, min(n, int64(len(data))+1))
	before := data[:n-1]
	line = bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}

// jsonKind names in Chinese the JSON value expected for Go type t.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "正确的类型"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return jsonKind(t.Elem())
	case reflect.String:
		return "字符串"
	case reflect.Bool:
		return "布尔值(true 或 false)"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "整数(且在取值范围内)"
	case reflect.Float32, reflect.Float64:
		return "数字"
	case reflect.Slice, reflect.Array:
		return "数组"
	case reflect.Map, reflect.Struct:
		return "对象"
	}
	return "正确的类型"
}
