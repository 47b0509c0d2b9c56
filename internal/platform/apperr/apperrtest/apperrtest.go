// Package apperrtest asserts application errors in tests.
package apperrtest

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/apperr"
)

// RequireCode asserts that err is an application error with the given code.
func RequireCode(t testing.TB, err error, code apperr.Code) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, code, apperr.CodeOf(err), "error: %v", err)
}

// RequireInvalid asserts that err is an Invalid error naming at least the
// given fields.
func RequireInvalid(t testing.TB, err error, fields ...string) {
	t.Helper()
	got := invalidFields(t, err)
	for _, f := range fields {
		require.Contains(t, got, f, "error: %v", err)
	}
}

// RequireFields asserts that err is an Invalid error naming exactly the
// given fields.
func RequireFields(t testing.TB, err error, fields ...string) {
	t.Helper()
	require.ElementsMatch(t, fields, invalidFields(t, err), "error: %v", err)
}

func invalidFields(t testing.TB, err error) []string {
	t.Helper()
	RequireCode(t, err, apperr.Invalid)
	appErr, ok := errors.AsType[*apperr.Error](err)
	require.True(t, ok, "want an *apperr.Error, got %T", err)
	var out []string
	for _, f := range appErr.Fields {
		out = append(out, f.Field)
	}
	return out
}
