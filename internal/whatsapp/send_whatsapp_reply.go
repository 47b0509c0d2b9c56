package whatsapp

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/whatsapp/events"
	"github.com/academy/academy/internal/whatsapp/internal/store"
)

// SendWhatsAppReplyInput is the input of SendWhatsAppReply: either Text
// (free text) or TemplateName with TemplateLanguage (a template message).
type SendWhatsAppReplyInput struct {
	ConversationID   string   `json:"-"`
	Text             string   `json:"text"`
	TemplateName     string   `json:"templateName"`
	TemplateLanguage string   `json:"templateLanguage"`
	TemplateParams   []string `json:"templateParams"`
	ActorUserID      string   `json:"-"`
}

// mode is the reply mode the input asks for.
func (in SendWhatsAppReplyInput) mode() ReplyMode {
	if in.TemplateName != "" {
		return ModeTemplate
	}
	return ModeFreeText
}

func (in SendWhatsAppReplyInput) validate() error {
	var v apperr.Validation
	v.Require("conversationId", in.ConversationID)
	switch in.mode() {
	case ModeTemplate:
		v.Check(in.Text == "", "text", "must be empty when templateName is set")
		validateTemplate(&v, in.TemplateName, in.TemplateLanguage, in.TemplateParams)
	default:
		if strings.TrimSpace(in.Text) == "" {
			v.Add("text", "is required (or send a templateName)")
		}
		v.Check(utf8.RuneCountInString(in.Text) <= maxTextLen, "text", "must be at most %d characters", maxTextLen)
		v.Check(in.TemplateLanguage == "" && len(in.TemplateParams) == 0, "templateName", "is required with templateLanguage or templateParams")
	}
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// SendWhatsAppReply stores a staff reply in a conversation with status
// "queued" and records WhatsAppReplySent. It does not call the provider: a
// listener on WhatsAppReplySent queues the message in the outbox under
// ReplyOutboxKey(message id).
//
// Free text is allowed only within ServiceWindow of the contact's last
// inbound message; after that it is ErrOutsideServiceWindow (409) and only
// a template may be sent.
func (m *Module) SendWhatsAppReply(ctx context.Context, in SendWhatsAppReplyInput) (Message, error) {
	if err := in.validate(); err != nil {
		return Message{}, err
	}
	mode := in.mode()
	now := m.clock.Now()
	var out Message
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		conv, err := m.store.Conversation(ctx, tx, in.ConversationID)
		if err != nil {
			return notFound(err, in.ConversationID)
		}
		if err := conversationOf(conv).reply(mode, now); err != nil {
			return err
		}
		id, err := uuid.NewV7()
		if err != nil {
			return err
		}
		msg := store.Message{
			ID: id.String(), ConversationID: conv.ID, Direction: string(Outbound), Mode: string(mode),
			Body: in.Text, TemplateName: in.TemplateName, TemplateLanguage: in.TemplateLanguage,
			TemplateParams: in.TemplateParams, Status: StatusQueued, OutboxKey: ReplyOutboxKey(id.String()), SentBy: in.ActorUserID,
			OccurredAt: now, CreatedAt: now,
		}
		if _, err := m.store.InsertMessageIfAbsent(ctx, tx, msg); err != nil {
			return err
		}
		out = messageFromRow(msg, conv.PhoneNumber)
		return m.bus.Record(ctx, tx, events.WhatsAppReplySent{
			ConversationID: events.ConversationID(conv.ID),
			MessageID:      events.MessageID(msg.ID),
			ActorUserID:    events.UserID(in.ActorUserID),
			Mode:           events.ReplyMode(mode),
			OccurredAt:     now,
		})
	})
	if err != nil {
		return Message{}, fmt.Errorf("send whatsapp reply in conversation %s: %w", in.ConversationID, err)
	}
	return out, nil
}
