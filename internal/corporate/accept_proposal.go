package corporate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/academy/academy/internal/corporate/events"
	"github.com/academy/academy/internal/corporate/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
)

// AcceptProposalInput is the input of AcceptProposal.
type AcceptProposalInput struct {
	ProposalID  string `json:"-"`
	ActorUserID string `json:"-"`
}

func (in AcceptProposalInput) validate() error {
	var v apperr.Validation
	checkID(&v, "proposalId", in.ProposalID)
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// AcceptProposal records that the organization accepted a sent proposal
// (ProposalAccepted). Accepting twice is ErrProposalNotSent; accepting
// after validUntil is ErrProposalExpired.
func (m *Module) AcceptProposal(ctx context.Context, in AcceptProposalInput) (Proposal, error) {
	if err := in.validate(); err != nil {
		return Proposal{}, err
	}
	now := m.clock.Now()
	var out Proposal
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		row, err := m.store.Proposal(ctx, tx, in.ProposalID)
		if err != nil {
			return notFound(err, "proposal", in.ProposalID)
		}
		next, err := proposalState{status: row.Status, validUntil: row.ValidUntil}.accept(now)
		if err != nil {
			return err
		}
		if err := m.store.AcceptProposal(ctx, tx, row.ID, in.ActorUserID, now); err != nil {
			if errors.Is(err, store.ErrStale) {
				return ErrProposalNotSent
			}
			return err
		}
		row.Status, row.AcceptedBy, row.AcceptedAt = next.status, in.ActorUserID, now
		out = proposalFromRow(row)
		return m.bus.Record(ctx, tx, events.ProposalAccepted{
			ProposalID:     events.ProposalID(row.ID),
			OrganizationID: events.OrganizationID(row.OrganizationID),
			ActorUserID:    events.UserID(in.ActorUserID),
			OccurredAt:     now,
		})
	})
	if err != nil {
		return Proposal{}, fmt.Errorf("accept proposal %s: %w", in.ProposalID, err)
	}
	return out, nil
}
