package outbox_test

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/platform/outbox"
)

type bundle struct {
	db   *db.DB
	bus  *eventbus.Bus
	box  *outbox.Outbox
	smtp *smtpServer
}

// setup builds an outbox that sends email to a real SMTP server on loopback
// answering DATA with the given replies. Pass start=false to drive send
// jobs by hand.
func setup(t *testing.T, d *db.DB, start bool, replies ...string) *bundle {
	t.Helper()
	bus := eventbustest.New(t, eventbus.Config{DB: d, PollInterval: 20 * time.Millisecond})
	server := startSMTP(t, replies...)
	sender, err := outbox.NewSMTPSender(outbox.SMTPConfig{Host: "127.0.0.1", Port: server.port(), From: "school@example.com", TLS: "none"})
	require.NoError(t, err)
	box, err := outbox.New(outbox.Config{
		DB: d.DB, Bus: bus, Senders: map[outbox.Channel]outbox.Sender{outbox.Email: sender},
		SendTimeout: 5 * time.Second, Backoff: func(int) time.Duration { return time.Millisecond },
	})
	require.NoError(t, err)
	if start {
		require.NoError(t, bus.Start(context.Background()))
		t.Cleanup(func() { _ = bus.Stop(context.Background()) })
	}
	return &bundle{db: d, bus: bus, box: box, smtp: server}
}

func welcome(key string) outbox.Message {
	return outbox.Message{Key: key, Channel: outbox.Email, To: "ada@example.com", Subject: "Welcome", Body: "See you on Monday."}
}

func (b *bundle) enqueue(t *testing.T, m outbox.Message) (string, bool) {
	t.Helper()
	var id string
	var created bool
	require.NoError(t, db.InTx(context.Background(), b.db.DB, func(tx *sql.Tx) error {
		var err error
		id, created, err = b.box.Enqueue(context.Background(), tx, m)
		return err
	}))
	return id, created
}

func (b *bundle) waitState(t *testing.T, id string, want outbox.State) outbox.Message {
	t.Helper()
	var m outbox.Message
	require.Eventually(t, func() bool {
		var err error
		m, err = b.box.Get(context.Background(), id)
		require.NoError(t, err)
		return m.State == want
	}, 30*time.Second, 10*time.Millisecond, "message never reached %s", want)
	return m
}

func TestQueueingTheSameKeyTwiceSendsOneMessage(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d, true)
		id1, created1 := b.enqueue(t, welcome("enrollment-confirmed:e1:email"))
		id2, created2 := b.enqueue(t, welcome("enrollment-confirmed:e1:email"))
		require.True(t, created1)
		require.False(t, created2)
		require.Equal(t, id1, id2)

		m := b.waitState(t, id1, outbox.Sent)
		require.Equal(t, 1, m.Attempts)
		require.Equal(t, "enrollment-confirmed.e1.email@academy", m.ProviderMessageID)
		bodies, tries := b.smtp.accepted()
		require.Len(t, bodies, 1)
		require.Equal(t, 1, tries)
		require.Contains(t, bodies[0], "See you on Monday.")
		require.Contains(t, bodies[0], "Message-ID: <enrollment-confirmed.e1.email@academy>")
	})
}

func TestTwoWorkersRacingOnOneMessageSendItOnce(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d, false)
		id, _ := b.enqueue(t, welcome("race:1:email"))
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() { _ = outbox.RunSendJob(context.Background(), b.box, id, 1) })
		}
		wg.Wait()
		m, err := b.box.Get(context.Background(), id)
		require.NoError(t, err)
		require.Equal(t, outbox.Sent, m.State)
		bodies, _ := b.smtp.accepted()
		require.Len(t, bodies, 1)
	})
}

func TestTransientFailuresAreRetriedAndSendOnce(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d, true, "451 4.3.0 try again later", "451 4.3.0 try again later")
		id, _ := b.enqueue(t, welcome("retry:1:email"))
		m := b.waitState(t, id, outbox.Sent)
		require.Equal(t, 3, m.Attempts)
		bodies, tries := b.smtp.accepted()
		require.Len(t, bodies, 1)
		require.Equal(t, 3, tries)
	})
}

