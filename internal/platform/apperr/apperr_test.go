package apperr_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/apperr"
)

func TestReferenced(t *testing.T) {
	t.Parallel()
	plain := errors.New("disk on fire")
	conflict := apperr.Errorf(apperr.Conflict, "already done")
	for _, tc := range []struct {
		name     string
		err      error
		wantCode apperr.Code
		same     bool // returned unchanged
		wantMsg  string
	}{
		{name: "nil stays nil", err: nil, same: true},
		{name: "not found names the field", err: apperr.Errorf(apperr.NotFound, "user u1 not found"),
			wantCode: apperr.Invalid, wantMsg: "user u1 not found"},
		{name: "wrapped not found names the field", err: fmt.Errorf("read: %w", apperr.Errorf(apperr.NotFound, "user u1 not found")),
			wantCode: apperr.Invalid, wantMsg: "user u1 not found"},
		{name: "conflict passes through", err: conflict, wantCode: apperr.Conflict, same: true},
		{name: "plain error passes through", err: plain, wantCode: apperr.Internal, same: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := apperr.Referenced("userId", tc.err)
			if tc.same {
				require.Equal(t, tc.err, got)
				if tc.err == nil {
					return
				}
			}
			require.Equal(t, tc.wantCode, apperr.CodeOf(got))
			if tc.wantCode != apperr.Invalid {
				return
			}
			appErr, ok := errors.AsType[*apperr.Error](got)
			require.True(t, ok)
			require.Equal(t, []apperr.FieldError{{Field: "userId", Message: tc.wantMsg}}, appErr.Fields)
		})
	}
}
