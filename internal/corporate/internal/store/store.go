// Package store is the corporate module's SQL. No other module may import it.
//
// State changes are guarded updates ("... WHERE status = 'new'"): when a
// concurrent request changed the row first, the update touches nothing and
// the caller reports a conflict instead of overwriting it.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/academy/academy/internal/platform/db"
)

// ErrNotFound is returned when a row does not exist.
var ErrNotFound = errors.New("not found")

// ErrDuplicate is returned when an insert breaks a unique constraint.
var ErrDuplicate = errors.New("duplicate")

// ErrStale is returned by a guarded update whose row changed meanwhile.
var ErrStale = errors.New("row changed concurrently")

// Querier is satisfied by *sql.DB and *sql.Tx.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Store runs the module's queries on a DB or a Tx.
type Store struct{}

func insert(ctx context.Context, q Querier, what, query string, args ...any) error {
	if _, err := q.ExecContext(ctx, query, args...); err != nil {
		if db.IsUniqueViolation(err) {
			return fmt.Errorf("insert %s: %w", what, ErrDuplicate)
		}
		return fmt.Errorf("insert %s: %w", what, err)
	}
	return nil
}

// guarded runs an UPDATE that must touch exactly one row.
func guarded(ctx context.Context, q Querier, what, query string, args ...any) error {
	res, err := q.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("update %s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update %s: %w", what, err)
	}
	if n != 1 {
		return fmt.Errorf("update %s: %w", what, ErrStale)
	}
	return nil
}

func one(err error, what, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("read %s %s: %w", what, id, err)
	}
	return nil
}

func nullTime(t time.Time) sql.NullTime {
	if t.IsZero() {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: t.UTC(), Valid: true}
}

func timeOf(n sql.NullTime) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return n.Time.UTC()
}

// Lead is a corporate_leads row.
type Lead struct {
	ID             string
	Source         string
	CompanyName    string
	ContactName    string
	ContactEmail   string
	ContactPhone   string
	Notes          string
	Status         string
	OrganizationID string // empty until converted
	CreatedBy      string
	CreatedAt      time.Time
	ConvertedAt    time.Time // zero until converted
}

// InsertLead writes a new lead.
func (Store) InsertLead(ctx context.Context, q Querier, l Lead) error {
	return insert(ctx, q, "lead", `INSERT INTO corporate_leads
		(id, source, company_name, contact_name, contact_email, contact_phone, notes, status, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		l.ID, l.Source, l.CompanyName, l.ContactName, l.ContactEmail, l.ContactPhone, l.Notes, l.Status, l.CreatedBy, l.CreatedAt.UTC())
}

// Lead reads one lead.
func (Store) Lead(ctx context.Context, q Querier, id string) (Lead, error) {
	var l Lead
	var org sql.NullString
	var converted sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT id, source, company_name, contact_name, contact_email, contact_phone,
		notes, status, organization_id, created_by, created_at, converted_at
		FROM corporate_leads WHERE id = $1`, id).
		Scan(&l.ID, &l.Source, &l.CompanyName, &l.ContactName, &l.ContactEmail, &l.ContactPhone,
			&l.Notes, &l.Status, &org, &l.CreatedBy, &l.CreatedAt, &converted)
	if err := one(err, "lead", id); err != nil {
		return Lead{}, err
	}
	l.OrganizationID, l.ConvertedAt, l.CreatedAt = org.String, timeOf(converted), l.CreatedAt.UTC()
	return l, nil
}

// ConvertLead marks a new lead converted into organizationID.
func (Store) ConvertLead(ctx context.Context, q Querier, id, organizationID string, at time.Time) error {
	return guarded(ctx, q, "lead "+id, `UPDATE corporate_leads
		SET status = 'converted', organization_id = $2, converted_at = $3
		WHERE id = $1 AND status = 'new'`, id, organizationID, at.UTC())
}

// Organization is a corporate_organizations row.
type Organization struct {
	ID        string
	LeadID    string
	Name      string
	CreatedBy string
	CreatedAt time.Time
}

// InsertOrganization writes a new organization; ErrDuplicate when its lead
// already has one.
func (Store) InsertOrganization(ctx context.Context, q Querier, o Organization) error {
	return insert(ctx, q, "organization", `INSERT INTO corporate_organizations
		(id, lead_id, name, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`,
		o.ID, o.LeadID, o.Name, o.CreatedBy, o.CreatedAt.UTC())
}

