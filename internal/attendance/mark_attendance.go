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

// MarkAttendanceInput is the input of MarkAttendance.
type MarkAttendanceInput struct {
	AttendanceSessionID string     `json:"-"`
	UserID              string     `json:"userId"`
	Status              MarkStatus `json:"status"`
	// ActorUserID is who takes the roll call; the HTTP layer fills it in.
	ActorUserID string `json:"-"`
}

func (in MarkAttendanceInput) validate() error {
	var v apperr.Validation
	v.Require("attendanceSessionId", in.AttendanceSessionID)
	v.Require("userId", in.UserID)
	v.Check(in.Status.Valid(), "status", `must be "present", "absent" or "late"`)
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// MarkAttendanceResult says what MarkAttendance did.
type MarkAttendanceResult struct {
	Mark Mark `json:"mark"`
	// Created is true for the student's first mark in the session.
	Created bool `json:"created"`
	// Changed is true when an event was recorded: the first mark, or a
	// new status.
	Changed bool `json:"changed"`
}

// MarkAttendance marks a student present, absent or late in a session that
// is open and has started, and records AttendanceMarked. Marking again
// updates the mark, recording AttendanceMarked only when the status
// changes. Marks are allowed after the session ended and after its
// no-shows were detected; a later "present" does not retract a
// StudentNoShowDetected.
func (m *Module) MarkAttendance(ctx context.Context, in MarkAttendanceInput) (MarkAttendanceResult, error) {
	if err := in.validate(); err != nil {
		return MarkAttendanceResult{}, err
	}
	now := m.clock.Now()
	var out MarkAttendanceResult
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		row, err := m.store.Session(ctx, tx, in.AttendanceSessionID)
		if errors.Is(err, store.ErrNotFound) {
			return apperr.Errorf(apperr.NotFound, "attendance session %s not found", in.AttendanceSessionID)
		}
		if err != nil {
			return err
		}
		if err := sessionStateFromRow(row).canMark(now); err != nil {
			return err
		}
		out, err = m.mark(ctx, tx, in, now)
		return err
	})
	if err != nil {
		return MarkAttendanceResult{}, fmt.Errorf("mark attendance: %w", err)
	}
	return out, nil
}

// mark writes the student's mark: the first one, or a change of status.
func (m *Module) mark(ctx context.Context, tx *sql.Tx, in MarkAttendanceInput, now time.Time) (MarkAttendanceResult, error) {
	prev, err := m.store.MarkOf(ctx, tx, in.AttendanceSessionID, in.UserID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		row := store.Mark{
			ID: uuid.NewString(), AttendanceSessionID: in.AttendanceSessionID, UserID: in.UserID,
			Status: string(in.Status), MarkedBy: in.ActorUserID, MarkedAt: now, CreatedAt: now,
		}
		inserted, err := m.store.InsertMark(ctx, tx, row)
		if err != nil {
			return MarkAttendanceResult{}, err
		}
		if !inserted { // a concurrent first mark won: change it instead
			return m.mark(ctx, tx, in, now)
		}
		return MarkAttendanceResult{Mark: markFromRow(row), Created: true, Changed: true}, m.recordMarked(ctx, tx, row, "", now)
	case err != nil:
		return MarkAttendanceResult{}, err
	case prev.Status == string(in.Status):
		return MarkAttendanceResult{Mark: markFromRow(prev)}, nil
	}
	updated, err := m.store.UpdateMark(ctx, tx, prev.ID, prev.Status, string(in.Status), in.ActorUserID, now)
	if err != nil {
		return MarkAttendanceResult{}, err
	}
	if !updated { // a concurrent change won: compare with it
		return m.mark(ctx, tx, in, now)
	}
	row := prev
	row.Status, row.MarkedBy, row.MarkedAt = string(in.Status), in.ActorUserID, now
	return MarkAttendanceResult{Mark: markFromRow(row), Changed: true}, m.recordMarked(ctx, tx, row, MarkStatus(prev.Status), now)
}

func (m *Module) recordMarked(ctx context.Context, tx *sql.Tx, row store.Mark, previous MarkStatus, now time.Time) error {
	return m.bus.Record(ctx, tx, events.AttendanceMarked{
		AttendanceSessionID: events.AttendanceSessionID(row.AttendanceSessionID),
		AttendanceMarkID:    events.AttendanceMarkID(row.ID),
		UserID:              events.UserID(row.UserID),
		Status:              events.MarkStatus(row.Status),
		PreviousStatus:      events.MarkStatus(previous),
		ActorUserID:         events.UserID(row.MarkedBy),
		OccurredAt:          now,
	})
}

// GetAttendanceMark reads one attendance mark.
func (m *Module) GetAttendanceMark(ctx context.Context, id string) (Mark, error) {
	row, err := m.store.Mark(ctx, m.db, id)
	if errors.Is(err, store.ErrNotFound) {
		return Mark{}, apperr.Errorf(apperr.NotFound, "attendance mark %s not found", id)
	}
	if err != nil {
		return Mark{}, err
	}
	return markFromRow(row), nil
}

// ListAttendanceMarks lists the marks of an attendance session, oldest first.
func (m *Module) ListAttendanceMarks(ctx context.Context, attendanceSessionID string) ([]Mark, error) {
	if _, err := m.GetAttendanceSession(ctx, attendanceSessionID); err != nil {
		return nil, err
	}
	rows, err := m.store.Marks(ctx, m.db, attendanceSessionID)
	if err != nil {
		return nil, err
	}
	out := make([]Mark, len(rows))
	for i, r := range rows {
		out[i] = markFromRow(r)
	}
	return out, nil
}
