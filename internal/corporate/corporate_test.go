package corporate_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/corporate"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
)

var start = time.Date(2030, 1, 7, 9, 0, 0, 0, time.UTC)

type bundle struct {
	db    *db.DB
	bus   *eventbus.Bus
	clock *clock.Manual
	m     *corporate.Module
}

func setup(t *testing.T, d *db.DB) *bundle {
	t.Helper()
	clk := clock.NewManual(start)
	bus := eventbustest.New(t, eventbus.Config{DB: d, Clock: clk})
	m, err := corporate.New(corporate.Deps{DB: d.DB, Bus: bus, Clock: clk})
	require.NoError(t, err)
	return &bundle{db: d, bus: bus, clock: clk, m: m}
}

// count counts the rows of a corporate table, to prove a rejected Action
// wrote nothing.
func (b *bundle) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	require.NoError(t, b.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n))
	return n
}

func leadInput() corporate.CreateB2bLeadInput {
	return corporate.CreateB2bLeadInput{
		Source:       corporate.SourceWeb,
		CompanyName:  "Acme Logistics",
		ContactName:  "Ana Ruiz",
		ContactEmail: "ana@acme.example",
		ContactPhone: "+34 600 000 000",
		ActorUserID:  "staff-1",
	}
}

func (b *bundle) lead(t *testing.T) corporate.Lead {
	t.Helper()
	l, err := b.m.CreateB2bLead(context.Background(), leadInput())
	require.NoError(t, err)
	return l
}

func (b *bundle) organization(t *testing.T) corporate.Organization {
	t.Helper()
	c, err := b.m.ConvertB2bLeadToOrganization(context.Background(), corporate.ConvertB2bLeadInput{LeadID: b.lead(t).ID, ActorUserID: "staff-1"})
	require.NoError(t, err)
	return c.Organization
}

func proposalInput(orgID string) corporate.SendProposalInput {
	return corporate.SendProposalInput{
		OrganizationID: orgID, Title: "Forklift safety for 20", Seats: 20,
		AmountMinor: 1_200_000, Currency: "EUR", ActorUserID: "staff-1",
	}
}

func (b *bundle) proposal(t *testing.T) corporate.Proposal {
	t.Helper()
	p, err := b.m.SendProposal(context.Background(), proposalInput(b.organization(t).ID))
	require.NoError(t, err)
	return p
}

func (b *bundle) acceptedProposal(t *testing.T) corporate.Proposal {
	t.Helper()
	p, err := b.m.AcceptProposal(context.Background(), corporate.AcceptProposalInput{ProposalID: b.proposal(t).ID, ActorUserID: "staff-1"})
	require.NoError(t, err)
	return p
}

func agreementInput(proposalID string) corporate.ActivateAgreementInput {
	return corporate.ActivateAgreementInput{
		ProposalID: proposalID, StartsAt: start, EndsAt: start.AddDate(0, 6, 0), ActorUserID: "staff-1",
	}
}

func (b *bundle) agreement(t *testing.T) corporate.Agreement {
	t.Helper()
	a, err := b.m.ActivateAgreement(context.Background(), agreementInput(b.acceptedProposal(t).ID))
	require.NoError(t, err)
	return a
}

func cohortInput(agreementID string) corporate.StartCorporateCohortInput {
	return corporate.StartCorporateCohortInput{
		AgreementID: agreementID, CourseID: "course-forklift", Name: "Acme spring cohort",
		Seats: 12, StartsAt: start.AddDate(0, 0, 7), ActorUserID: "staff-1",
	}
}

func invoiceInput(agreementID string, amount int64) corporate.IssueCorporateInvoiceInput {
	return corporate.IssueCorporateInvoiceInput{
		AgreementID: agreementID, AmountMinor: amount, Currency: "EUR",
		DueAt: start.AddDate(0, 0, 30), ActorUserID: "staff-1",
	}
}

func (b *bundle) invoice(t *testing.T, amount int64) corporate.Invoice {
	t.Helper()
	inv, err := b.m.IssueCorporateInvoice(context.Background(), invoiceInput(b.agreement(t).ID, amount))
	require.NoError(t, err)
	return inv
}

// inTx runs fn in a transaction that always rolls back.
func (b *bundle) rolledBack(t *testing.T, fn func(tx *sql.Tx) error) {
	t.Helper()
	tx, err := b.db.BeginTx(context.Background(), nil)
	require.NoError(t, err)
	require.NoError(t, fn(tx))
	require.NoError(t, tx.Rollback())
}
