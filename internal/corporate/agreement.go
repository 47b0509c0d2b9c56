package corporate

import (
	"time"

	"github.com/academy/academy/internal/corporate/internal/store"
)

// Agreement is the contract in force made from an accepted proposal: seats
// and price are copied from the proposal.
type Agreement struct {
	ID             string    `json:"id"`
	ProposalID     string    `json:"proposalId"`
	OrganizationID string    `json:"organizationId"`
	Seats          int       `json:"seats"`
	AmountMinor    int64     `json:"amountMinor"`
	Currency       string    `json:"currency"`
	StartsAt       time.Time `json:"startsAt"`
	EndsAt         time.Time `json:"endsAt"`
	// Status is "active".
	Status      string    `json:"status"`
	ActivatedBy string    `json:"activatedBy"`
	ActivatedAt time.Time `json:"activatedAt"`
}

// agreementState is the agreement's state machine. Agreements are born
// active (ActivateAgreement); ending or terminating them is not built yet.
type agreementState struct {
	status string
	endsAt time.Time
}

const agreementActive = "active"

// startCohort checks that a cohort may start under the agreement now.
func (s agreementState) startCohort(now time.Time) error {
	if s.status != agreementActive {
		return ErrAgreementNotActive
	}
	if !now.Before(s.endsAt) {
		return ErrAgreementEnded
	}
	return nil
}

// invoice checks that the agreement may be invoiced. An agreement past its
// end date may still get its final invoice.
func (s agreementState) invoice() error {
	if s.status != agreementActive {
		return ErrAgreementNotActive
	}
	return nil
}

func agreementFromRow(r store.Agreement) Agreement {
	return Agreement{
		ID: r.ID, ProposalID: r.ProposalID, OrganizationID: r.OrganizationID, Seats: r.Seats,
		AmountMinor: r.AmountMinor, Currency: r.Currency, StartsAt: r.StartsAt, EndsAt: r.EndsAt,
		Status: r.Status, ActivatedBy: r.ActivatedBy, ActivatedAt: r.ActivatedAt,
	}
}

func agreementStateOf(r store.Agreement) agreementState {
	return agreementState{status: r.Status, endsAt: r.EndsAt}
}

// Cohort is a group of an organization's people trained on one course
// under an agreement.
type Cohort struct {
	ID             string    `json:"id"`
	AgreementID    string    `json:"agreementId"`
	OrganizationID string    `json:"organizationId"`
	CourseID       string    `json:"courseId"`
	Name           string    `json:"name"`
	Seats          int       `json:"seats"`
	StartsAt       time.Time `json:"startsAt"`
	// Status is "started".
	Status    string    `json:"status"`
	StartedBy string    `json:"startedBy"`
	CreatedAt time.Time `json:"createdAt"`
}

// cohortStarted is a cohort's only state so far; completing a cohort comes
// with the course and attendance read APIs.
const cohortStarted = "started"

func cohortFromRow(r store.Cohort) Cohort {
	return Cohort{
		ID: r.ID, AgreementID: r.AgreementID, OrganizationID: r.OrganizationID, CourseID: r.CourseID,
		Name: r.Name, Seats: r.Seats, StartsAt: r.StartsAt, Status: r.Status, StartedBy: r.StartedBy, CreatedAt: r.CreatedAt,
	}
}

// Report is a stored snapshot about a cohort over a period: its seats and
// the billing of its agreement in that period.
type Report struct {
	ID             string    `json:"id"`
	CohortID       string    `json:"cohortId"`
	OrganizationID string    `json:"organizationId"`
	PeriodStart    time.Time `json:"periodStart"`
	PeriodEnd      time.Time `json:"periodEnd"`
	Seats          int       `json:"seats"`
	// InvoiceCount, InvoicedMinor and PaidMinor cover the agreement's
	// invoices issued in [PeriodStart, PeriodEnd), in Currency.
	InvoiceCount  int       `json:"invoiceCount"`
	InvoicedMinor int64     `json:"invoicedMinor"`
	PaidMinor     int64     `json:"paidMinor"`
	Currency      string    `json:"currency"`
	GeneratedBy   string    `json:"generatedBy"`
	GeneratedAt   time.Time `json:"generatedAt"`
}

func reportFromRow(r store.Report) Report {
	return Report{
		ID: r.ID, CohortID: r.CohortID, OrganizationID: r.OrganizationID, PeriodStart: r.PeriodStart, PeriodEnd: r.PeriodEnd,
		Seats: r.Seats, InvoiceCount: r.InvoiceCount, InvoicedMinor: r.InvoicedMinor, PaidMinor: r.PaidMinor,
		Currency: r.Currency, GeneratedBy: r.GeneratedBy, GeneratedAt: r.GeneratedAt,
	}
}
