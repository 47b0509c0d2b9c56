package enrollment

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/academy/academy/internal/enrollment/events"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
)

// ConfirmEnrollmentInput is the input of ConfirmEnrollment.
type ConfirmEnrollmentInput struct {
	EnrollmentID string `json:"-"`
	// ActorUserID is who confirms: a staff member, or the listener acting
	// for the payment approver.
	ActorUserID string `json:"-"`
}

func (in ConfirmEnrollmentInput) validate() error {
	var v apperr.Validation
	v.Require("enrollmentId", in.EnrollmentID)
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// ConfirmEnrollment confirms a pending enrollment and records
// EnrollmentConfirmed.
//
// Confirming a confirmed enrollment fails with ErrAlreadyConfirmed and a
// cancelled one with ErrCancelled, both Conflict errors that record
// nothing. A listener that confirms on an outside fact (a deposit approved)
// is idempotent by treating errors.Is(err, ErrAlreadyConfirmed) as success.
func (m *Module) ConfirmEnrollment(ctx context.Context, in ConfirmEnrollmentInput) (Enrollment, error) {
	return db.InTxValue(ctx, m.db, func(tx *sql.Tx) (Enrollment, error) {
		return m.ConfirmEnrollmentTx(ctx, tx, in)
	})
}

// ConfirmEnrollmentTx is ConfirmEnrollment inside the caller's transaction:
// the confirmation and its event commit or roll back with it.
func (m *Module) ConfirmEnrollmentTx(ctx context.Context, tx *sql.Tx, in ConfirmEnrollmentInput) (Enrollment, error) {
	if err := in.validate(); err != nil {
		return Enrollment{}, err
	}
	now := m.clock.Now()
	e, _, err := m.change(ctx, tx, in.EnrollmentID, func(e *enrollment) error { return e.confirm(now) })
	if err != nil {
		return Enrollment{}, fmt.Errorf("confirm enrollment: %w", err)
	}
	err = m.bus.Record(ctx, tx, events.EnrollmentConfirmed{
		EnrollmentID:    events.EnrollmentID(e.row.ID),
		CourseSessionID: events.CourseSessionID(e.row.CourseSessionID),
		UserID:          events.UserID(e.row.UserID),
		ActorUserID:     events.UserID(in.ActorUserID),
		OccurredAt:      now,
	})
	if err != nil {
		return Enrollment{}, fmt.Errorf("confirm enrollment: %w", err)
	}
	return e.view(), nil
}
