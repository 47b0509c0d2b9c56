package outbox_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/outbox"
)

const (
	crashDBEnv   = "ACADEMY_OUTBOX_CRASH_DB"
	crashSMTPEnv = "ACADEMY_OUTBOX_CRASH_SMTP_PORT"
)

func crashOutbox(t *testing.T, d *db.DB, smtpPort int, rescueAfter time.Duration, afterSend func()) (*eventbus.Bus, *outbox.Outbox) {
	t.Helper()
	bus, err := eventbus.New(eventbus.Config{DB: d, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		PollInterval: 20 * time.Millisecond, RescueStuckAfter: rescueAfter})
	require.NoError(t, err)
	sender, err := outbox.NewSMTPSender(outbox.SMTPConfig{Host: "127.0.0.1", Port: smtpPort, From: "school@example.com", TLS: "none"})
	require.NoError(t, err)
	cfg := outbox.Config{DB: d.DB, Bus: bus, Senders: map[outbox.Channel]outbox.Sender{outbox.Email: sender},
		SendTimeout: 500 * time.Millisecond}
	outbox.SetAfterSend(&cfg, afterSend)
	box, err := outbox.New(cfg)
	require.NoError(t, err)
	return bus, box
}

// TestOutboxCrashHelperProcess is the child process of
// TestCrashAfterProviderAcceptedLeavesMessageUncertain: it works send jobs
// and kills itself with SIGKILL right after the provider accepts a message,
// before the outcome is stored.
func TestOutboxCrashHelperProcess(t *testing.T) {
	dbURL := os.Getenv(crashDBEnv)
	if dbURL == "" {
		t.Skip("helper process for TestCrashAfterProviderAcceptedLeavesMessageUncertain")
	}
	port, err := strconv.Atoi(os.Getenv(crashSMTPEnv))
	require.NoError(t, err)
	d, err := db.Open(context.Background(), dbURL)
	require.NoError(t, err)
	bus, _ := crashOutbox(t, d, port, time.Hour, func() { _ = syscall.Kill(os.Getpid(), syscall.SIGKILL) })
	require.NoError(t, bus.Start(context.Background()))
	time.Sleep(time.Minute) // killed long before
}

func TestCrashAfterProviderAcceptedLeavesMessageUncertain(t *testing.T) {
	t.Parallel()
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			dbURL := dbtest.URL(t, dialect)
			d, err := db.Open(context.Background(), dbURL)
			require.NoError(t, err)
			t.Cleanup(func() { d.Close() })
			require.NoError(t, d.Migrate(context.Background()))
			server := startSMTP(t)
			b := &bundle{db: d, smtp: server}
			b.bus, b.box = crashOutbox(t, d, server.port(), 2*time.Second, nil)
			box := b.box
			id, _ := b.enqueue(t, welcome("crash:1:email"))

			child := exec.Command(os.Args[0], "-test.run=^TestOutboxCrashHelperProcess$")
			child.Env = append(os.Environ(), crashDBEnv+"="+dbURL, crashSMTPEnv+"="+strconv.Itoa(server.port()))
			child.Stdout, child.Stderr = io.Discard, io.Discard
			require.NoError(t, child.Start())
			err = child.Wait()
			var exitErr *exec.ExitError
			require.ErrorAs(t, err, &exitErr)
			require.Equal(t, syscall.SIGKILL, exitErr.Sys().(syscall.WaitStatus).Signal(), "the child must die by SIGKILL after sending")
			bodies, _ := server.accepted()
			require.Len(t, bodies, 1, "the provider accepted the message before the crash")
			m, err := box.Get(context.Background(), id)
			require.NoError(t, err)
			require.Equal(t, outbox.Sending, m.State)

			// A new worker rescues the stuck job; its claim finds the row
			// still "sending" past its lease and marks it uncertain.
			require.NoError(t, b.bus.Start(context.Background()))
			t.Cleanup(func() { _ = b.bus.Stop(context.Background()) })
			m = b.waitStateWithin(t, id, outbox.Uncertain, 90*time.Second)
			require.Contains(t, m.LastError, "not sent again automatically")
			time.Sleep(300 * time.Millisecond)
			bodies, _ = server.accepted()
			require.Len(t, bodies, 1, "an uncertain message is never resent automatically")

			// The operator decides: resolve it as done.
			m, err = box.Resolve(context.Background(), id, "anna")
			require.NoError(t, err)
			require.Equal(t, outbox.Sent, m.State)
			require.Equal(t, "resolved by anna", m.ResolvedBy)
		})
	}
}

func (b *bundle) waitStateWithin(t *testing.T, id string, want outbox.State, within time.Duration) outbox.Message {
	t.Helper()
	var m outbox.Message
	require.Eventually(t, func() bool {
		var err error
		m, err = b.box.Get(context.Background(), id)
		require.NoError(t, err)
		return m.State == want
	}, within, 50*time.Millisecond, "message never reached %s", want)
	return m
}
