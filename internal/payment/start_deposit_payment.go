package payment

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/payment/events"
	"github.com/academy/academy/internal/payment/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
)

// StartDepositPaymentInput is the input of StartDepositPayment.
type StartDepositPaymentInput struct {
	EnrollmentID string `json:"enrollmentId"`
	// ActorUserID is who starts the payment; the HTTP layer fills it in.
	ActorUserID string `json:"-"`
}

func (in StartDepositPaymentInput) validate() error {
	var v apperr.Validation
	v.Require("enrollmentId", in.EnrollmentID)
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// StartDepositPayment opens the payment of an enrollment: the deposit is
// due, for the course's deposit amount in the course's currency, and the
// balance is fixed at price minus deposit. It records
// DepositPaymentStarted.
//
// The enrollment must exist (Invalid naming enrollmentId) and be active
// (ErrEnrollmentCancelled); a course without a deposit (ErrNoDeposit) and a
// second payment for the enrollment (ErrPaymentExists) are conflicts.
func (m *Module) StartDepositPayment(ctx context.Context, in StartDepositPaymentInput) (Payment, error) {
	if err := in.validate(); err != nil {
		return Payment{}, err
	}
	// The enrollment (for its course session, which never changes) and the
	// course are read before the transaction through their modules' plain
	// read APIs, which use their own connections: on SQLite the pool has one,
	// so they would wait forever for this transaction's.
	e, err := m.enrollments.GetEnrollment(ctx, in.EnrollmentID)
	if err != nil {
		return Payment{}, fmt.Errorf("start deposit payment: %w", apperr.Referenced("enrollmentId", err))
	}
	session, err := m.courses.GetCourseSession(ctx, e.CourseSessionID)
	if err != nil {
		return Payment{}, fmt.Errorf("start deposit payment: %w", err)
	}
	c, err := m.courses.GetCourse(ctx, session.CourseID)
	if err != nil {
		return Payment{}, fmt.Errorf("start deposit payment: %w", err)
	}
	if c.DepositAmount <= 0 {
		return Payment{}, fmt.Errorf("start deposit payment for course %s: %w", c.ID, ErrNoDeposit)
	}
	now := m.clock.Now()
	p := paymentFromRow(store.Payment{
		ID:            uuid.NewString(),
		EnrollmentID:  e.ID,
		UserID:        e.UserID,
		DepositAmount: c.DepositAmount,
		BalanceAmount: c.BalanceAmount(),
		Currency:      c.Currency,
		Status:        string(StatusDepositStarted),
		CreatedBy:     in.ActorUserID,
		CreatedAt:     now,
	})
	err = db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		// Whether the enrollment is active is decided in this transaction,
		// with the row held until commit: a cancellation committed before
		// this read is seen, and one that comes later waits for the payment
		// (then it is an ordinary cancel after paying).
		held, err := m.enrollments.GetEnrollmentTx(ctx, tx, in.EnrollmentID)
		if err != nil {
			return err
		}
		if !held.Active() {
			return fmt.Errorf("enrollment %s: %w", held.ID, ErrEnrollmentCancelled)
		}
		if err := m.store.InsertPayment(ctx, tx, p.row); errors.Is(err, store.ErrDuplicate) {
			return ErrPaymentExists
		} else if err != nil {
			return err
		}
		return m.bus.Record(ctx, tx, events.DepositPaymentStarted{
			PaymentID:    events.PaymentID(p.row.ID),
			EnrollmentID: events.EnrollmentID(p.row.EnrollmentID),
			UserID:       events.UserID(p.row.UserID),
			AmountMinor:  p.row.DepositAmount,
			Currency:     p.row.Currency,
			ActorUserID:  events.UserID(in.ActorUserID),
			OccurredAt:   now,
		})
	})
	if err != nil {
		return Payment{}, fmt.Errorf("start deposit payment: %w", err)
	}
	return p.view(), nil
}
