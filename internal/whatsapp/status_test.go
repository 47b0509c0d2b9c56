package whatsapp_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/apperr/apperrtest"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/whatsapp"
	"github.com/academy/academy/internal/whatsapp/events"
)

func TestRecordMessageStatusMovesForwardOnly(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		conv := b.conversation(t)
		reply, err := b.m.SendWhatsAppReply(ctx, freeText(conv.ID, "Hi Ana"))
		require.NoError(t, err)

		record := func(status, providerID, key, reason string) whatsapp.Message {
			t.Helper()
			msg, err := b.m.RecordMessageStatus(ctx, whatsapp.RecordMessageStatusInput{
				ProviderMessageID: providerID, OutboxKey: key, Status: status, Reason: reason,
			})
			require.NoError(t, err, status)
			return msg
		}
		// The sender records the provider's id, found by the outbox key.
		msg := record(whatsapp.StatusAccepted, "wamid.out1", reply.OutboxKey, "")
		require.Equal(t, whatsapp.StatusAccepted, msg.Status)
		require.Equal(t, "wamid.out1", msg.ProviderMessageID)

		// Then the provider's reports, by provider id, in and out of order.
		steps := []struct{ status, want string }{
			{whatsapp.StatusSent, whatsapp.StatusSent},
			{whatsapp.StatusSent, whatsapp.StatusSent}, // a redelivered webhook
			{whatsapp.StatusRead, whatsapp.StatusRead}, // delivered may come late...
			{whatsapp.StatusDelivered, whatsapp.StatusRead},
			{whatsapp.StatusAccepted, whatsapp.StatusRead},
			{whatsapp.StatusFailed, whatsapp.StatusRead}, // a read message did not fail
		}
		for _, s := range steps {
			require.Equal(t, s.want, record(s.status, "wamid.out1", "", "x").Status, "after %s", s.status)
		}
		got, err := b.m.GetMessage(ctx, reply.ID)
		require.NoError(t, err)
		require.Equal(t, whatsapp.StatusRead, got.Status)
		require.Empty(t, got.StatusReason)

		// Statuses are the provider's facts, kept on the message: no event.
		eventbustest.RequireTotal(t, b.bus, 1)
		eventbustest.RequireCount[events.WhatsAppReplySent](t, b.bus, 1)
	})
}

func TestRecordMessageStatusFailed(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		conv := b.conversation(t)
		reply, err := b.m.SendWhatsAppReply(ctx, template(conv.ID))
		require.NoError(t, err)

		// A status webhook can arrive before the sender stored the provider
		// id; the outbox key echoed by the provider finds the message.
		msg, err := b.m.RecordMessageStatus(ctx, whatsapp.RecordMessageStatusInput{
			ProviderMessageID: "wamid.out2", OutboxKey: reply.OutboxKey, Status: whatsapp.StatusFailed,
			Reason: "131026 Message undeliverable",
		})
		require.NoError(t, err)
		require.Equal(t, whatsapp.StatusFailed, msg.Status)
		require.Equal(t, "131026 Message undeliverable", msg.StatusReason)
		require.Equal(t, "wamid.out2", msg.ProviderMessageID)

		// failed is final.
		msg, err = b.m.RecordMessageStatus(ctx, whatsapp.RecordMessageStatusInput{ProviderMessageID: "wamid.out2", Status: whatsapp.StatusDelivered})
		require.NoError(t, err)
		require.Equal(t, whatsapp.StatusFailed, msg.Status)
		require.Equal(t, "131026 Message undeliverable", msg.StatusReason)
	})
}

func TestRecordMessageStatusRejects(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		b.conversation(t) // inbound wamid.1

		_, err := b.m.RecordMessageStatus(ctx, whatsapp.RecordMessageStatusInput{ProviderMessageID: "wamid.1", Status: "delivered"})
		require.ErrorIs(t, err, whatsapp.ErrNotOutbound)
		apperrtest.RequireCode(t, err, apperr.Conflict)
		_, err = b.m.RecordMessageStatus(ctx, whatsapp.RecordMessageStatusInput{ProviderMessageID: "wamid.unknown", Status: "delivered"})
		apperrtest.RequireCode(t, err, apperr.NotFound)
		_, err = b.m.RecordMessageStatus(ctx, whatsapp.RecordMessageStatusInput{ProviderMessageID: "wamid.unknown", OutboxKey: "nope", Status: "sent"})
		apperrtest.RequireCode(t, err, apperr.NotFound)
		_, err = b.m.RecordMessageStatus(ctx, whatsapp.RecordMessageStatusInput{ProviderMessageID: "wamid.1", Status: "deleted"})
		apperrtest.RequireInvalid(t, err, "status")
		_, err = b.m.RecordMessageStatus(ctx, whatsapp.RecordMessageStatusInput{Status: "sent"})
		apperrtest.RequireInvalid(t, err, "providerMessageId")

		got, err := b.m.ListMessages(ctx, mustConversationID(t, b))
		require.NoError(t, err)
		require.Len(t, got, 1)
		require.Equal(t, whatsapp.StatusReceived, got[0].Status)
	})
}

func mustConversationID(t *testing.T, b *bundle) string {
	t.Helper()
	var id string
	require.NoError(t, b.db.QueryRowContext(context.Background(), `SELECT id FROM whatsapp_conversations`).Scan(&id))
	return id
}
