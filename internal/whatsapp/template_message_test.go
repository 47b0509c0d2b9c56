package whatsapp_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/apperr/apperrtest"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/platform/outbox"
	"github.com/academy/academy/internal/user"
	"github.com/academy/academy/internal/whatsapp"
)

// person registers a student with a phone number, opted in to WhatsApp or not.
func (b *bundle) person(t *testing.T, email, phone string, optIn bool) user.User {
	t.Helper()
	u, err := b.users.CreateUser(context.Background(), user.CreateUserInput{
		FullName: "Ana Ruiz", Email: email, Phone: phone, WhatsAppOptIn: optIn, Kind: user.KindStudent, ActorUserID: "admin",
	})
	require.NoError(t, err)
	return u
}

func confirmedTemplate(userID string) whatsapp.QueueTemplateMessageInput {
	return whatsapp.QueueTemplateMessageInput{
		Key: "enrollment-confirmed:e1:whatsapp", UserID: userID, TemplateName: "enrollment_confirmed",
		TemplateLanguage: "en", TemplateParams: []string{"Ana Ruiz", "Go 101"}, SourceEventID: "ev1",
		ActorUserID: "listener:whatsapp.NotifyEnrollmentConfirmed",
	}
}

func (b *bundle) outboxMessages(t *testing.T) []outbox.Message {
	t.Helper()
	msgs, err := b.outbox.List(context.Background(), outbox.Query{})
	require.NoError(t, err)
	return msgs
}

func TestQueueTemplateMessage(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		ana := b.person(t, "ana@example.com", "+34600111222", true)

		q, err := b.m.QueueTemplateMessage(ctx, confirmedTemplate(ana.ID))
		require.NoError(t, err)
		require.False(t, q.Duplicate)
		require.Equal(t, whatsapp.Message{
			ID: q.Message.ID, ConversationID: q.Message.ConversationID, Direction: whatsapp.Outbound,
			PhoneNumber: "+34600111222", Mode: whatsapp.ModeTemplate, TemplateName: "enrollment_confirmed",
			TemplateLanguage: "en", TemplateParams: []string{"Ana Ruiz", "Go 101"}, Status: whatsapp.StatusQueued,
			OutboxKey: "enrollment-confirmed:e1:whatsapp", SentBy: "listener:whatsapp.NotifyEnrollmentConfirmed",
			OccurredAt: start, CreatedAt: start,
		}, q.Message)

		// Stored and queued together.
		msgs := b.outboxMessages(t)
		require.Len(t, msgs, 1)
		require.Equal(t, "enrollment-confirmed:e1:whatsapp", msgs[0].Key)
		require.Equal(t, outbox.WhatsApp, msgs[0].Channel)
		require.Equal(t, "+34600111222", msgs[0].To)
		require.Equal(t, "enrollment_confirmed", msgs[0].TemplateName)
		require.Equal(t, "en", msgs[0].TemplateLanguage)
		require.Equal(t, []string{"Ana Ruiz", "Go 101"}, msgs[0].TemplateParams)
		require.Equal(t, "ev1", msgs[0].SourceEventID)
		require.Equal(t, outbox.Queued, msgs[0].State)
		eventbustest.RequireTotal(t, b.bus, 0)

		// Ana never wrote: her conversation has no service window, so
		// staff may only send templates until she does.
		conv, err := b.m.GetConversation(ctx, q.Message.ConversationID)
		require.NoError(t, err)
		require.True(t, conv.LastInboundAt.IsZero())
		require.True(t, conv.ServiceWindowEndsAt.IsZero())
		_, err = b.m.SendWhatsAppReply(ctx, freeText(conv.ID, "Hi Ana"))
		require.ErrorIs(t, err, whatsapp.ErrOutsideServiceWindow)

		// Queueing the key again changes nothing.
		again, err := b.m.QueueTemplateMessage(ctx, confirmedTemplate(ana.ID))
		require.NoError(t, err)
		require.True(t, again.Duplicate)
		require.Equal(t, q.Message, again.Message)
		require.Len(t, b.outboxMessages(t), 1)
		require.Equal(t, 1, b.count(t, "whatsapp_messages"))

		// When she answers, her message joins the same conversation and
		// opens the window.
		r, err := b.m.ReceiveInboundMessage(ctx, inbound("wamid.1", "Thanks!"))
		require.NoError(t, err)
		require.False(t, r.NewConversation)
		require.Equal(t, conv.ID, r.Conversation.ID)
		require.Equal(t, start.Add(-time.Minute), r.Conversation.LastInboundAt)
		_, err = b.m.SendWhatsAppReply(ctx, freeText(conv.ID, "You're welcome"))
		require.NoError(t, err)
	})
}

func TestQueueTemplateMessageRejects(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		ana := b.person(t, "ana@example.com", "+34600111222", true)
		optedOut := b.person(t, "bo@example.com", "+34600333444", false)
		noPhone := b.person(t, "cy@example.com", "", false)

		tests := []struct {
			name  string
			edit  func(*whatsapp.QueueTemplateMessageInput)
			code  apperr.Code
			field string
		}{
			{"no key", func(in *whatsapp.QueueTemplateMessageInput) { in.Key = "" }, apperr.Invalid, "key"},
			{"a reply's key", func(in *whatsapp.QueueTemplateMessageInput) { in.Key = whatsapp.ReplyOutboxKey("m1") }, apperr.Invalid, "key"},
			{"no user", func(in *whatsapp.QueueTemplateMessageInput) { in.UserID = "" }, apperr.Invalid, "userId"},
			{"bad template name", func(in *whatsapp.QueueTemplateMessageInput) { in.TemplateName = "Enrollment Confirmed" }, apperr.Invalid, "templateName"},
			{"no language", func(in *whatsapp.QueueTemplateMessageInput) { in.TemplateLanguage = "" }, apperr.Invalid, "templateLanguage"},
			{"blank parameter", func(in *whatsapp.QueueTemplateMessageInput) { in.TemplateParams = []string{" "} }, apperr.Invalid, "templateParams"},
			{"no actor", func(in *whatsapp.QueueTemplateMessageInput) { in.ActorUserID = "" }, apperr.Invalid, "actorUserId"},
			{"unknown user", func(in *whatsapp.QueueTemplateMessageInput) { in.UserID = "nobody" }, apperr.Invalid, "userId"},
			{"opted out", func(in *whatsapp.QueueTemplateMessageInput) { in.UserID = optedOut.ID }, apperr.Conflict, ""},
			{"no phone", func(in *whatsapp.QueueTemplateMessageInput) { in.UserID = noPhone.ID }, apperr.Conflict, ""},
		}
		for _, tt := range tests {
			in := confirmedTemplate(ana.ID)
			tt.edit(&in)
			_, err := b.m.QueueTemplateMessage(ctx, in)
			if tt.field != "" {
				apperrtest.RequireInvalid(t, err, tt.field)
			} else {
				apperrtest.RequireCode(t, err, tt.code)
			}
			if tt.code == apperr.Conflict {
				require.ErrorIs(t, err, whatsapp.ErrNoWhatsAppConsent, tt.name)
			}
		}
		require.Equal(t, 0, b.count(t, "whatsapp_messages"))
		require.Equal(t, 0, b.count(t, "whatsapp_conversations"))
		require.Empty(t, b.outboxMessages(t))
		eventbustest.RequireTotal(t, b.bus, 0)
	})
}
