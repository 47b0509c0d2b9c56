package corporate_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/corporate"
	"github.com/academy/academy/internal/corporate/events"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/apperr/apperrtest"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
)

func TestSendProposal(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		org := b.organization(t)
		in := proposalInput(org.ID)
		in.ValidUntil = start.AddDate(0, 1, 0)
		p, err := b.m.SendProposal(context.Background(), in)
		require.NoError(t, err)
		require.Equal(t, "sent", p.Status)

		ev := eventbustest.RequireRecorded[events.ProposalSent](t, b.bus)
		require.Equal(t, events.ProposalSent{
			ProposalID: events.ProposalID(p.ID), OrganizationID: events.OrganizationID(org.ID),
			Seats: 20, AmountMinor: 1_200_000, Currency: "EUR", ActorUserID: "staff-1", OccurredAt: start,
		}, ev)
		got, err := b.m.GetProposal(context.Background(), p.ID)
		require.NoError(t, err)
		require.Equal(t, p, got)
	})
}

func TestSendProposalRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*corporate.SendProposalInput)
		field  string
	}{
		{"no organization", func(in *corporate.SendProposalInput) { in.OrganizationID = "" }, "organizationId"},
		{"no title", func(in *corporate.SendProposalInput) { in.Title = " " }, "title"},
		{"no seats", func(in *corporate.SendProposalInput) { in.Seats = 0 }, "seats"},
		{"zero amount", func(in *corporate.SendProposalInput) { in.AmountMinor = 0 }, "amountMinor"},
		{"negative amount", func(in *corporate.SendProposalInput) { in.AmountMinor = -5 }, "amountMinor"},
		{"no currency", func(in *corporate.SendProposalInput) { in.Currency = "" }, "currency"},
		{"lowercase currency", func(in *corporate.SendProposalInput) { in.Currency = "eur" }, "currency"},
		{"past validity", func(in *corporate.SendProposalInput) { in.ValidUntil = start.Add(-time.Hour) }, "validUntil"},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		org := b.organization(t)
		before := len(eventbustest.Recorded(t, b.bus, ""))
		for _, tt := range tests {
			in := proposalInput(org.ID)
			tt.change(&in)
			_, err := b.m.SendProposal(context.Background(), in)
			apperrtest.RequireInvalid(t, err, tt.field)
		}
		_, err := b.m.SendProposal(context.Background(), proposalInput("nope"))
		apperrtest.RequireFields(t, err, "organizationId")
		eventbustest.RequireTotal(t, b.bus, before)
		require.Zero(t, b.count(t, "corporate_proposals"))
	})
}

func TestAcceptProposal(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		p := b.proposal(t)
		b.clock.Advance(time.Hour)
		accepted, err := b.m.AcceptProposal(context.Background(), corporate.AcceptProposalInput{ProposalID: p.ID, ActorUserID: "staff-2"})
		require.NoError(t, err)
		require.Equal(t, "accepted", accepted.Status)
		require.Equal(t, "staff-2", accepted.AcceptedBy)

		ev := eventbustest.RequireRecorded[events.ProposalAccepted](t, b.bus)
		require.Equal(t, events.ProposalAccepted{
			ProposalID: events.ProposalID(p.ID), OrganizationID: events.OrganizationID(p.OrganizationID),
			ActorUserID: "staff-2", OccurredAt: start.Add(time.Hour),
		}, ev)
		got, err := b.m.GetProposal(context.Background(), p.ID)
		require.NoError(t, err)
		require.Equal(t, accepted, got)

		// Accepting twice: 409, nothing recorded.
		_, err = b.m.AcceptProposal(context.Background(), corporate.AcceptProposalInput{ProposalID: p.ID, ActorUserID: "staff-2"})
		require.ErrorIs(t, err, corporate.ErrProposalNotSent)
		apperrtest.RequireCode(t, err, apperr.Conflict)
		eventbustest.RequireCount[events.ProposalAccepted](t, b.bus, 1)
	})
}

func TestAcceptProposalRejects(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		_, err := b.m.AcceptProposal(context.Background(), corporate.AcceptProposalInput{ProposalID: "nope", ActorUserID: "staff-1"})
		apperrtest.RequireCode(t, err, apperr.NotFound)
		_, err = b.m.AcceptProposal(context.Background(), corporate.AcceptProposalInput{ProposalID: "x"})
		apperrtest.RequireInvalid(t, err, "actorUserId")

		in := proposalInput(b.organization(t).ID)
		in.ValidUntil = start.Add(24 * time.Hour)
		p, err := b.m.SendProposal(context.Background(), in)
		require.NoError(t, err)
		b.clock.Advance(25 * time.Hour)
		_, err = b.m.AcceptProposal(context.Background(), corporate.AcceptProposalInput{ProposalID: p.ID, ActorUserID: "staff-1"})
		require.ErrorIs(t, err, corporate.ErrProposalExpired)
		apperrtest.RequireCode(t, err, apperr.Conflict)
		eventbustest.RequireCount[events.ProposalAccepted](t, b.bus, 0)
		got, err := b.m.GetProposal(context.Background(), p.ID)
		require.NoError(t, err)
		require.Equal(t, "sent", got.Status)
	})
}
