package corporate

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/corporate/events"
	"github.com/academy/academy/internal/corporate/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
)

// ConvertB2bLeadInput is the input of ConvertB2bLeadToOrganization.
type ConvertB2bLeadInput struct {
	LeadID string `json:"-"`
	// OrganizationName defaults to the lead's company name.
	OrganizationName string `json:"organizationName"`
	ActorUserID      string `json:"-"`
}

func (in ConvertB2bLeadInput) validate() error {
	var v apperr.Validation
	checkID(&v, "leadId", in.LeadID)
	checkLen(&v, "organizationName", in.OrganizationName, maxNameLen)
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// Conversion is the result of converting a lead: the converted lead and the
// organization made from it.
type Conversion struct {
	Lead         Lead         `json:"lead"`
	Organization Organization `json:"organization"`
}

// ConvertB2bLeadToOrganization turns a new lead into a client organization
// and records B2bLeadConverted. A lead converts once; a second conversion
// is ErrLeadConverted.
func (m *Module) ConvertB2bLeadToOrganization(ctx context.Context, in ConvertB2bLeadInput) (Conversion, error) {
	in.OrganizationName = trim(in.OrganizationName)
	if err := in.validate(); err != nil {
		return Conversion{}, err
	}
	now := m.clock.Now()
	var out Conversion
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		lead, err := m.store.Lead(ctx, tx, in.LeadID)
		if err != nil {
			return notFound(err, "lead", in.LeadID)
		}
		next, err := leadState(lead.Status).convert()
		if err != nil {
			return err
		}
		org := store.Organization{
			ID:        uuid.NewString(),
			LeadID:    lead.ID,
			Name:      cmp.Or(in.OrganizationName, lead.CompanyName),
			CreatedBy: in.ActorUserID,
			CreatedAt: now,
		}
		if err := m.store.InsertOrganization(ctx, tx, org); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return ErrLeadConverted
			}
			return err
		}
		if err := m.store.ConvertLead(ctx, tx, lead.ID, org.ID, now); err != nil {
			if errors.Is(err, store.ErrStale) {
				return ErrLeadConverted
			}
			return err
		}
		lead.Status, lead.OrganizationID, lead.ConvertedAt = string(next), org.ID, now
		out = Conversion{Lead: leadFromRow(lead), Organization: organizationFromRow(org)}
		return m.bus.Record(ctx, tx, events.B2bLeadConverted{
			B2bLeadID:      events.B2bLeadID(lead.ID),
			OrganizationID: events.OrganizationID(org.ID),
			ActorUserID:    events.UserID(in.ActorUserID),
			OccurredAt:     now,
		})
	})
	if err != nil {
		return Conversion{}, fmt.Errorf("convert lead %s: %w", in.LeadID, err)
	}
	return out, nil
}
