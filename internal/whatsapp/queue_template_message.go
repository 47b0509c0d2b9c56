package whatsapp

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/outbox"
	"github.com/academy/academy/internal/whatsapp/internal/store"
)

// QueueTemplateMessageInput asks for a template message to a person.
type QueueTemplateMessageInput struct {
	// Key is the outbox idempotency key, derived from the business fact
	// that causes the message, e.g. "enrollment-confirmed:{enrollmentId}:whatsapp".
	// One message per key, ever: queueing a key again changes nothing.
	Key string `json:"key"`
	// UserID is the person to message. Their phone number and consent
	// come from the user module; without consent nothing is stored.
	UserID           string   `json:"userId"`
	TemplateName     string   `json:"templateName"`
	TemplateLanguage string   `json:"templateLanguage"`
	TemplateParams   []string `json:"templateParams"`
	// SourceEventID is the domain event that caused the message, if any.
	SourceEventID string `json:"sourceEventId"`
	// ActorUserID is who queues it: the caller's principal, or
	// listener:<name> for automatic messages.
	ActorUserID string `json:"-"`
}

const maxKeyLen = 200

func (in QueueTemplateMessageInput) validate() error {
	var v apperr.Validation
	v.Require("key", in.Key)
	v.Check(len(in.Key) <= maxKeyLen, "key", "must be at most %d characters", maxKeyLen)
	v.Check(!strings.HasPrefix(in.Key, replyKeyPrefix), "key", "must not start with %s, which staff replies use", replyKeyPrefix)
	v.Require("userId", in.UserID)
	validateTemplate(&v, in.TemplateName, in.TemplateLanguage, in.TemplateParams)
	v.Check(len(in.SourceEventID) <= maxIDLen, "sourceEventId", "must be at most %d characters", maxIDLen)
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// QueuedMessage is the outcome of QueueTemplateMessage.
type QueuedMessage struct {
	Message Message `json:"message"`
	// Duplicate is true when the key was queued before: nothing was written
	// and Message is the stored one.
	Duplicate bool `json:"duplicate"`
}

// QueueTemplateMessage stores an outbound template message to a person who
// opted in to WhatsApp and queues it in the outbox under in.Key, in one
// transaction: both exist or neither does. The message goes into the
// conversation of the person's phone number, which is opened (with no
// service window) when they never wrote.
//
// It is idempotent on Key. A person without consent or without a phone
// number is ErrNoWhatsAppConsent (409) and nothing is written. It records
// no domain event: the fact that caused the message (an enrollment
// confirmed) is the event, and the outbox row names it (SourceEventID).
func (m *Module) QueueTemplateMessage(ctx context.Context, in QueueTemplateMessageInput) (QueuedMessage, error) {
	if err := in.validate(); err != nil {
		return QueuedMessage{}, err
	}
	// Read before the transaction: the user module reads on its own
	// connection, and SQLite has only one.
	contact, err := m.users.FindUserContact(ctx, in.UserID)
	if err != nil {
		return QueuedMessage{}, fmt.Errorf("queue whatsapp template %s: read contact: %w", in.Key, apperr.Referenced("userId", err))
	}
	phone := normalizePhone(contact.Phone)
	if !contact.WhatsAppOptIn || phone == "" {
		return QueuedMessage{}, ErrNoWhatsAppConsent
	}
	now := m.clock.Now()
	var out QueuedMessage
	err = db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		if dup, ok, err := m.storedOutbound(ctx, tx, in.Key); err != nil || ok {
			out = dup
			return err
		}
		if _, err := m.store.InsertConversationIfAbsent(ctx, tx, store.Conversation{
			ID: uuid.NewString(), PhoneNumber: phone, CreatedAt: now,
		}); err != nil {
			return err
		}
		conv, err := m.store.ConversationByPhone(ctx, tx, phone)
		if err != nil {
			return err
		}
		id, err := uuid.NewV7()
		if err != nil {
			return err
		}
		msg := store.Message{
			ID: id.String(), ConversationID: conv.ID, Direction: string(Outbound), Mode: string(ModeTemplate),
			TemplateName: in.TemplateName, TemplateLanguage: in.TemplateLanguage, TemplateParams: in.TemplateParams,
			Status: StatusQueued, OutboxKey: in.Key, SentBy: in.ActorUserID, OccurredAt: now, CreatedAt: now,
		}
		inserted, err := m.store.InsertMessageIfAbsent(ctx, tx, msg)
		if err != nil {
			return err
		}
		if !inserted {
			// A concurrent call with the same key committed first.
			dup, ok, err := m.storedOutbound(ctx, tx, in.Key)
			if err == nil && !ok {
				err = fmt.Errorf("message with key %s vanished after a conflicting insert", in.Key)
			}
			out = dup
			return err
		}
		if _, _, err := m.outbox.Enqueue(ctx, tx, outbox.Message{
			Key: in.Key, Channel: outbox.WhatsApp, To: phone,
			TemplateName: in.TemplateName, TemplateLanguage: in.TemplateLanguage, TemplateParams: in.TemplateParams,
			SourceEventID: in.SourceEventID,
		}); err != nil {
			return err
		}
		out = QueuedMessage{Message: messageFromRow(msg, phone)}
		return nil
	})
	if err != nil {
		return QueuedMessage{}, fmt.Errorf("queue whatsapp template %s: %w", in.Key, err)
	}
	return out, nil
}

// storedOutbound returns the message already queued under key, if any.
func (m *Module) storedOutbound(ctx context.Context, q store.Querier, key string) (QueuedMessage, bool, error) {
	msg, err := m.store.MessageByOutboxKey(ctx, q, key)
	if errors.Is(err, store.ErrNotFound) {
		return QueuedMessage{}, false, nil
	}
	if err != nil {
		return QueuedMessage{}, false, err
	}
	conv, err := m.store.Conversation(ctx, q, msg.ConversationID)
	if err != nil {
		return QueuedMessage{}, false, err
	}
	return QueuedMessage{Message: messageFromRow(msg, conv.PhoneNumber), Duplicate: true}, true, nil
}
