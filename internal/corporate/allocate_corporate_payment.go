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

// AllocateCorporatePaymentInput is the input of AllocateCorporatePayment.
type AllocateCorporatePaymentInput struct {
	InvoiceID string `json:"-"`
	// PaymentID is the received payment (owned by payment) being applied.
	PaymentID   string `json:"paymentId"`
	AmountMinor int64  `json:"amountMinor"`
	Currency    string `json:"currency"`
	ActorUserID string `json:"-"`
}

func (in AllocateCorporatePaymentInput) validate() error {
	var v apperr.Validation
	checkID(&v, "invoiceId", in.InvoiceID)
	checkID(&v, "paymentId", in.PaymentID)
	v.Check(in.AmountMinor > 0, "amountMinor", "must be a positive amount in minor units")
	checkCurrency(&v, "currency", in.Currency)
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// Allocated is the result of AllocateCorporatePayment: the allocation and
// the invoice after it.
type Allocated struct {
	Allocation PaymentAllocation `json:"allocation"`
	Invoice    Invoice           `json:"invoice"`
}

// AllocateCorporatePayment applies (part of) a payment to an invoice and
// records CorporatePaymentAllocated; the allocation that covers the open
// amount marks the invoice paid.
//
// Errors: a paid invoice is ErrInvoicePaid (409); the same payment twice on
// one invoice is ErrPaymentAlreadyApplied (409); an amount above the open
// amount or in another currency is Invalid (422) naming amountMinor or
// currency, because the request, not the invoice, must change.
func (m *Module) AllocateCorporatePayment(ctx context.Context, in AllocateCorporatePaymentInput) (Allocated, error) {
	if err := in.validate(); err != nil {
		return Allocated{}, err
	}
	now := m.clock.Now()
	var out Allocated
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		inv, err := m.store.Invoice(ctx, tx, in.InvoiceID)
		if err != nil {
			return notFound(err, "invoice", in.InvoiceID)
		}
		next, err := invoiceStateOf(inv).allocate(in.AmountMinor, in.Currency)
		if err != nil {
			return err
		}
		alloc := store.Allocation{
			ID:          uuid.NewString(),
			InvoiceID:   inv.ID,
			PaymentID:   in.PaymentID,
			AmountMinor: in.AmountMinor,
			Currency:    in.Currency,
			AllocatedBy: in.ActorUserID,
			AllocatedAt: now,
		}
		if err := m.store.InsertAllocation(ctx, tx, alloc); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return ErrPaymentAlreadyApplied
			}
			return err
		}
		var paidAt time.Time
		if next.status == invoicePaid {
			paidAt = now
		}
		// Guarded on the paid amount we read: two allocations racing on one
		// invoice cannot together exceed it.
		if err := m.store.ApplyPayment(ctx, tx, inv.ID, inv.PaidMinor, next.paid, next.status, paidAt); err != nil {
			if errors.Is(err, store.ErrStale) {
				return ErrConcurrentChange
			}
			return err
		}
		inv.PaidMinor, inv.Status, inv.PaidAt = next.paid, next.status, paidAt
		out = Allocated{Allocation: allocationFromRow(alloc), Invoice: invoiceFromRow(inv)}
		return m.bus.Record(ctx, tx, events.CorporatePaymentAllocated{
			InvoiceID:       events.InvoiceID(inv.ID),
			AllocationID:    events.AllocationID(alloc.ID),
			OrganizationID:  events.OrganizationID(inv.OrganizationID),
			PaymentID:       events.PaymentID(alloc.PaymentID),
			AmountMinor:     alloc.AmountMinor,
			Currency:        alloc.Currency,
			OpenAmountMinor: next.open(),
			InvoicePaid:     next.status == invoicePaid,
			ActorUserID:     events.UserID(in.ActorUserID),
			OccurredAt:      now,
		})
	})
	if err != nil {
		return Allocated{}, fmt.Errorf("allocate payment to invoice %s: %w", in.InvoiceID, err)
	}
	return out, nil
}
