package course

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/course/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
)

// ScheduleCourseSessionInput is the input of ScheduleCourseSession.
type ScheduleCourseSessionInput struct {
	CourseID string    `json:"courseId"`
	StartsAt time.Time `json:"startsAt"`
	EndsAt   time.Time `json:"endsAt"`
	// Capacity is how many active enrollments the session takes.
	Capacity int `json:"capacity"`
	// ActorUserID is who schedules the session; the HTTP layer fills it in.
	ActorUserID string `json:"-"`
}

const (
	// maxSessionLength rejects sessions that are surely a typo in a date.
	maxSessionLength = 24 * time.Hour
	maxCapacity      = 10_000
)

func (in ScheduleCourseSessionInput) validate() error {
	var v apperr.Validation
	v.Require("courseId", in.CourseID)
	v.Check(!in.StartsAt.IsZero(), "startsAt", "is required")
	v.Check(!in.EndsAt.IsZero(), "endsAt", "is required")
	if !in.StartsAt.IsZero() && !in.EndsAt.IsZero() {
		v.Check(in.EndsAt.After(in.StartsAt), "endsAt", "must be after startsAt")
		v.Check(in.EndsAt.Sub(in.StartsAt) <= maxSessionLength, "endsAt", "must be within 24h of startsAt")
	}
	v.Check(in.Capacity >= 1 && in.Capacity <= maxCapacity, "capacity", "must be between 1 and %d", maxCapacity)
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// ScheduleCourseSession schedules a run of an existing course.
func (m *Module) ScheduleCourseSession(ctx context.Context, in ScheduleCourseSessionInput) (Session, error) {
	if err := in.validate(); err != nil {
		return Session{}, err
	}
	row := store.Session{
		ID:        uuid.NewString(),
		CourseID:  in.CourseID,
		StartsAt:  in.StartsAt.UTC(),
		EndsAt:    in.EndsAt.UTC(),
		Capacity:  in.Capacity,
		CreatedBy: in.ActorUserID,
		CreatedAt: m.clock.Now(),
	}
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		if _, err := m.store.Course(ctx, tx, in.CourseID); errors.Is(err, store.ErrNotFound) {
			return apperr.Referenced("courseId", apperr.Errorf(apperr.NotFound, "course %s not found", in.CourseID))
		} else if err != nil {
			return err
		}
		return m.store.InsertSession(ctx, tx, row)
	})
	if err != nil {
		return Session{}, fmt.Errorf("schedule course session: %w", err)
	}
	return sessionFromRow(row), nil
}
