package payment

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/academy/academy/internal/payment/events"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
)

// ApproveDepositPaymentInput is the input of ApproveDepositPayment.
type ApproveDepositPaymentInput struct {
	PaymentID string `json:"-"`
	// ActorUserID is the staff member who checked the receipt; the HTTP
	// layer fills it in.
	ActorUserID string `json:"-"`
}

func (in ApproveDepositPaymentInput) validate() error {
	var v apperr.Validation
	v.Require("paymentId", in.PaymentID)
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// ApproveDepositPayment approves the deposit after staff checked its
// receipt and records DepositPaymentApproved. Without a receipt it fails
// with ErrNoReceipt; approving twice fails with ErrDepositAlreadyApproved.
func (m *Module) ApproveDepositPayment(ctx context.Context, in ApproveDepositPaymentInput) (Payment, error) {
	return db.InTxValue(ctx, m.db, func(tx *sql.Tx) (Payment, error) {
		return m.ApproveDepositPaymentTx(ctx, tx, in)
	})
}

// ApproveDepositPaymentTx is ApproveDepositPayment inside the caller's
// transaction.
func (m *Module) ApproveDepositPaymentTx(ctx context.Context, tx *sql.Tx, in ApproveDepositPaymentInput) (Payment, error) {
	if err := in.validate(); err != nil {
		return Payment{}, err
	}
	now := m.clock.Now()
	p, err := m.change(ctx, tx, in.PaymentID, func(p *payment) error { return p.approveDeposit(in.ActorUserID, now) })
	if err != nil {
		return Payment{}, fmt.Errorf("approve deposit payment: %w", err)
	}
	err = m.bus.Record(ctx, tx, events.DepositPaymentApproved{
		PaymentID:    events.PaymentID(p.row.ID),
		EnrollmentID: events.EnrollmentID(p.row.EnrollmentID),
		UserID:       events.UserID(p.row.UserID),
		ReceiptID:    events.ReceiptID(p.row.ReceiptID),
		AmountMinor:  p.row.DepositAmount,
		Currency:     p.row.Currency,
		ActorUserID:  events.UserID(in.ActorUserID),
		OccurredAt:   now,
	})
	if err != nil {
		return Payment{}, fmt.Errorf("approve deposit payment: %w", err)
	}
	return p.view(), nil
}
