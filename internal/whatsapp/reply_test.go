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
	"github.com/academy/academy/internal/whatsapp/events"
)

func freeText(conversationID, text string) whatsapp.SendWhatsAppReplyInput {
	return whatsapp.SendWhatsAppReplyInput{ConversationID: conversationID, Text: text, ActorUserID: "sam"}
}

func template(conversationID string) whatsapp.SendWhatsAppReplyInput {
	return whatsapp.SendWhatsAppReplyInput{
		ConversationID: conversationID, TemplateName: "follow_up", TemplateLanguage: "es",
		TemplateParams: []string{"Ana"}, ActorUserID: "sam",
	}
}

func TestSendWhatsAppReplyFreeTextInsideTheWindow(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		conv := b.conversation(t) // last inbound at start-1m

		msg, err := b.m.SendWhatsAppReply(ctx, freeText(conv.ID, "Hi Ana, how many people?"))
		require.NoError(t, err)
		require.Equal(t, whatsapp.Message{
			ID: msg.ID, ConversationID: conv.ID, Direction: whatsapp.Outbound, PhoneNumber: "+34600111222",
			Mode: whatsapp.ModeFreeText, Text: "Hi Ana, how many people?", Status: "queued", SentBy: "sam",
			OutboxKey: whatsapp.ReplyOutboxKey(msg.ID), OccurredAt: start, CreatedAt: start,
		}, msg)
		ev := eventbustest.RequireRecorded[events.WhatsAppReplySent](t, b.bus)
		require.Equal(t, events.WhatsAppReplySent{
			ConversationID: events.ConversationID(conv.ID), MessageID: events.MessageID(msg.ID),
			ActorUserID: "sam", Mode: "free_text", OccurredAt: start,
		}, ev)
		// The event carries ids only; the sender reads number and text.
		payload := string(eventbustest.Recorded(t, b.bus, ev.EventName())[0].Payload)
		require.NotContains(t, payload, "600111222")
		require.NotContains(t, payload, "how many")
		got, err := b.m.GetMessage(ctx, msg.ID)
		require.NoError(t, err)
		require.Equal(t, msg, got)

		msgs, err := b.m.ListMessages(ctx, conv.ID)
		require.NoError(t, err)
		require.Len(t, msgs, 2)
		require.Equal(t, whatsapp.Outbound, msgs[1].Direction)
	})
}

func TestSendWhatsAppReplyAfterTheWindowNeedsATemplate(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		conv := b.conversation(t) // last inbound at start-1m

		// Exactly 24h after the last inbound message the window is closed.
		b.clock.Set(conv.LastInboundAt.Add(24 * time.Hour))
		_, err := b.m.SendWhatsAppReply(ctx, freeText(conv.ID, "Still there?"))
		require.ErrorIs(t, err, whatsapp.ErrOutsideServiceWindow)
		apperrtest.RequireCode(t, err, apperr.Conflict)
		eventbustest.RequireTotal(t, b.bus, 0)
		require.Equal(t, 1, b.count(t, "whatsapp_messages"))

		msg, err := b.m.SendWhatsAppReply(ctx, template(conv.ID))
		require.NoError(t, err)
		require.Equal(t, whatsapp.ModeTemplate, msg.Mode)
		require.Equal(t, []string{"Ana"}, msg.TemplateParams)
		require.Equal(t, "queued", msg.Status)
		ev := eventbustest.RequireRecorded[events.WhatsAppReplySent](t, b.bus)
		require.Equal(t, events.ReplyMode("template"), ev.Mode)
		got, err := b.m.GetMessage(ctx, msg.ID)
		require.NoError(t, err)
		require.Equal(t, msg, got)

		// A new inbound message reopens the window.
		in := inbound("wamid.2", "Yes!")
		in.Timestamp = b.clock.Now()
		_, err = b.m.ReceiveInboundMessage(ctx, in)
		require.NoError(t, err)
		b.clock.Advance(23 * time.Hour)
		_, err = b.m.SendWhatsAppReply(ctx, freeText(conv.ID, "Great"))
		require.NoError(t, err)
		eventbustest.RequireCount[events.WhatsAppReplySent](t, b.bus, 2)
	})
}

func TestSendWhatsAppReplyRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    func(conversationID string) whatsapp.SendWhatsAppReplyInput
		field string
	}{
		{"nothing to send", func(id string) whatsapp.SendWhatsAppReplyInput { return freeText(id, " ") }, "text"},
		{"long text", func(id string) whatsapp.SendWhatsAppReplyInput { return freeText(id, strings.Repeat("a", 4097)) }, "text"},
		{"text and template", func(id string) whatsapp.SendWhatsAppReplyInput {
			in := template(id)
			in.Text = "hi"
			return in
		}, "text"},
		{"template without language", func(id string) whatsapp.SendWhatsAppReplyInput {
			in := template(id)
			in.TemplateLanguage = ""
			return in
		}, "templateLanguage"},
		{"bad template name", func(id string) whatsapp.SendWhatsAppReplyInput {
			in := template(id)
			in.TemplateName = "Follow Up"
			return in
		}, "templateName"},
		{"empty template param", func(id string) whatsapp.SendWhatsAppReplyInput {
			in := template(id)
			in.TemplateParams = []string{""}
			return in
		}, "templateParams"},
		{"language without template", func(id string) whatsapp.SendWhatsAppReplyInput {
			in := freeText(id, "hi")
			in.TemplateLanguage = "es"
			return in
		}, "templateName"},
		{"no actor", func(id string) whatsapp.SendWhatsAppReplyInput {
			in := freeText(id, "hi")
			in.ActorUserID = ""
			return in
		}, "actorUserId"},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		conv := b.conversation(t)
		for _, tt := range tests {
			_, err := b.m.SendWhatsAppReply(context.Background(), tt.in(conv.ID))
			apperrtest.RequireInvalid(t, err, tt.field)
		}
		_, err := b.m.SendWhatsAppReply(context.Background(), freeText("nope", "hi"))
		apperrtest.RequireCode(t, err, apperr.NotFound)
		eventbustest.RequireTotal(t, b.bus, 0)
		require.Equal(t, 1, b.count(t, "whatsapp_messages"))
	})
}
