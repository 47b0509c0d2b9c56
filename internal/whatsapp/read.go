package whatsapp

import (
	"context"
	"errors"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/whatsapp/internal/store"
)

// notFound turns the store's ErrNotFound into a NotFound application error.
func notFound(err error, conversationID string) error {
	if errors.Is(err, store.ErrNotFound) {
		return apperr.Errorf(apperr.NotFound, "conversation %s not found", conversationID)
	}
	return err
}

// GetConversation reads one conversation, with the contact's phone number.
func (m *Module) GetConversation(ctx context.Context, id string) (Conversation, error) {
	row, err := m.store.Conversation(ctx, m.db, id)
	if err != nil {
		return Conversation{}, notFound(err, id)
	}
	return conversationFromRow(row), nil
}

// ListMessages lists a conversation's messages in the order they happened.
func (m *Module) ListMessages(ctx context.Context, conversationID string) ([]Message, error) {
	conv, err := m.store.Conversation(ctx, m.db, conversationID)
	if err != nil {
		return nil, notFound(err, conversationID)
	}
	rows, err := m.store.Messages(ctx, m.db, conversationID)
	if err != nil {
		return nil, err
	}
	out := make([]Message, len(rows))
	for i, r := range rows {
		out[i] = messageFromRow(r, conv.PhoneNumber)
	}
	return out, nil
}

// GetMessage reads one message with the contact's phone number: what the
// sender of a queued reply needs (number, and text or template).
func (m *Module) GetMessage(ctx context.Context, id string) (Message, error) {
	row, err := m.store.Message(ctx, m.db, id)
	if errors.Is(err, store.ErrNotFound) {
		return Message{}, apperr.Errorf(apperr.NotFound, "message %s not found", id)
	}
	if err != nil {
		return Message{}, err
	}
	conv, err := m.store.Conversation(ctx, m.db, row.ConversationID)
	if err != nil {
		return Message{}, err
	}
	return messageFromRow(row, conv.PhoneNumber), nil
}
