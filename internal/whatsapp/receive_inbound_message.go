package whatsapp

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/whatsapp/internal/store"
)

// Limits on what is stored. WhatsApp text messages are at most 4096
// characters.
const (
	maxTextLen = 4096
	maxIDLen   = 200
	maxNameLen = 200
)

// ReceiveInboundMessageInput is a message a contact sent, as the provider
// reports it.
type ReceiveInboundMessageInput struct {
	// From is the contact's phone number; "34600000000" (as the provider
	// sends it) and "+34 600 000 000" are both accepted and stored as E.164.
	From string `json:"from"`
	// ProviderMessageID is the provider's id of the message; a repeat of it
	// stores nothing new.
	ProviderMessageID string `json:"providerMessageId"`
	Text              string `json:"text"`
	// Timestamp is when the contact sent the message, per the provider.
	Timestamp time.Time `json:"timestamp"`
	// ProfileName is the contact's WhatsApp profile name, when known.
	ProfileName string `json:"profileName"`
}

func (in ReceiveInboundMessageInput) validate(phone string) error {
	var v apperr.Validation
	if strings.TrimSpace(in.From) == "" {
		v.Add("from", "is required")
	} else {
		v.Check(phone != "", "from", "must be a phone number in international form, such as +34600000000")
	}
	v.Require("providerMessageId", in.ProviderMessageID)
	v.Check(len(in.ProviderMessageID) <= maxIDLen, "providerMessageId", "must be at most %d characters", maxIDLen)
	v.Require("text", in.Text)
	v.Check(utf8.RuneCountInString(in.Text) <= maxTextLen, "text", "must be at most %d characters", maxTextLen)
	v.Check(!in.Timestamp.IsZero(), "timestamp", "is required")
	v.Check(utf8.RuneCountInString(in.ProfileName) <= maxNameLen, "profileName", "must be at most %d characters", maxNameLen)
	return v.Err()
}

// Received is the outcome of ReceiveInboundMessage.
type Received struct {
	Message      Message      `json:"message"`
	Conversation Conversation `json:"conversation"`
	// Duplicate is true when the provider message id was already stored:
	// nothing was written and Message is the stored one.
	Duplicate bool `json:"duplicate"`
	// NewConversation is true when this message opened the conversation
	// with a number never seen before.
	NewConversation bool `json:"newConversation"`
}

// ReceiveInboundMessage stores a message from a contact in the conversation
// of its phone number, opening the conversation for an unknown number, and
// reopens the 24h service window. It is idempotent on ProviderMessageID:
// providers deliver webhooks at least once, and a repeat returns the stored
// message with Duplicate set.
//
// It records no domain event: an inbound message is not a business fact in
// the event catalog. Staff act on it through AssignConversation,
// CreateB2bLeadFromConversation and SendWhatsAppReply.
func (m *Module) ReceiveInboundMessage(ctx context.Context, in ReceiveInboundMessageInput) (Received, error) {
	phone := normalizePhone(in.From)
	in.ProfileName = strings.TrimSpace(in.ProfileName)
	if err := in.validate(phone); err != nil {
		return Received{}, err
	}
	now := m.clock.Now()
	// A provider clock ahead of ours must not stretch the service window.
	at := in.Timestamp.UTC()
	if at.After(now) {
		at = now
	}
	var out Received
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		if dup, ok, err := m.storedInbound(ctx, tx, in.ProviderMessageID, phone); err != nil || ok {
			out = dup
			return err
		}
		id, err := uuid.NewV7() // time-ordered, so messages of one instant keep their order
		if err != nil {
			return err
		}
		created, err := m.store.InsertConversationIfAbsent(ctx, tx, store.Conversation{
			ID: uuid.NewString(), PhoneNumber: phone, ProfileName: in.ProfileName, LastInboundAt: at, CreatedAt: now,
		})
		if err != nil {
			return err
		}
		conv, err := m.store.ConversationByPhone(ctx, tx, phone)
		if err != nil {
			return err
		}
		msg := store.Message{
			ID: id.String(), ConversationID: conv.ID, Direction: string(Inbound), ProviderMessageID: in.ProviderMessageID,
			Body: in.Text, Status: StatusReceived, OccurredAt: at, CreatedAt: now,
		}
		inserted, err := m.store.InsertMessageIfAbsent(ctx, tx, msg)
		if err != nil {
			return err
		}
		if !inserted {
			// A concurrent delivery of the same message committed first.
			dup, ok, err := m.storedInbound(ctx, tx, in.ProviderMessageID, phone)
			if err == nil && !ok {
				err = fmt.Errorf("message %s vanished after a conflicting insert", in.ProviderMessageID)
			}
			out = dup
			return err
		}
		if !created {
			if err := m.store.RecordInbound(ctx, tx, conv.ID, at, in.ProfileName); err != nil {
				return err
			}
			if conv, err = m.store.Conversation(ctx, tx, conv.ID); err != nil {
				return err
			}
		}
		out = Received{Message: messageFromRow(msg, phone), Conversation: conversationFromRow(conv), NewConversation: created}
		return nil
	})
	if err != nil {
		return Received{}, fmt.Errorf("receive whatsapp message: %w", err)
	}
	return out, nil
}

// storedInbound returns the already stored message with providerID, if
// any. The same provider id from another number is a conflict.
func (m *Module) storedInbound(ctx context.Context, q store.Querier, providerID, phone string) (Received, bool, error) {
	msg, err := m.store.MessageByProviderID(ctx, q, providerID)
	if errors.Is(err, store.ErrNotFound) {
		return Received{}, false, nil
	}
	if err != nil {
		return Received{}, false, err
	}
	conv, err := m.store.Conversation(ctx, q, msg.ConversationID)
	if err != nil {
		return Received{}, false, err
	}
	if conv.PhoneNumber != phone || msg.Direction != string(Inbound) {
		return Received{}, false, ErrProviderMessageReused
	}
	return Received{Message: messageFromRow(msg, phone), Conversation: conversationFromRow(conv), Duplicate: true}, true, nil
}
