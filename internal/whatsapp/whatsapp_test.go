package whatsapp_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/corporate"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/outbox"
	"github.com/academy/academy/internal/user"
	"github.com/academy/academy/internal/whatsapp"
)

var start = time.Date(2030, 1, 7, 9, 0, 0, 0, time.UTC)

// The webhook secrets the tests' module is configured with.
const (
	appSecret   = "test-app-secret"
	verifyToken = "test-verify-token"
)

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

type bundle struct {
	db        *db.DB
	bus       *eventbus.Bus
	clock     *clock.Manual
	users     *user.Module
	corporate *corporate.Module
	outbox    *outbox.Outbox
	m         *whatsapp.Module
}

type option func(*whatsapp.Deps)

func setup(t *testing.T, d *db.DB, opts ...option) *bundle {
	t.Helper()
	clk := clock.NewManual(start)
	bus, err := eventbus.New(eventbus.Config{DB: d, Clock: clk, Logger: discard})
	require.NoError(t, err)
	users, err := user.New(user.Deps{DB: d.DB, Clock: clk})
	require.NoError(t, err)
	corp, err := corporate.New(corporate.Deps{DB: d.DB, Bus: bus, Clock: clk})
	require.NoError(t, err)
	box, err := outbox.New(outbox.Config{DB: d.DB, Bus: bus, Clock: clk})
	require.NoError(t, err)
	deps := whatsapp.Deps{DB: d.DB, Bus: bus, Clock: clk, Leads: corp, Users: users, Outbox: box,
		Config: whatsapp.Config{AppSecret: appSecret, VerifyToken: verifyToken}, Logger: discard}
	for _, o := range opts {
		o(&deps)
	}
	m, err := whatsapp.New(deps)
	require.NoError(t, err)
	return &bundle{db: d, bus: bus, clock: clk, users: users, corporate: corp, outbox: box, m: m}
}

func (b *bundle) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	require.NoError(t, b.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n))
	return n
}

func (b *bundle) user(t *testing.T, email string, kind user.Kind) user.User {
	t.Helper()
	u, err := b.users.CreateUser(context.Background(), user.CreateUserInput{FullName: "Sam Staff", Email: email, Kind: kind, ActorUserID: "admin"})
	require.NoError(t, err)
	return u
}

func inbound(providerID, text string) whatsapp.ReceiveInboundMessageInput {
	return whatsapp.ReceiveInboundMessageInput{
		From: "34600111222", ProviderMessageID: providerID, Text: text, Timestamp: start.Add(-time.Minute), ProfileName: "Ana Ruiz",
	}
}

// conversation opens a conversation with an inbound message.
func (b *bundle) conversation(t *testing.T) whatsapp.Conversation {
	t.Helper()
	r, err := b.m.ReceiveInboundMessage(context.Background(), inbound("wamid.1", "Hi, we need training for 30 people"))
	require.NoError(t, err)
	return r.Conversation
}
