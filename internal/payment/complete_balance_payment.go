package payment

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/academy/academy/internal/payment/events"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
)

// CompleteBalancePaymentInput is the input of CompleteBalancePayment.
type CompleteBalancePaymentInput struct {
	PaymentID string `json:"-"`
	// ActorUserID is who records the payment; the HTTP layer fills it in.
	ActorUserID string `json:"-"`
}

func (in CompleteBalancePaymentInput) validate() error {
	var v apperr.Validation
	v.Require("paymentId", in.PaymentID)
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// CompleteBalancePayment records that the balance (price minus deposit) was
// paid and records BalancePaymentCompleted. Before the deposit is approved
// it fails with ErrDepositNotApproved; completing twice fails with
// ErrBalanceAlreadyCompleted.
func (m *Module) CompleteBalancePayment(ctx context.Context, in CompleteBalancePaymentInput) (Payment, error) {
	return db.InTxValue(ctx, m.db, func(tx *sql.Tx) (Payment, error) {
		return m.CompleteBalancePaymentTx(ctx, tx, in)
	})
}

// CompleteBalancePaymentTx is CompleteBalancePayment inside the caller's
// transaction.
func (m *Module) CompleteBalancePaymentTx(ctx context.Context, tx *sql.Tx, in CompleteBalancePaymentInput) (Payment, error) {
	if err := in.validate(); err != nil {
		return Payment{}, err
	}
	now := m.clock.Now()
	p, err := m.change(ctx, tx, in.PaymentID, func(p *payment) error { return p.completeBalance(now) })
	if err != nil {
		return Payment{}, fmt.Errorf("complete balance payment: %w", err)
	}
	err = m.bus.Record(ctx, tx, events.BalancePaymentCompleted{
		PaymentID:    events.PaymentID(p.row.ID),
		EnrollmentID: events.EnrollmentID(p.row.EnrollmentID),
		UserID:       events.UserID(p.row.UserID),
		AmountMinor:  p.row.BalanceAmount,
		Currency:     p.row.Currency,
		ActorUserID:  events.UserID(in.ActorUserID),
		OccurredAt:   now,
	})
	if err != nil {
		return Payment{}, fmt.Errorf("complete balance payment: %w", err)
	}
	return p.view(), nil
}
