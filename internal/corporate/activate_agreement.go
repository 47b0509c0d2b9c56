package corporate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/corporate/events"
	"github.com/academy/academy/internal/corporate/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
)

// ActivateAgreementInput is the input of ActivateAgreement.
type ActivateAgreementInput struct {
	ProposalID  string    `json:"proposalId"`
	StartsAt    time.Time `json:"startsAt"`
	EndsAt      time.Time `json:"endsAt"`
	ActorUserID string    `json:"-"`
}

func (in ActivateAgreementInput) validate(now time.Time) error {
	var v apperr.Validation
	checkID(&v, "proposalId", in.ProposalID)
	v.Check(!in.StartsAt.IsZero(), "startsAt", "is required")
	v.Check(!in.EndsAt.IsZero(), "endsAt", "is required")
	if !in.StartsAt.IsZero() && !in.EndsAt.IsZero() {
		v.Check(in.EndsAt.After(in.StartsAt), "endsAt", "must be after startsAt")
		v.Check(in.EndsAt.After(now), "endsAt", "must be in the future")
	}
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// ActivateAgreement puts an agreement in force for an accepted proposal,
// copying its seats and price, and records AgreementActivated. A proposal
// gets one agreement: activating again is ErrAgreementExists.
func (m *Module) ActivateAgreement(ctx context.Context, in ActivateAgreementInput) (Agreement, error) {
	now := m.clock.Now()
	if err := in.validate(now); err != nil {
		return Agreement{}, err
	}
	var out Agreement
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		p, err := m.store.Proposal(ctx, tx, in.ProposalID)
		if err != nil {
			return apperr.Referenced("proposalId", notFound(err, "proposal", in.ProposalID))
		}
		if _, err := m.store.AgreementByProposal(ctx, tx, p.ID); err == nil {
			return ErrAgreementExists
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err := (proposalState{status: p.Status, validUntil: p.ValidUntil}).activate(); err != nil {
			return err
		}
		row := store.Agreement{
			ID:             uuid.NewString(),
			ProposalID:     p.ID,
			OrganizationID: p.OrganizationID,
			Seats:          p.Seats,
			AmountMinor:    p.AmountMinor,
			Currency:       p.Currency,
			StartsAt:       in.StartsAt.UTC(),
			EndsAt:         in.EndsAt.UTC(),
			Status:         agreementActive,
			ActivatedBy:    in.ActorUserID,
			ActivatedAt:    now,
		}
		if err := m.store.InsertAgreement(ctx, tx, row); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return ErrAgreementExists
			}
			return err
		}
		out = agreementFromRow(row)
		return m.bus.Record(ctx, tx, events.AgreementActivated{
			AgreementID:    events.AgreementID(row.ID),
			OrganizationID: events.OrganizationID(row.OrganizationID),
			ProposalID:     events.ProposalID(row.ProposalID),
			StartsAt:       row.StartsAt,
			EndsAt:         row.EndsAt,
			ActorUserID:    events.UserID(in.ActorUserID),
			OccurredAt:     now,
		})
	})
	if err != nil {
		return Agreement{}, fmt.Errorf("activate agreement for proposal %s: %w", in.ProposalID, err)
	}
	return out, nil
}
