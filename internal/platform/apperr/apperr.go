// Package apperr is Academy's one application error type. Domain code returns
// these; the web layer maps their codes to HTTP statuses in one place.
package apperr

import (
	"errors"
	"fmt"
	"strings"
)

// Code classifies an error for callers: it decides the HTTP status and the
// CLI exit message, never the wording.
type Code string

const (
	Invalid      Code = "invalid"      // the input is malformed or breaks a rule
	NotFound     Code = "not_found"    // the object does not exist
	Conflict     Code = "conflict"     // the object's state forbids the change
	Unauthorized Code = "unauthorized" // no valid credentials
	Forbidden    Code = "forbidden"    // valid credentials, not allowed
	// MethodNotAllowed: the target exists, but not with this method (HTTP
	// 405). Only the router returns it.
	MethodNotAllowed Code = "method_not_allowed"
	Unavailable      Code = "unavailable" // a dependency is down; try again
	Internal         Code = "internal"    // a bug or an unexpected failure
)

// FieldError names one bad input field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is an application error.
type Error struct {
	Code    Code
	Message string
	// Fields lists bad input fields for Invalid errors.
	Fields []FieldError
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return e.Message + ": " + strings.Join(parts, "; ")
}

// Errorf returns an Error with the given code and message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// CodeOf returns the code of the first *Error in err's chain, or Internal.
func CodeOf(err error) Code {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	}
	return Internal
}

// Validation collects field errors while an Action checks its input.
//
//	var v apperr.Validation
//	v.Require("courseSessionId", in.CourseSessionID)
//	if err := v.Err(); err != nil { return err }
type Validation struct {
	fields []FieldError
}

// Add records a bad field.
func (v *Validation) Add(field, format string, args ...any) {
	v.fields = append(v.fields, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Check records a bad field when ok is false.
func (v *Validation) Check(ok bool, field, format string, args ...any) {
	if !ok {
		v.Add(field, format, args...)
	}
}

// Require records a bad field when value is empty.
func (v *Validation) Require(field, value string) {
	v.Check(strings.TrimSpace(value) != "", field, "is required")
}

// Err returns an Invalid error naming every bad field, or nil.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: "invalid input", Fields: v.fields}
}

// Referenced reports a missing object named in a request body. An id in the
// URL path that does not exist is NotFound (404): the resource addressed is
// absent. An id in the body that does not exist is bad input (422) naming
// that body field: the resource addressed (the collection) is there, the
// request refers to something that is not. Referenced turns a NotFound err
// into an Invalid error naming field, keeping the NotFound message; it
// returns nil and every other error unchanged.
//
//	if _, err := m.users.GetUser(ctx, in.UserID); err != nil {
//		return fmt.Errorf("create enrollment: %w", apperr.Referenced("userId", err))
//	}
func Referenced(field string, err error) error {
	e, ok := errors.AsType[*Error](err)
	if !ok || e.Code != NotFound {
		return err
	}
	return &Error{Code: Invalid, Message: "invalid input", Fields: []FieldError{{Field: field, Message: e.Message}}}
}
