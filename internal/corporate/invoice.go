package corporate

import (
	"time"

	"github.com/academy/academy/internal/corporate/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
)

// Invoice is a bill to an organization under an agreement.
type Invoice struct {
	ID             string `json:"id"`
	AgreementID    string `json:"agreementId"`
	OrganizationID string `json:"organizationId"`
	// AmountMinor, PaidMinor and OpenAmountMinor are minor units of Currency.
	AmountMinor     int64     `json:"amountMinor"`
	PaidMinor       int64     `json:"paidMinor"`
	OpenAmountMinor int64     `json:"openAmountMinor"`
	Currency        string    `json:"currency"`
	DueAt           time.Time `json:"dueAt"`
	// Status is "open" or "paid".
	Status   string    `json:"status"`
	IssuedBy string    `json:"issuedBy"`
	IssuedAt time.Time `json:"issuedAt"`
	PaidAt   time.Time `json:"paidAt,omitzero"`
}

// PaymentAllocation is (part of) a payment applied to an invoice.
type PaymentAllocation struct {
	ID          string    `json:"id"`
	InvoiceID   string    `json:"invoiceId"`
	PaymentID   string    `json:"paymentId"`
	AmountMinor int64     `json:"amountMinor"`
	Currency    string    `json:"currency"`
	AllocatedBy string    `json:"allocatedBy"`
	AllocatedAt time.Time `json:"allocatedAt"`
}

const (
	invoiceOpen = "open"
	invoicePaid = "paid"
)

// invoiceState is the invoice's state machine: open -> paid, moved by
// allocations that together never exceed the amount.
type invoiceState struct {
	status   string
	amount   int64
	paid     int64
	currency string
}

func (s invoiceState) open() int64 { return s.amount - s.paid }

// allocate applies amount to the invoice. A paid invoice takes nothing more
// (Conflict); an amount over what is open, or in another currency, is bad
// input for this invoice (Invalid naming the field).
func (s invoiceState) allocate(amount int64, currency string) (invoiceState, error) {
	if s.status == invoicePaid || s.open() == 0 {
		return s, ErrInvoicePaid
	}
	var v apperr.Validation
	v.Check(currency == s.currency, "currency", "must be the invoice currency %s", s.currency)
	v.Check(amount <= s.open(), "amountMinor", "exceeds the invoice's open amount of %d", s.open())
	if err := v.Err(); err != nil {
		return s, err
	}
	s.paid += amount
	if s.paid == s.amount {
		s.status = invoicePaid
	}
	return s, nil
}

func invoiceStateOf(r store.Invoice) invoiceState {
	return invoiceState{status: r.Status, amount: r.AmountMinor, paid: r.PaidMinor, currency: r.Currency}
}

func invoiceFromRow(r store.Invoice) Invoice {
	return Invoice{
		ID: r.ID, AgreementID: r.AgreementID, OrganizationID: r.OrganizationID,
		AmountMinor: r.AmountMinor, PaidMinor: r.PaidMinor, OpenAmountMinor: r.AmountMinor - r.PaidMinor,
		Currency: r.Currency, DueAt: r.DueAt, Status: r.Status, IssuedBy: r.IssuedBy, IssuedAt: r.IssuedAt, PaidAt: r.PaidAt,
	}
}

func allocationFromRow(r store.Allocation) PaymentAllocation {
	return PaymentAllocation{
		ID: r.ID, InvoiceID: r.InvoiceID, PaymentID: r.PaymentID, AmountMinor: r.AmountMinor,
		Currency: r.Currency, AllocatedBy: r.AllocatedBy, AllocatedAt: r.AllocatedAt,
	}
}