func TestPermanentFailureIsNotRetried(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d, true, "550 5.1.1 no such user")
		id, _ := b.enqueue(t, welcome("perm:1:email"))
		m := b.waitState(t, id, outbox.Failed)
		require.Equal(t, 1, m.Attempts)
		require.Contains(t, m.LastError, "550")
		time.Sleep(200 * time.Millisecond) // a retry, were there one, would be due by now
		_, tries := b.smtp.accepted()
		require.Equal(t, 1, tries)

		// An operator may resend a failed message; it is then sent once.
		_, err := b.box.Resend(context.Background(), id, "anna")
		require.NoError(t, err)
		m = b.waitState(t, id, outbox.Sent)
		require.Equal(t, "resent by anna", m.ResolvedBy)
		bodies, _ := b.smtp.accepted()
		require.Len(t, bodies, 1)
	})
}

func TestEnqueueRejectsBadMessagesAndWritesNothing(t *testing.T) {
	t.Parallel()
	d := dbtest.Open(t, db.SQLite)
	b := setup(t, d, false)
	tests := []struct {
		name  string
		msg   outbox.Message
		field string
	}{
		{"no key", outbox.Message{Channel: outbox.Email, To: "a@example.com", Subject: "s", Body: "b"}, "key"},
		{"bad email", outbox.Message{Key: "k", Channel: outbox.Email, To: "nobody", Subject: "s", Body: "b"}, "to"},
		{"bad phone", outbox.Message{Key: "k", Channel: outbox.WhatsApp, To: "0612", Body: "b"}, "to"},
		{"bad channel", outbox.Message{Key: "k", Channel: "fax", To: "x"}, "channel"},
	}
	for _, tt := range tests {
		err := db.InTx(context.Background(), d.DB, func(tx *sql.Tx) error {
			_, _, err := b.box.Enqueue(context.Background(), tx, tt.msg)
			return err
		})
		require.Equal(t, apperr.Invalid, apperr.CodeOf(err), tt.name)
		require.True(t, strings.Contains(err.Error(), tt.field+":"), "%s: %v", tt.name, err)
	}
	all, err := b.box.List(context.Background(), outbox.Query{})
	require.NoError(t, err)
	require.Empty(t, all)
	_, err = b.box.List(context.Background(), outbox.Query{State: "lost"})
	require.Equal(t, apperr.Invalid, apperr.CodeOf(err))
}

func TestLosingTheAnswerAfterSendingLeavesTheMessageUncertain(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d, true, "DROP")
		id, _ := b.enqueue(t, welcome("ambiguous:1:email"))
		m := b.waitState(t, id, outbox.Uncertain)
		require.Contains(t, m.LastError, "may have accepted")
		time.Sleep(200 * time.Millisecond) // a retry, were there one, would be due by now
		_, tries := b.smtp.accepted()
		require.Equal(t, 1, tries, "an ambiguous send is not repeated")
	})
}

func TestAMessageForAChannelWithoutSenderWaitsQueued(t *testing.T) {
	t.Parallel()
	d := dbtest.Open(t, db.SQLite)
	b := setup(t, d, false)
	id, _ := b.enqueue(t, outbox.Message{Key: "wa:1", Channel: outbox.WhatsApp, To: "+34600111222", Body: "hi"})
	err := outbox.RunSendJob(context.Background(), b.box, id, 1)
	require.ErrorContains(t, err, "no sender configured for channel whatsapp", "the job fails so that River keeps it")
	m, err := b.box.Get(context.Background(), id)
	require.NoError(t, err)
	require.Equal(t, outbox.Queued, m.State)
}

func TestConcurrentResendsQueueTheMessageOnce(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d, false, "550 5.1.1 no such user")
		id, _ := b.enqueue(t, welcome("resend-race:1:email"))
		require.NoError(t, outbox.RunSendJob(context.Background(), b.box, id, 1))
		errs := make(chan error, 2)
		for range 2 {
			go func() {
				_, err := b.box.Resend(context.Background(), id, "anna")
				errs <- err
			}()
		}
		var conflicts int
		for range 2 {
			if err := <-errs; err != nil {
				require.Equal(t, apperr.Conflict, apperr.CodeOf(err), "%v", err)
				conflicts++
			}
		}
		require.Equal(t, 1, conflicts, "exactly one resend wins")
		m, err := b.box.Get(context.Background(), id)
		require.NoError(t, err)
		require.Equal(t, outbox.Queued, m.State)
	})
}
