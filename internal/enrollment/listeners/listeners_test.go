package listeners

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/user"
)

// contacts answers every FindUserContact with err.
type contacts struct{ err error }

func (c contacts) FindUserContact(context.Context, string) (user.Contact, error) {
	return user.Contact{}, c.err
}

// A contact that does not exist is permanent: the email is skipped (and
// logged) instead of retried until discarded. Any other failure retries.
// Neither case reaches the course read API or the outbox, so they stay nil.
func TestEmailWithoutContact(t *testing.T) {
	t.Parallel()
	down := errors.New("connection refused")
	tests := []struct {
		name   string
		err    error
		logged bool
	}{
		{"deleted person is skipped", apperr.Errorf(apperr.NotFound, "user u1 not found"), true},
		{"unreachable user module retries", down, false},
		{"unavailable user module retries", apperr.Errorf(apperr.Unavailable, "try later"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var log bytes.Buffer
			deps := Deps{Users: contacts{err: tt.err}, Logger: slog.New(slog.NewTextHandler(&log, nil))}
			err := deps.email(context.Background(), "ev1", "enrollment-created", "e1", "u1", "cs1", "subject %s", "body %s %s %s")
			if tt.logged {
				require.NoError(t, err)
				require.Contains(t, log.String(), "enrollment email not sent: no contact")
				require.Contains(t, log.String(), "user_id=u1")
				return
			}
			require.ErrorIs(t, err, tt.err)
			require.Empty(t, log.String())
		})
	}
}
