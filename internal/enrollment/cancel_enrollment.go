package enrollment

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/academy/academy/internal/enrollment/events"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
)

// CancelEnrollmentInput is the input of CancelEnrollment.
type CancelEnrollmentInput struct {
	EnrollmentID string `json:"-"`
	// Reason is a code from events.CancelReasons; notes in free text do not
	// belong in the event log.
	Reason events.CancelReason `json:"reason"`
	// ActorUserID is who cancels; the HTTP layer fills it in.
	ActorUserID string `json:"-"`
}

func (in CancelEnrollmentInput) validate() error {
	var v apperr.Validation
	v.Require("enrollmentId", in.EnrollmentID)
	v.Check(in.Reason.Valid(), "reason", "must be one of %v", events.CancelReasons)
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// CancelEnrollment cancels a pending or confirmed enrollment, frees its
// seat and records EnrollmentCancelled. Cancelling a cancelled enrollment
// fails with ErrAlreadyCancelled (Conflict) and records nothing.
func (m *Module) CancelEnrollment(ctx context.Context, in CancelEnrollmentInput) (Enrollment, error) {
	return db.InTxValue(ctx, m.db, func(tx *sql.Tx) (Enrollment, error) {
		return m.CancelEnrollmentTx(ctx, tx, in)
	})
}

// CancelEnrollmentTx is CancelEnrollment inside the caller's transaction.
func (m *Module) CancelEnrollmentTx(ctx context.Context, tx *sql.Tx, in CancelEnrollmentInput) (Enrollment, error) {
	if err := in.validate(); err != nil {
		return Enrollment{}, err
	}
	now := m.clock.Now()
	e, from, err := m.change(ctx, tx, in.EnrollmentID, func(e *enrollment) error { return e.cancel(in.Reason, now) })
	if err != nil {
		return Enrollment{}, fmt.Errorf("cancel enrollment: %w", err)
	}
	if err := m.store.FreeSeat(ctx, tx, e.row.CourseSessionID); err != nil {
		return Enrollment{}, fmt.Errorf("cancel enrollment: %w", err)
	}
	err = m.bus.Record(ctx, tx, events.EnrollmentCancelled{
		EnrollmentID:    events.EnrollmentID(e.row.ID),
		CourseSessionID: events.CourseSessionID(e.row.CourseSessionID),
		UserID:          events.UserID(e.row.UserID),
		ActorUserID:     events.UserID(in.ActorUserID),
		Reason:          in.Reason,
		WasConfirmed:    from == StatusConfirmed,
		OccurredAt:      now,
	})
	if err != nil {
		return Enrollment{}, fmt.Errorf("cancel enrollment: %w", err)
	}
	return e.view(), nil
}