// Organization reads one organization.
func (Store) Organization(ctx context.Context, q Querier, id string) (Organization, error) {
	var o Organization
	err := q.QueryRowContext(ctx, `SELECT id, lead_id, name, created_by, created_at
		FROM corporate_organizations WHERE id = $1`, id).
		Scan(&o.ID, &o.LeadID, &o.Name, &o.CreatedBy, &o.CreatedAt)
	if err := one(err, "organization", id); err != nil {
		return Organization{}, err
	}
	o.CreatedAt = o.CreatedAt.UTC()
	return o, nil
}

// Proposal is a corporate_proposals row.
type Proposal struct {
	ID             string
	OrganizationID string
	Title          string
	Seats          int
	AmountMinor    int64
	Currency       string
	ValidUntil     time.Time // zero when open-ended
	Status         string
	SentBy         string
	SentAt         time.Time
	AcceptedBy     string
	AcceptedAt     time.Time
}

// InsertProposal writes a new proposal.
func (Store) InsertProposal(ctx context.Context, q Querier, p Proposal) error {
	return insert(ctx, q, "proposal", `INSERT INTO corporate_proposals
		(id, organization_id, title, seats, amount_minor, currency, valid_until, status, sent_by, sent_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		p.ID, p.OrganizationID, p.Title, p.Seats, p.AmountMinor, p.Currency, nullTime(p.ValidUntil), p.Status, p.SentBy, p.SentAt.UTC())
}

// Proposal reads one proposal.
func (Store) Proposal(ctx context.Context, q Querier, id string) (Proposal, error) {
	var p Proposal
	var validUntil, acceptedAt sql.NullTime
	var acceptedBy sql.NullString
	err := q.QueryRowContext(ctx, `SELECT id, organization_id, title, seats, amount_minor, currency,
		valid_until, status, sent_by, sent_at, accepted_by, accepted_at
		FROM corporate_proposals WHERE id = $1`, id).
		Scan(&p.ID, &p.OrganizationID, &p.Title, &p.Seats, &p.AmountMinor, &p.Currency,
			&validUntil, &p.Status, &p.SentBy, &p.SentAt, &acceptedBy, &acceptedAt)
	if err := one(err, "proposal", id); err != nil {
		return Proposal{}, err
	}
	p.ValidUntil, p.AcceptedBy, p.AcceptedAt, p.SentAt = timeOf(validUntil), acceptedBy.String, timeOf(acceptedAt), p.SentAt.UTC()
	return p, nil
}

// AcceptProposal marks a sent proposal accepted.
func (Store) AcceptProposal(ctx context.Context, q Querier, id, by string, at time.Time) error {
	return guarded(ctx, q, "proposal "+id, `UPDATE corporate_proposals
		SET status = 'accepted', accepted_by = $2, accepted_at = $3
		WHERE id = $1 AND status = 'sent'`, id, by, at.UTC())
}

// Agreement is a corporate_agreements row.
type Agreement struct {
	ID             string
	ProposalID     string
	OrganizationID string
	Seats          int
	AmountMinor    int64
	Currency       string
	StartsAt       time.Time
	EndsAt         time.Time
	Status         string
	ActivatedBy    string
	ActivatedAt    time.Time
}

// InsertAgreement writes a new agreement; ErrDuplicate when its proposal
// already has one.
func (Store) InsertAgreement(ctx context.Context, q Querier, a Agreement) error {
	return insert(ctx, q, "agreement", `INSERT INTO corporate_agreements
		(id, proposal_id, organization_id, seats, amount_minor, currency, starts_at, ends_at, status, activated_by, activated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		a.ID, a.ProposalID, a.OrganizationID, a.Seats, a.AmountMinor, a.Currency,
		a.StartsAt.UTC(), a.EndsAt.UTC(), a.Status, a.ActivatedBy, a.ActivatedAt.UTC())
}

const agreementColumns = `id, proposal_id, organization_id, seats, amount_minor, currency,
	starts_at, ends_at, status, activated_by, activated_at`

func scanAgreement(row *sql.Row, what, id string) (Agreement, error) {
	var a Agreement
	err := row.Scan(&a.ID, &a.ProposalID, &a.OrganizationID, &a.Seats, &a.AmountMinor, &a.Currency,
		&a.StartsAt, &a.EndsAt, &a.Status, &a.ActivatedBy, &a.ActivatedAt)
	if err := one(err, what, id); err != nil {
		return Agreement{}, err
	}
	a.StartsAt, a.EndsAt, a.ActivatedAt = a.StartsAt.UTC(), a.EndsAt.UTC(), a.ActivatedAt.UTC()
	return a, nil
}

// Agreement reads one agreement.
func (Store) Agreement(ctx context.Context, q Querier, id string) (Agreement, error) {
	return scanAgreement(q.QueryRowContext(ctx, `SELECT `+agreementColumns+`
		FROM corporate_agreements WHERE id = $1`, id), "agreement", id)
}

// AgreementByProposal reads the agreement made from a proposal.
func (Store) AgreementByProposal(ctx context.Context, q Querier, proposalID string) (Agreement, error) {
	return scanAgreement(q.QueryRowContext(ctx, `SELECT `+agreementColumns+`
		FROM corporate_agreements WHERE proposal_id = $1`, proposalID), "agreement of proposal", proposalID)
}

// Cohort is a corporate_cohorts row.
type Cohort struct {
	ID             string
	AgreementID    string
	OrganizationID string
	CourseID       string
	Name           string
	Seats          int
	StartsAt       time.Time
	Status         string
	StartedBy      string
	CreatedAt      time.Time
}

// InsertCohort writes a new cohort.
func (Store) InsertCohort(ctx context.Context, q Querier, c Cohort) error {
	return insert(ctx, q, "cohort", `INSERT INTO corporate_cohorts
		(id, agreement_id, organization_id, course_id, name, seats, starts_at, status, started_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		c.ID, c.AgreementID, c.OrganizationID, c.CourseID, c.Name, c.Seats, c.StartsAt.UTC(), c.Status, c.StartedBy, c.CreatedAt.UTC())
}

// Cohort reads one cohort.
func (Store) Cohort(ctx context.Context, q Querier, id string) (Cohort, error) {
	var c Cohort
	err := q.QueryRowContext(ctx, `SELECT id, agreement_id, organization_id, course_id, name, seats,
		starts_at, status, started_by, created_at
		FROM corporate_cohorts WHERE id = $1`, id).
		Scan(&c.ID, &c.AgreementID, &c.OrganizationID, &c.CourseID, &c.Name, &c.Seats,
			&c.StartsAt, &c.Status, &c.StartedBy, &c.CreatedAt)
	if err := one(err, "cohort", id); err != nil {
		return Cohort{}, err
	}
	c.StartsAt, c.CreatedAt = c.StartsAt.UTC(), c.CreatedAt.UTC()
	return c, nil
}

// Report is a corporate_reports row.
type Report struct {
	ID             string
	CohortID       string
	OrganizationID string
	PeriodStart    time.Time
	PeriodEnd      time.Time
	Seats          int
	Currency       string
	InvoicedMinor  int64
	PaidMinor      int64
	InvoiceCount   int
	GeneratedBy    string
	GeneratedAt    time.Time
}

// InsertReport writes a generated report.
func (Store) InsertReport(ctx context.Context, q Querier, r Report) error {
	return insert(ctx, q, "report", `INSERT INTO corporate_reports
		(id, cohort_id, organization_id, period_start, period_end, seats, currency,
		 invoiced_minor, paid_minor, invoice_count, generated_by, generated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		r.ID, r.CohortID, r.OrganizationID, r.PeriodStart.UTC(), r.PeriodEnd.UTC(), r.Seats, r.Currency,
		r.InvoicedMinor, r.PaidMinor, r.InvoiceCount, r.GeneratedBy, r.GeneratedAt.UTC())
}

// Report reads one report.
func (Store) Report(ctx context.Context, q Querier, id string) (Report, error) {
	var r Report
	err := q.QueryRowContext(ctx, `SELECT id, cohort_id, organization_id, period_start, period_end, seats, currency,
		invoiced_minor, paid_minor, invoice_count, generated_by, generated_at
		FROM corporate_reports WHERE id = $1`, id).
		Scan(&r.ID, &r.CohortID, &r.OrganizationID, &r.PeriodStart, &r.PeriodEnd, &r.Seats, &r.Currency,
			&r.InvoicedMinor, &r.PaidMinor, &r.InvoiceCount, &r.GeneratedBy, &r.GeneratedAt)
	if err := one(err, "report", id); err != nil {
		return Report{}, err
	}
	r.PeriodStart, r.PeriodEnd, r.GeneratedAt = r.PeriodStart.UTC(), r.PeriodEnd.UTC(), r.GeneratedAt.UTC()
	return r, nil
}

// InvoiceTotals sums the invoices of an agreement issued in [from, to).
type InvoiceTotals struct {
	Count         int
	InvoicedMinor int64
	PaidMinor     int64
}

// AgreementInvoiceTotals sums an agreement's invoices issued in [from, to).
func (Store) AgreementInvoiceTotals(ctx context.Context, q Querier, agreementID string, from, to time.Time) (InvoiceTotals, error) {
	var t InvoiceTotals
	err := q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(amount_minor), 0), COALESCE(SUM(paid_minor), 0)
		FROM corporate_invoices WHERE agreement_id = $1 AND issued_at >= $2 AND issued_at < $3`,
		agreementID, from.UTC(), to.UTC()).Scan(&t.Count, &t.InvoicedMinor, &t.PaidMinor)
	if err != nil {
		return InvoiceTotals{}, fmt.Errorf("sum invoices of agreement %s: %w", agreementID, err)
	}
	return t, nil
}

// Invoice is a corporate_invoices row.
type Invoice struct {
	ID             string
	AgreementID    string
	OrganizationID string
	AmountMinor    int64
	PaidMinor      int64
	Currency       string
	DueAt          time.Time
	Status         string
	IssuedBy       string
	IssuedAt       time.Time
	PaidAt         time.Time // zero until paid in full
}

// InsertInvoice writes a new invoice.
func (Store) InsertInvoice(ctx context.Context, q Querier, i Invoice) error {
	return insert(ctx, q, "invoice", `INSERT INTO corporate_invoices
		(id, agreement_id, organization_id, amount_minor, paid_minor, currency, due_at, status, issued_by, issued_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		i.ID, i.AgreementID, i.OrganizationID, i.AmountMinor, i.PaidMinor, i.Currency, i.DueAt.UTC(), i.Status, i.IssuedBy, i.IssuedAt.UTC())
}

// Invoice reads one invoice.
func (Store) Invoice(ctx context.Context, q Querier, id string) (Invoice, error) {
	var i Invoice
	var paidAt sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT id, agreement_id, organization_id, amount_minor, paid_minor, currency,
		due_at, status, issued_by, issued_at, paid_at
		FROM corporate_invoices WHERE id = $1`, id).
		Scan(&i.ID, &i.AgreementID, &i.OrganizationID, &i.AmountMinor, &i.PaidMinor, &i.Currency,
			&i.DueAt, &i.Status, &i.IssuedBy, &i.IssuedAt, &paidAt)
	if err := one(err, "invoice", id); err != nil {
		return Invoice{}, err
	}
	i.DueAt, i.IssuedAt, i.PaidAt = i.DueAt.UTC(), i.IssuedAt.UTC(), timeOf(paidAt)
	return i, nil
}

// ApplyPayment moves an invoice's paid amount from oldPaid to newPaid and
// sets its status; ErrStale when another allocation got there first.
func (Store) ApplyPayment(ctx context.Context, q Querier, id string, oldPaid, newPaid int64, status string, paidAt time.Time) error {
	return guarded(ctx, q, "invoice "+id, `UPDATE corporate_invoices
		SET paid_minor = $3, status = $4, paid_at = $5
		WHERE id = $1 AND paid_minor = $2`, id, oldPaid, newPaid, status, nullTime(paidAt))
}

// Allocation is a corporate_payment_allocations row.
type Allocation struct {
	ID          string
	InvoiceID   string
	PaymentID   string
	AmountMinor int64
	Currency    string
	AllocatedBy string
	AllocatedAt time.Time
}

// InsertAllocation writes an allocation; ErrDuplicate when the payment is
// already allocated to the invoice.
func (Store) InsertAllocation(ctx context.Context, q Querier, a Allocation) error {
	return insert(ctx, q, "payment allocation", `INSERT INTO corporate_payment_allocations
		(id, invoice_id, payment_id, amount_minor, currency, allocated_by, allocated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		a.ID, a.InvoiceID, a.PaymentID, a.AmountMinor, a.Currency, a.AllocatedBy, a.AllocatedAt.UTC())
}

// Allocations lists an invoice's allocations, oldest first.
func (Store) Allocations(ctx context.Context, q Querier, invoiceID string) ([]Allocation, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, invoice_id, payment_id, amount_minor, currency, allocated_by, allocated_at
		FROM corporate_payment_allocations WHERE invoice_id = $1 ORDER BY allocated_at, id`, invoiceID)
	if err != nil {
		return nil, fmt.Errorf("list allocations of invoice %s: %w", invoiceID, err)
	}
	out, err := db.Collect(rows, func(row db.Scanner) (Allocation, error) {
		var a Allocation
		err := row.Scan(&a.ID, &a.InvoiceID, &a.PaymentID, &a.AmountMinor, &a.Currency, &a.AllocatedBy, &a.AllocatedAt)
		a.AllocatedAt = a.AllocatedAt.UTC()
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("list allocations of invoice %s: %w", invoiceID, err)
	}
	return out, nil
}
