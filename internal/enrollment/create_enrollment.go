package enrollment

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/enrollment/events"
	"github.com/academy/academy/internal/enrollment/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
)

// CreateEnrollmentInput is the input of CreateEnrollment.
type CreateEnrollmentInput struct {
	CourseSessionID string `json:"courseSessionId"`
	// UserID is the person who takes the seat.
	UserID string `json:"userId"`
	// Source is the channel the enrollment came through.
	Source events.Source `json:"source"`
	// ActorUserID is who enrolls the person; the HTTP layer fills it in.
	ActorUserID string `json:"-"`
}

func (in CreateEnrollmentInput) validate() error {
	var v apperr.Validation
	v.Require("courseSessionId", in.CourseSessionID)
	v.Require("userId", in.UserID)
	v.Check(in.Source.Valid(), "source", "must be one of %v", events.Sources)
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// CreateEnrollment gives a person a pending seat in a course session and
// records EnrollmentCreated. The person and the session must exist
// (otherwise Invalid naming userId or courseSessionId); a second active enrollment of the same person in the
// session (ErrDuplicate) or a full session (ErrSessionFull) is a conflict.
//
// There is no Tx variant: the person and the session are read through the
// user and course modules' read APIs, on their own connections, before the
// transaction starts.
func (m *Module) CreateEnrollment(ctx context.Context, in CreateEnrollmentInput) (Enrollment, error) {
	if err := in.validate(); err != nil {
		return Enrollment{}, err
	}
	if _, err := m.users.GetUser(ctx, in.UserID); err != nil {
		return Enrollment{}, fmt.Errorf("create enrollment: %w", apperr.Referenced("userId", err))
	}
	session, err := m.sessions.GetCourseSession(ctx, in.CourseSessionID)
	if err != nil {
		return Enrollment{}, fmt.Errorf("create enrollment: %w", apperr.Referenced("courseSessionId", err))
	}
	now := m.clock.Now()
	e := enrollmentFromRow(store.Enrollment{
		ID:              uuid.NewString(),
		CourseSessionID: session.ID,
		UserID:          in.UserID,
		Source:          string(in.Source),
		Status:          string(StatusPending),
		CreatedBy:       in.ActorUserID,
		CreatedAt:       now,
	})
	err = db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		if err := m.store.InsertEnrollment(ctx, tx, e.row); errors.Is(err, store.ErrDuplicate) {
			return ErrDuplicate
		} else if err != nil {
			return err
		}
		if err := m.store.TakeSeat(ctx, tx, session.ID, session.Capacity); errors.Is(err, store.ErrFull) {
			return ErrSessionFull
		} else if err != nil {
			return err
		}
		return m.bus.Record(ctx, tx, events.EnrollmentCreated{
			EnrollmentID:    events.EnrollmentID(e.row.ID),
			CourseSessionID: events.CourseSessionID(e.row.CourseSessionID),
			UserID:          events.UserID(e.row.UserID),
			ActorUserID:     events.UserID(in.ActorUserID),
			Source:          in.Source,
			OccurredAt:      now,
		})
	})
	if err != nil {
		return Enrollment{}, fmt.Errorf("create enrollment: %w", err)
	}
	return e.view(), nil
}
