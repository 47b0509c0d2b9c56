package corporate

import (
	"time"

	"github.com/academy/academy/internal/corporate/internal/store"
)

// Proposal is a priced offer of training seats sent to an organization.
type Proposal struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organizationId"`
	Title          string `json:"title"`
	Seats          int    `json:"seats"`
	// AmountMinor is the total price in minor units of Currency.
	AmountMinor int64  `json:"amountMinor"`
	Currency    string `json:"currency"`
	// ValidUntil, when set, is the last moment the proposal can be accepted.
	ValidUntil time.Time `json:"validUntil,omitzero"`
	// Status is "sent" or "accepted".
	Status     string    `json:"status"`
	SentBy     string    `json:"sentBy"`
	SentAt     time.Time `json:"sentAt"`
	AcceptedBy string    `json:"acceptedBy,omitempty"`
	AcceptedAt time.Time `json:"acceptedAt,omitzero"`
}

// proposalState is the proposal's state machine: sent -> accepted, once,
// and only while the proposal is valid.
type proposalState struct {
	status     string
	validUntil time.Time
}

const (
	proposalSent     = "sent"
	proposalAccepted = "accepted"
)

func (s proposalState) accept(now time.Time) (proposalState, error) {
	if s.status != proposalSent {
		return s, ErrProposalNotSent
	}
	if !s.validUntil.IsZero() && now.After(s.validUntil) {
		return s, ErrProposalExpired
	}
	s.status = proposalAccepted
	return s, nil
}

// activate checks that an agreement may be made from the proposal.
func (s proposalState) activate() error {
	if s.status != proposalAccepted {
		return ErrProposalNotAccepted
	}
	return nil
}

func proposalFromRow(r store.Proposal) Proposal {
	return Proposal{
		ID: r.ID, OrganizationID: r.OrganizationID, Title: r.Title, Seats: r.Seats,
		AmountMinor: r.AmountMinor, Currency: r.Currency, ValidUntil: r.ValidUntil, Status: r.Status,
		SentBy: r.SentBy, SentAt: r.SentAt.UTC(), AcceptedBy: r.AcceptedBy, AcceptedAt: r.AcceptedAt,
	}
}
