package corporate

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/corporate/events"
	"github.com/academy/academy/internal/corporate/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
)

// CreateB2bLeadInput is the input of CreateB2bLead. Either ContactEmail or
// ContactPhone is required.
type CreateB2bLeadInput struct {
	Source       LeadSource `json:"source"`
	CompanyName  string     `json:"companyName"`
	ContactName  string     `json:"contactName"`
	ContactEmail string     `json:"contactEmail"`
	ContactPhone string     `json:"contactPhone"`
	Notes        string     `json:"notes"`
	// ActorUserID is who opens the lead; the HTTP layer fills it in.
	ActorUserID string `json:"-"`
}

func (in CreateB2bLeadInput) normalize() CreateB2bLeadInput {
	in.CompanyName, in.ContactName = trim(in.CompanyName), trim(in.ContactName)
	in.ContactEmail, in.ContactPhone, in.Notes = trim(in.ContactEmail), trim(in.ContactPhone), trim(in.Notes)
	return in
}

func (in CreateB2bLeadInput) validate() error {
	var v apperr.Validation
	if in.Source == "" {
		v.Add("source", "is required")
	} else {
		v.Check(in.Source.valid(), "source", "must be one of %v", LeadSources)
	}
	v.Require("companyName", in.CompanyName)
	checkLen(&v, "companyName", in.CompanyName, maxNameLen)
	v.Require("contactName", in.ContactName)
	checkLen(&v, "contactName", in.ContactName, maxNameLen)
	switch {
	case in.ContactEmail == "" && in.ContactPhone == "":
		v.Add("contactEmail", "contactEmail or contactPhone is required")
	default:
		if in.ContactEmail != "" {
			v.Check(len(in.ContactEmail) <= maxNameLen && validEmail(in.ContactEmail), "contactEmail", "must be an email address such as ana@example.com")
		}
		if in.ContactPhone != "" {
			v.Check(validPhone(in.ContactPhone), "contactPhone", "must be a phone number of 7 to 15 digits, such as +34 600 000 000")
		}
	}
	checkLen(&v, "notes", in.Notes, maxNotesLen)
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// CreateB2bLead opens a lead and records B2bLeadCreated.
func (m *Module) CreateB2bLead(ctx context.Context, in CreateB2bLeadInput) (Lead, error) {
	in = in.normalize()
	if err := in.validate(); err != nil {
		return Lead{}, err
	}
	var lead Lead
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		var err error
		lead, err = m.CreateB2bLeadTx(ctx, tx, in)
		return err
	})
	if err != nil {
		return Lead{}, err
	}
	return lead, nil
}

// CreateB2bLeadTx is CreateB2bLead inside the caller's transaction, for
// modules (whatsapp) whose own Action must open the lead atomically with
// their own writes: if tx rolls back, neither the lead nor its
// B2bLeadCreated exists.
func (m *Module) CreateB2bLeadTx(ctx context.Context, tx *sql.Tx, in CreateB2bLeadInput) (Lead, error) {
	in = in.normalize()
	if err := in.validate(); err != nil {
		return Lead{}, err
	}
	now := m.clock.Now()
	row := store.Lead{
		ID:           uuid.NewString(),
		Source:       string(in.Source),
		CompanyName:  in.CompanyName,
		ContactName:  in.ContactName,
		ContactEmail: in.ContactEmail,
		ContactPhone: in.ContactPhone,
		Notes:        in.Notes,
		Status:       string(leadNew),
		CreatedBy:    in.ActorUserID,
		CreatedAt:    now,
	}
	if err := m.store.InsertLead(ctx, tx, row); err != nil {
		return Lead{}, fmt.Errorf("create b2b lead: %w", err)
	}
	err := m.bus.Record(ctx, tx, events.B2bLeadCreated{
		B2bLeadID:   events.B2bLeadID(row.ID),
		Source:      events.LeadSource(row.Source),
		ActorUserID: events.UserID(in.ActorUserID),
		OccurredAt:  now,
	})
	if err != nil {
		return Lead{}, fmt.Errorf("create b2b lead: %w", err)
	}
	return leadFromRow(row), nil
}
