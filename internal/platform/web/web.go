// Package web is Academy's HTTP layer: routing with roles, JSON decoding,
// the one place where application errors become HTTP statuses, written as
// application/problem+json (RFC 9457), and the OpenAPI document of the
// routes, whose bodies are described from the Go types that RouteOptions
// name.
package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/academy/academy/internal/platform/apperr"
)

// HandlerFunc is an HTTP handler that returns its error instead of writing
// it, so that every error is written the same way.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// statusOf maps application error codes to HTTP statuses. It is the only
// such mapping in Academy.
var statusOf = map[apperr.Code]int{
	apperr.Invalid:          http.StatusUnprocessableEntity,
	apperr.NotFound:         http.StatusNotFound,
	apperr.Conflict:         http.StatusConflict,
	apperr.Unauthorized:     http.StatusUnauthorized,
	apperr.Forbidden:        http.StatusForbidden,
	apperr.MethodNotAllowed: http.StatusMethodNotAllowed,
	apperr.Unavailable:      http.StatusServiceUnavailable,
	apperr.Internal:         http.StatusInternalServerError,
}

// Problem is an RFC 9457 problem details body.
type Problem struct {
	Type   string              `json:"type"`
	Title  string              `json:"title"`
	Status int                 `json:"status"`
	Detail string              `json:"detail,omitempty"`
	Code   apperr.Code         `json:"code"`
	Errors []apperr.FieldError `json:"errors,omitempty"`
}

// WriteError writes err as problem+json. Internal errors are logged and
// their details hidden from the client.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	code := apperr.CodeOf(err)
	status := statusOf[code]
	p := Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Code: code}
	if appErr, ok := errors.AsType[*apperr.Error](err); ok && code != apperr.Internal {
		p.Detail = appErr.Message
		p.Errors = appErr.Fields
		if appErr.Code == apperr.Invalid && len(appErr.Fields) > 0 && appErr.Message == "malformed request body" {
			p.Status, p.Title = http.StatusBadRequest, http.StatusText(http.StatusBadRequest)
		}
	} else {
		slog.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "error", err)
		p.Detail = "internal error; see the server log"
	}
	w.Header().Set("Content-Type", "application/problem+json")
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="academy"`)
	}
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// JSON writes v as a JSON response with the given status.
func JSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		return fmt.Errorf("write response: %w", err)
	}
	return nil
}

// maxBody bounds request bodies; Academy's requests are small JSON objects.
const maxBody = 1 << 20

// Decode reads a JSON request body into dst. Unknown fields, trailing data
// and type mismatches are 400 errors that name the field.
func Decode(r *http.Request, dst any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil && dec.More() {
		err = errors.New("trailing data after the JSON object")
	}
	if err == nil {
		return nil
	}
	field, msg := "body", err.Error()
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		field, msg = typeErr.Field, "must be a JSON "+typeErr.Type.Kind().String()
		if typeErr.Type.String() == "time.Time" {
			msg = "must be an RFC 3339 time"
		}
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF):
		msg = "is not valid JSON"
	case errors.Is(err, io.EOF):
		msg = "is empty; send a JSON object"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field, msg = strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), "is not a known field"
	case strings.Contains(err.Error(), "parsing time"):
		msg = "has a time that is not RFC 3339"
	}
	return &apperr.Error{Code: apperr.Invalid, Message: "malformed request body", Fields: []apperr.FieldError{{Field: field, Message: msg}}}
}
