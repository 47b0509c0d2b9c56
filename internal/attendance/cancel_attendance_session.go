package attendance

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/academy/academy/internal/attendance/events"
	"github.com/academy/academy/internal/attendance/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
)

// CancelAttendanceSessionInput is the input of CancelAttendanceSession.
type CancelAttendanceSessionInput struct {
	AttendanceSessionID string `json:"-"`
	// ActorUserID is who cancels; the HTTP layer fills it in.
	ActorUserID string `json:"-"`
}

// CancelAttendanceSession cancels an open roll call before the session
// ends and records AttendanceSessionCancelled. A cancelled session takes no
// marks, and its scheduled no-show check records nothing.
func (m *Module) CancelAttendanceSession(ctx context.Context, in CancelAttendanceSessionInput) (Session, error) {
	var v apperr.Validation
	v.Require("attendanceSessionId", in.AttendanceSessionID)
	v.Require("actorUserId", in.ActorUserID)
	if err := v.Err(); err != nil {
		return Session{}, err
	}
	now := m.clock.Now()
	var out Session
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		row, err := m.store.Session(ctx, tx, in.AttendanceSessionID)
		if errors.Is(err, store.ErrNotFound) {
			return apperr.Errorf(apperr.NotFound, "attendance session %s not found", in.AttendanceSessionID)
		}
		if err != nil {
			return err
		}
		if err := sessionStateFromRow(row).canCancel(now); err != nil {
			return err
		}
		cancelled, err := m.store.CancelSession(ctx, tx, row.ID, now)
		if err != nil {
			return err
		}
		if !cancelled { // a concurrent transaction cancelled it first
			return ErrSessionCancelled
		}
		row.Status, row.CancelledAt = SessionCancelled, sql.NullTime{Time: now, Valid: true}
		out = sessionFromRow(row)
		return m.bus.Record(ctx, tx, events.AttendanceSessionCancelled{
			AttendanceSessionID: events.AttendanceSessionID(row.ID),
			CourseSessionID:     events.CourseSessionID(row.CourseSessionID),
			ActorUserID:         events.UserID(in.ActorUserID),
			OccurredAt:          now,
		})
	})
	if err != nil {
		return Session{}, fmt.Errorf("cancel attendance session: %w", err)
	}
	return out, nil
}
