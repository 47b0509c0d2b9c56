package whatsapp_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/apperr/apperrtest"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/whatsapp"
)

func TestReceiveInboundMessage(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()

		first, err := b.m.ReceiveInboundMessage(ctx, inbound("wamid.1", "Hello"))
		require.NoError(t, err)
		require.True(t, first.NewConversation)
		require.False(t, first.Duplicate)
		conv := first.Conversation
		require.Equal(t, "+34600111222", conv.PhoneNumber)
		require.Equal(t, "Ana Ruiz", conv.ProfileName)
		require.Equal(t, start.Add(-time.Minute), conv.LastInboundAt)
		require.Equal(t, start.Add(-time.Minute).Add(24*time.Hour), conv.ServiceWindowEndsAt)
		require.Equal(t, whatsapp.Message{
			ID: first.Message.ID, ConversationID: conv.ID, Direction: whatsapp.Inbound, PhoneNumber: "+34600111222",
			ProviderMessageID: "wamid.1", Text: "Hello", Status: "received", OccurredAt: start.Add(-time.Minute), CreatedAt: start,
		}, first.Message)

		// The same number again, written differently: same conversation,
		// and the window moves forward.
		b.clock.Advance(time.Hour)
		in := inbound("wamid.2", "Are you there?")
		in.From, in.Timestamp, in.ProfileName = "+34 600-111-222", start.Add(time.Hour), ""
		second, err := b.m.ReceiveInboundMessage(ctx, in)
		require.NoError(t, err)
		require.False(t, second.NewConversation)
		require.Equal(t, conv.ID, second.Conversation.ID)
		require.Equal(t, start.Add(time.Hour), second.Conversation.LastInboundAt)
		require.Equal(t, "Ana Ruiz", second.Conversation.ProfileName, "an empty profile name keeps the known one")

		// A webhook delivered twice stores its message once.
		again, err := b.m.ReceiveInboundMessage(ctx, inbound("wamid.1", "Hello"))
		require.NoError(t, err)
		require.True(t, again.Duplicate)
		require.Equal(t, first.Message, again.Message)
		require.Equal(t, 2, b.count(t, "whatsapp_messages"))
		require.Equal(t, 1, b.count(t, "whatsapp_conversations"))

		// A late webhook for an older message does not shorten the window.
		late := inbound("wamid.0", "Earlier message")
		late.Timestamp = start.Add(-2 * time.Hour)
		_, err = b.m.ReceiveInboundMessage(ctx, late)
		require.NoError(t, err)
		got, err := b.m.GetConversation(ctx, conv.ID)
		require.NoError(t, err)
		require.Equal(t, start.Add(time.Hour), got.LastInboundAt)

		msgs, err := b.m.ListMessages(ctx, conv.ID)
		require.NoError(t, err)
		var ids []string
		for _, m := range msgs {
			ids = append(ids, m.ProviderMessageID)
		}
		require.Equal(t, []string{"wamid.0", "wamid.1", "wamid.2"}, ids, "in the order the contact sent them")

		// Inbound messages are stored, not recorded as events.
		eventbustest.RequireTotal(t, b.bus, 0)
	})
}

func TestReceiveInboundMessageClampsAFutureTimestamp(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		in := inbound("wamid.1", "Hello")
		in.Timestamp = start.Add(6 * time.Hour)
		r, err := b.m.ReceiveInboundMessage(context.Background(), in)
		require.NoError(t, err)
		require.Equal(t, start, r.Conversation.LastInboundAt)
		require.Equal(t, start, r.Message.OccurredAt)
	})
}

func TestReceiveInboundMessageRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*whatsapp.ReceiveInboundMessageInput)
		field  string
	}{
		{"no number", func(in *whatsapp.ReceiveInboundMessageInput) { in.From = "" }, "from"},
		{"not a number", func(in *whatsapp.ReceiveInboundMessageInput) { in.From = "ana@example.com" }, "from"},
		{"too short", func(in *whatsapp.ReceiveInboundMessageInput) { in.From = "12345" }, "from"},
		{"no provider id", func(in *whatsapp.ReceiveInboundMessageInput) { in.ProviderMessageID = "" }, "providerMessageId"},
		{"no text", func(in *whatsapp.ReceiveInboundMessageInput) { in.Text = " " }, "text"},
		{"long text", func(in *whatsapp.ReceiveInboundMessageInput) { in.Text = strings.Repeat("a", 4097) }, "text"},
		{"no timestamp", func(in *whatsapp.ReceiveInboundMessageInput) { in.Timestamp = time.Time{} }, "timestamp"},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		for _, tt := range tests {
			in := inbound("wamid.1", "Hello")
			tt.change(&in)
			_, err := b.m.ReceiveInboundMessage(context.Background(), in)
			apperrtest.RequireInvalid(t, err, tt.field)
		}
		require.Zero(t, b.count(t, "whatsapp_messages"))
		require.Zero(t, b.count(t, "whatsapp_conversations"))

		// The same provider id from another number is not a duplicate.
		_, err := b.m.ReceiveInboundMessage(context.Background(), inbound("wamid.1", "Hello"))
		require.NoError(t, err)
		other := inbound("wamid.1", "Hello")
		other.From = "+5511987654321"
		_, err = b.m.ReceiveInboundMessage(context.Background(), other)
		require.ErrorIs(t, err, whatsapp.ErrProviderMessageReused)
		apperrtest.RequireCode(t, err, apperr.Conflict)
		require.Equal(t, 1, b.count(t, "whatsapp_conversations"))

		_, err = b.m.GetConversation(context.Background(), "nope")
		apperrtest.RequireCode(t, err, apperr.NotFound)
		_, err = b.m.ListMessages(context.Background(), "nope")
		apperrtest.RequireCode(t, err, apperr.NotFound)
		_, err = b.m.GetMessage(context.Background(), "nope")
		apperrtest.RequireCode(t, err, apperr.NotFound)
		eventbustest.RequireTotal(t, b.bus, 0)
	})
}
