// Package errs defines the small set of error kinds shared by every layer.
// Domain code returns *Error values; the HTTP layers map Kind to a status in
// one place and show users only Message and Fields, never the wrapped cause.
package errs

import (
	"errors"
	"fmt"
	"strings"
)

// Kind classifies an error for callers that must react to it.
type Kind string

const (
	Invalid         Kind = "invalid"         // the input breaks a rule; Fields says which
	NotFound        Kind = "not_found"       // no such object, or not visible to the actor
	Conflict        Kind = "conflict"        // unique violation or concurrent change
	Forbidden       Kind = "forbidden"       // the actor may not do this
	Unauthenticated Kind = "unauthenticated" // no valid session or token
	Locked          Kind = "locked"          // the account is locked for now
	TooLarge        Kind = "too_large"       // the request body is over the limit
	Internal        Kind = "internal"        // anything else; never shown in detail
)

// FieldError names one offending field and says what is wrong in Chinese.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is the error type of the domain. Message is safe to show to users.
type Error struct {
	Kind    Kind
	Message string
	Fields  []FieldError
	Err     error // the cause, for logs only
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Kind))
	b.WriteString(": ")
	b.WriteString(e.Message)
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.Message)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// E returns an error of kind k with a user-facing message.
func E(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an error of kind k that keeps cause for the logs.
func Wrap(k Kind, cause error, message string) *Error {
	return &Error{Kind: k, Message: message, Err: cause}
}

// Field returns an Invalid error about a single field.
func Field(field, message string) *Error {
	return &Error{Kind: Invalid, Message: message, Fields: []FieldError{{Field: field, Message: message}}}
}

// KindOf returns the kind of err, Internal for errors of other types and ""
// for nil.
func KindOf(err error) Kind {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// Is reports whether err is of kind k.
func Is(err error, k Kind) bool { return KindOf(err) == k }

// Message returns the user-facing message of err; for errors that are not
// *Error it returns a generic Chinese message so internals never leak.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Kind != Internal {
		return e.Message
	}
	return "系统内部错误,请稍后再试"
}

// FieldsOf returns the field errors carried by err.
func FieldsOf(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Check collects field errors during validation.
type Check struct{ fields []FieldError }

// Add records that field is wrong.
func (c *Check) Add(field, message string) { c.fields = append(c.fields, FieldError{field, message}) }

// If records message for field when cond is true.
func (c *Check) If(cond bool, field, message string) {
	if cond {
		c.Add(field, message)
	}
}

// Err returns nil when nothing was recorded, otherwise an Invalid error
// whose message lists every field error.
func (c *Check) Err() error {
	if len(c.fields) == 0 {
		return nil
	}
	msgs := make([]string, len(c.fields))
	for i, f := range c.fields {
		msgs[i] = f.Message
	}
	return &Error{Kind: Invalid, Message: strings.Join(msgs, ";"), Fields: c.fields}
}
