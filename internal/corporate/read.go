package corporate

import (
	"context"
	"errors"

	"github.com/academy/academy/internal/corporate/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
)

// notFound turns the store's ErrNotFound into a NotFound application error.
func notFound(err error, what, id string) error {
	if errors.Is(err, store.ErrNotFound) {
		return apperr.Errorf(apperr.NotFound, "%s %s not found", what, id)
	}
	return err
}

// GetLead reads one lead, with its contact data.
func (m *Module) GetLead(ctx context.Context, id string) (Lead, error) {
	row, err := m.store.Lead(ctx, m.db, id)
	if err != nil {
		return Lead{}, notFound(err, "lead", id)
	}
	return leadFromRow(row), nil
}

// GetOrganization reads one organization.
func (m *Module) GetOrganization(ctx context.Context, id string) (Organization, error) {
	row, err := m.store.Organization(ctx, m.db, id)
	if err != nil {
		return Organization{}, notFound(err, "organization", id)
	}
	return organizationFromRow(row), nil
}

// GetProposal reads one proposal.
func (m *Module) GetProposal(ctx context.Context, id string) (Proposal, error) {
	row, err := m.store.Proposal(ctx, m.db, id)
	if err != nil {
		return Proposal{}, notFound(err, "proposal", id)
	}
	return proposalFromRow(row), nil
}

// GetAgreement reads one agreement.
func (m *Module) GetAgreement(ctx context.Context, id string) (Agreement, error) {
	row, err := m.store.Agreement(ctx, m.db, id)
	if err != nil {
		return Agreement{}, notFound(err, "agreement", id)
	}
	return agreementFromRow(row), nil
}

// GetCohort reads one cohort.
func (m *Module) GetCohort(ctx context.Context, id string) (Cohort, error) {
	row, err := m.store.Cohort(ctx, m.db, id)
	if err != nil {
		return Cohort{}, notFound(err, "cohort", id)
	}
	return cohortFromRow(row), nil
}

// GetReport reads one generated report.
func (m *Module) GetReport(ctx context.Context, id string) (Report, error) {
	row, err := m.store.Report(ctx, m.db, id)
	if err != nil {
		return Report{}, notFound(err, "report", id)
	}
	return reportFromRow(row), nil
}

// GetInvoice reads one invoice with its paid and open amounts.
func (m *Module) GetInvoice(ctx context.Context, id string) (Invoice, error) {
	row, err := m.store.Invoice(ctx, m.db, id)
	if err != nil {
		return Invoice{}, notFound(err, "invoice", id)
	}
	return invoiceFromRow(row), nil
}

// ListPaymentAllocations lists the payments allocated to an invoice,
// oldest first.
func (m *Module) ListPaymentAllocations(ctx context.Context, invoiceID string) ([]PaymentAllocation, error) {
	if _, err := m.store.Invoice(ctx, m.db, invoiceID); err != nil {
		return nil, notFound(err, "invoice", invoiceID)
	}
	rows, err := m.store.Allocations(ctx, m.db, invoiceID)
	if err != nil {
		return nil, err
	}
	out := make([]PaymentAllocation, len(rows))
	for i, r := range rows {
		out[i] = allocationFromRow(r)
	}
	return out, nil
}
