package corporate

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/corporate/events"
	"github.com/academy/academy/internal/corporate/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
)

// SendProposalInput is the input of SendProposal.
type SendProposalInput struct {
	OrganizationID string `json:"organizationId"`
	Title          string `json:"title"`
	Seats          int    `json:"seats"`
	// AmountMinor is the total price in minor units of Currency (cents for EUR).
	AmountMinor int64  `json:"amountMinor"`
	Currency    string `json:"currency"`
	// ValidUntil is optional; when set it must be in the future.
	ValidUntil  time.Time `json:"validUntil,omitzero"`
	ActorUserID string    `json:"-"`
}

// maxSeats rejects seat counts that are surely a typo.
const maxSeats = 10_000

func (in SendProposalInput) validate(now time.Time) error {
	var v apperr.Validation
	checkID(&v, "organizationId", in.OrganizationID)
	v.Require("title", in.Title)
	checkLen(&v, "title", in.Title, maxNameLen)
	v.Check(in.Seats > 0 && in.Seats <= maxSeats, "seats", "must be between 1 and %d", maxSeats)
	v.Check(in.AmountMinor > 0, "amountMinor", "must be a positive amount in minor units")
	checkCurrency(&v, "currency", in.Currency)
	v.Check(in.ValidUntil.IsZero() || in.ValidUntil.After(now), "validUntil", "must be in the future")
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// SendProposal sends a priced proposal to an organization and records
// ProposalSent.
func (m *Module) SendProposal(ctx context.Context, in SendProposalInput) (Proposal, error) {
	in.Title = trim(in.Title)
	now := m.clock.Now()
	if err := in.validate(now); err != nil {
		return Proposal{}, err
	}
	row := store.Proposal{
		ID:             uuid.NewString(),
		OrganizationID: in.OrganizationID,
		Title:          in.Title,
		Seats:          in.Seats,
		AmountMinor:    in.AmountMinor,
		Currency:       in.Currency,
		Status:         proposalSent,
		SentBy:         in.ActorUserID,
		SentAt:         now,
	}
	if !in.ValidUntil.IsZero() {
		row.ValidUntil = in.ValidUntil.UTC()
	}
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		if _, err := m.store.Organization(ctx, tx, in.OrganizationID); err != nil {
			return apperr.Referenced("organizationId", notFound(err, "organization", in.OrganizationID))
		}
		if err := m.store.InsertProposal(ctx, tx, row); err != nil {
			return err
		}
		return m.bus.Record(ctx, tx, events.ProposalSent{
			ProposalID:     events.ProposalID(row.ID),
			OrganizationID: events.OrganizationID(row.OrganizationID),
			Seats:          row.Seats,
			AmountMinor:    row.AmountMinor,
			Currency:       row.Currency,
			ActorUserID:    events.UserID(in.ActorUserID),
			OccurredAt:     now,
		})
	})
	if err != nil {
		return Proposal{}, fmt.Errorf("send proposal: %w", err)
	}
	return proposalFromRow(row), nil
}
