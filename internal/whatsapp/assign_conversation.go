package whatsapp

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/user"
	"github.com/academy/academy/internal/whatsapp/events"
	"github.com/academy/academy/internal/whatsapp/internal/store"
)

// AssignConversationInput is the input of AssignConversation.
type AssignConversationInput struct {
	ConversationID string `json:"-"`
	// AssigneeUserID is the staff member (a user of kind staff) who will
	// handle the conversation.
	AssigneeUserID string `json:"assigneeUserId"`
	ActorUserID    string `json:"-"`
}

func (in AssignConversationInput) validate() error {
	var v apperr.Validation
	v.Require("conversationId", in.ConversationID)
	v.Require("assigneeUserId", in.AssigneeUserID)
	v.Check(len(in.AssigneeUserID) <= maxIDLen, "assigneeUserId", "must be at most %d characters", maxIDLen)
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// Assigned is the outcome of AssignConversation.
type Assigned struct {
	Conversation Conversation `json:"conversation"`
	// Changed is false when the conversation was already assigned to the
	// same person: nothing was written or recorded.
	Changed bool `json:"changed"`
}

// AssignConversation gives a conversation to a staff member and records
// WhatsAppConversationAssigned. Assigning it to whoever already has it is a
// no-op (Changed false, no event), so a retried request is harmless.
// An unknown conversation is NotFound; an assignee who is not a user or
// not staff is Invalid, naming assigneeUserId.
func (m *Module) AssignConversation(ctx context.Context, in AssignConversationInput) (Assigned, error) {
	if err := in.validate(); err != nil {
		return Assigned{}, err
	}
	// Read the user before opening our transaction: on SQLite the pool has
	// one connection, which our transaction would hold.
	u, err := m.users.GetUser(ctx, in.AssigneeUserID)
	if err != nil {
		return Assigned{}, fmt.Errorf("assign conversation %s: %w", in.ConversationID, apperr.Referenced("assigneeUserId", err))
	}
	if u.Kind != user.KindStaff {
		var v apperr.Validation
		v.Add("assigneeUserId", "must be a staff member, not a %s", u.Kind)
		return Assigned{}, v.Err()
	}
	now := m.clock.Now()
	var out Assigned
	err = db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		row, err := m.store.Conversation(ctx, tx, in.ConversationID)
		if err != nil {
			return notFound(err, in.ConversationID)
		}
		if !conversationOf(row).assign(in.AssigneeUserID) {
			out = Assigned{Conversation: conversationFromRow(row)}
			return nil
		}
		previous := row.AssignedTo
		if err := m.store.Assign(ctx, tx, row.ID, previous, in.AssigneeUserID, now); err != nil {
			if errors.Is(err, store.ErrStale) {
				return ErrConcurrentChange
			}
			return err
		}
		row.AssignedTo, row.AssignedAt = in.AssigneeUserID, now
		out = Assigned{Conversation: conversationFromRow(row), Changed: true}
		return m.bus.Record(ctx, tx, events.WhatsAppConversationAssigned{
			ConversationID:         events.ConversationID(row.ID),
			AssigneeUserID:         events.UserID(in.AssigneeUserID),
			PreviousAssigneeUserID: events.UserID(previous),
			ActorUserID:            events.UserID(in.ActorUserID),
			OccurredAt:             now,
		})
	})
	if err != nil {
		return Assigned{}, fmt.Errorf("assign conversation %s: %w", in.ConversationID, err)
	}
	return out, nil
}
