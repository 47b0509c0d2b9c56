package cli_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/cli"
)

func run(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = cli.Run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestBadInvocationsStopWithOneClearLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"serve", "--bogus"}, "flag provided but not defined: -bogus"},
		{"unsupported database", []string{"serve", "--database-url", "mysql://x"}, "unsupported scheme"},
		{"unreachable postgres", []string{"migrate", "--database-url", "postgres://nobody@127.0.0.1:1/x?connect_timeout=2"}, "connect to postgres"},
		{"bad address", []string{"serve", "--addr", "nonsense"}, `addr "nonsense": want HOST:PORT`},
		{"bad token", []string{"serve", "--tokens", "anna:root:0123456789abcdef"}, `unknown role "root"`},
		{"missing command", nil, "missing command"},
		{"stray argument", []string{"migrate", "now"}, `unexpected argument "now"`},
		{"retry without ids", []string{"events", "retry"}, "give delivery ids or --discarded"},
	}
	for _, tt := range tests {
		code, stdout, stderr := run(tt.args...)
		require.Equal(t, 1, code, tt.name)
		require.Empty(t, stdout, tt.name)
		require.Equal(t, 1, strings.Count(stderr, "\n"), "%s: want one line, got %q", tt.name, stderr)
		require.Contains(t, stderr, tt.want, tt.name)
		require.True(t, strings.HasPrefix(stderr, "academy: "), tt.name)
	}
}

func TestHelpAndVersion(t *testing.T) {
	t.Parallel()
	code, stdout, _ := run("serve", "-h")
	require.Equal(t, 0, code)
	require.Contains(t, stdout, "academy serve [flags]")
	require.Contains(t, stdout, "-database-url")
	code, stdout, _ = run("version")
	require.Equal(t, 0, code)
	require.Equal(t, "academy dev\n", stdout)
}

func TestEventsListShowsEveryEventWithOwnerAndListeners(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := run("events", "list")
	require.Equal(t, 0, code, stderr)
	require.Regexp(t, `(?m)^attendance\.AttendanceSessionCreated +v1 +attendance +attendance\.ScheduleNoShowCheck$`, stdout)
	require.Regexp(t, `(?m)^payment\.DepositPaymentApproved +v1 +payment +enrollment\.ConfirmAfterDeposit, `, stdout)
	for _, name := range []string{"enrollment.EnrollmentCreated", "payment.DepositPaymentApproved", "corporate.CorporatePaymentAllocated",
		"whatsapp.WhatsAppReplySent", "webinar.WebinarAttended", "tracking.FunnelStepCompleted"} {
		require.Contains(t, stdout, name)
	}
}

func TestMigrateTwiceIsSafe(t *testing.T) {
	t.Parallel()
	dbURL := "sqlite:" + filepath.Join(t.TempDir(), "academy.db")
	for range 2 {
		code, stdout, stderr := run("migrate", "--database-url", dbURL)
		require.Equal(t, 0, code, stderr)
		require.Equal(t, "migrations applied (sqlite)\n", stdout)
	}
}
