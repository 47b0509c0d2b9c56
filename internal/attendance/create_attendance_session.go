package attendance

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/attendance/events"
	"github.com/academy/academy/internal/attendance/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
)

// CreateAttendanceSessionInput is the input of CreateAttendanceSession.
type CreateAttendanceSessionInput struct {
	CourseSessionID string    `json:"courseSessionId"`
	StartsAt        time.Time `json:"startsAt"`
	EndsAt          time.Time `json:"endsAt"`
	// ActorUserID is who opens the roll call; the HTTP layer fills it in.
	ActorUserID string `json:"-"`
}

// maxSessionLength rejects sessions that are surely a typo in a date.
const maxSessionLength = 24 * time.Hour

func (in CreateAttendanceSessionInput) validate() error {
	var v apperr.Validation
	v.Require("courseSessionId", in.CourseSessionID)
	v.Check(!in.StartsAt.IsZero(), "startsAt", "is required")
	v.Check(!in.EndsAt.IsZero(), "endsAt", "is required")
	if !in.StartsAt.IsZero() && !in.EndsAt.IsZero() {
		v.Check(in.EndsAt.After(in.StartsAt), "endsAt", "must be after startsAt")
		v.Check(in.EndsAt.Sub(in.StartsAt) <= maxSessionLength, "endsAt", "must be within 24h of startsAt")
	}
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// CreateAttendanceSession opens the roll call for a course session and
// records AttendanceSessionCreated. A course session has at most one roll
// call that is not cancelled: another is ErrSessionExists.
func (m *Module) CreateAttendanceSession(ctx context.Context, in CreateAttendanceSessionInput) (Session, error) {
	if err := in.validate(); err != nil {
		return Session{}, err
	}
	// Read before the transaction: on SQLite the pool has one connection.
	if _, err := m.courseSessions.GetCourseSession(ctx, in.CourseSessionID); err != nil {
		return Session{}, fmt.Errorf("create attendance session: %w", apperr.Referenced("courseSessionId", err))
	}
	now := m.clock.Now()
	row := store.Session{
		ID:              uuid.NewString(),
		CourseSessionID: in.CourseSessionID,
		StartsAt:        in.StartsAt.UTC(),
		EndsAt:          in.EndsAt.UTC(),
		Status:          SessionOpen,
		CreatedBy:       in.ActorUserID,
		CreatedAt:       now,
	}
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		if err := m.store.InsertSession(ctx, tx, row); errors.Is(err, store.ErrSessionExists) {
			return ErrSessionExists
		} else if err != nil {
			return err
		}
		return m.bus.Record(ctx, tx, events.AttendanceSessionCreated{
			AttendanceSessionID: events.AttendanceSessionID(row.ID),
			CourseSessionID:     events.CourseSessionID(row.CourseSessionID),
			StartsAt:            row.StartsAt,
			EndsAt:              row.EndsAt,
			ActorUserID:         events.UserID(in.ActorUserID),
			OccurredAt:          now,
		})
	})
	if err != nil {
		return Session{}, fmt.Errorf("create attendance session: %w", err)
	}
	return sessionFromRow(row), nil
}

// GetAttendanceSession reads one attendance session.
func (m *Module) GetAttendanceSession(ctx context.Context, id string) (Session, error) {
	row, err := m.store.Session(ctx, m.db, id)
	if errors.Is(err, store.ErrNotFound) {
		return Session{}, apperr.Errorf(apperr.NotFound, "attendance session %s not found", id)
	}
	if err != nil {
		return Session{}, err
	}
	return sessionFromRow(row), nil
}
