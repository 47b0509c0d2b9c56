package whatsapp

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/academy/academy/internal/corporate"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/whatsapp/events"
	"github.com/academy/academy/internal/whatsapp/internal/store"
)

// CreateB2bLeadFromConversationInput is the input of
// CreateB2bLeadFromConversation. The phone number comes from the
// conversation; the rest is what staff learned in it.
type CreateB2bLeadFromConversationInput struct {
	ConversationID string `json:"-"`
	CompanyName    string `json:"companyName"`
	// ContactName defaults to the contact's WhatsApp profile name.
	ContactName  string `json:"contactName"`
	ContactEmail string `json:"contactEmail"`
	Notes        string `json:"notes"`
	ActorUserID  string `json:"-"`
}

// LeadFromConversation is the outcome of CreateB2bLeadFromConversation.
type LeadFromConversation struct {
	Conversation Conversation   `json:"conversation"`
	Lead         corporate.Lead `json:"lead"`
}

// CreateB2bLeadFromConversation opens a corporate lead (source "whatsapp")
// for the contact of a conversation. Corporate's CreateB2bLeadTx runs in
// this Action's transaction, so corporate's B2bLeadCreated and whatsapp's
// WhatsAppLeadCreated are recorded together or not at all. A conversation
// makes one lead: a second call is ErrLeadAlreadyCreated.
//
// The lead's contact data is validated by corporate; its errors (Invalid,
// naming the field) come back unchanged.
func (m *Module) CreateB2bLeadFromConversation(ctx context.Context, in CreateB2bLeadFromConversationInput) (LeadFromConversation, error) {
	var v apperr.Validation
	v.Require("conversationId", in.ConversationID)
	v.Require("actorUserId", in.ActorUserID)
	if err := v.Err(); err != nil {
		return LeadFromConversation{}, err
	}
	now := m.clock.Now()
	var out LeadFromConversation
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		row, err := m.store.Conversation(ctx, tx, in.ConversationID)
		if err != nil {
			return notFound(err, in.ConversationID)
		}
		if err := conversationOf(row).createLead(); err != nil {
			return err
		}
		lead, err := m.leads.CreateB2bLeadTx(ctx, tx, corporate.CreateB2bLeadInput{
			Source:       corporate.SourceWhatsApp,
			CompanyName:  in.CompanyName,
			ContactName:  cmp.Or(in.ContactName, row.ProfileName),
			ContactEmail: in.ContactEmail,
			ContactPhone: row.PhoneNumber,
			Notes:        in.Notes,
			ActorUserID:  in.ActorUserID,
		})
		if err != nil {
			return err
		}
		if err := m.store.LinkLead(ctx, tx, row.ID, lead.ID, in.ActorUserID, now); err != nil {
			if errors.Is(err, store.ErrStale) {
				return ErrLeadAlreadyCreated
			}
			return err
		}
		row.B2bLeadID, row.LeadCreatedBy, row.LeadCreatedAt = lead.ID, in.ActorUserID, now
		out = LeadFromConversation{Conversation: conversationFromRow(row), Lead: lead}
		return m.bus.Record(ctx, tx, events.WhatsAppLeadCreated{
			ConversationID: events.ConversationID(row.ID),
			B2bLeadID:      events.B2bLeadID(lead.ID),
			ActorUserID:    events.UserID(in.ActorUserID),
			OccurredAt:     now,
		})
	})
	if err != nil {
		return LeadFromConversation{}, fmt.Errorf("create lead from conversation %s: %w", in.ConversationID, err)
	}
	return out, nil
}
