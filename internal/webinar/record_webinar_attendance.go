package webinar

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/webinar/events"
)

// RecordWebinarAttendanceInput is the input of RecordWebinarAttendance.
type RecordWebinarAttendanceInput struct {
	RegistrationID string `json:"-"`
}

// RecordWebinarAttendanceResult says what RecordWebinarAttendance did.
type RecordWebinarAttendanceResult struct {
	Registration Registration `json:"registration"`
	// AlreadyAttended is true when an earlier call recorded the attendance;
	// this call recorded nothing.
	AlreadyAttended bool `json:"alreadyAttended"`
}

// RecordWebinarAttendance marks a live registration attended, once the
// webinar has started, and records WebinarAttended. A repeat returns the
// registration with AlreadyAttended set and records nothing; a cancelled
// registration is refused with ErrRegistrationCancelled.
func (m *Module) RecordWebinarAttendance(ctx context.Context, in RecordWebinarAttendanceInput) (RecordWebinarAttendanceResult, error) {
	return db.InTxValue(ctx, m.db, func(tx *sql.Tx) (RecordWebinarAttendanceResult, error) {
		return m.RecordWebinarAttendanceTx(ctx, tx, in)
	})
}

// RecordWebinarAttendanceTx is RecordWebinarAttendance inside the caller's
// transaction, for listeners of an attendance source (e.g. a webinar
// platform's report) that combine it with eventbus.Once.
func (m *Module) RecordWebinarAttendanceTx(ctx context.Context, tx *sql.Tx, in RecordWebinarAttendanceInput) (RecordWebinarAttendanceResult, error) {
	var v apperr.Validation
	v.Require("registrationId", in.RegistrationID)
	if err := v.Err(); err != nil {
		return RecordWebinarAttendanceResult{}, err
	}
	out, err := m.recordAttendance(ctx, tx, in.RegistrationID, m.clock.Now())
	if err != nil {
		return RecordWebinarAttendanceResult{}, fmt.Errorf("record webinar attendance: %w", err)
	}
	return out, nil
}

func (m *Module) recordAttendance(ctx context.Context, tx *sql.Tx, id string, now time.Time) (RecordWebinarAttendanceResult, error) {
	row, w, err := m.loadRegistration(ctx, tx, id)
	if err != nil {
		return RecordWebinarAttendanceResult{}, err
	}
	attend, err := registrationFromRow(row).attend(w, now)
	if err != nil {
		return RecordWebinarAttendanceResult{}, err
	}
	if attend {
		moved, err := m.store.SetRegistrationStatus(ctx, tx, row.ID, StatusRegistered, StatusAttended, now)
		if err != nil {
			return RecordWebinarAttendanceResult{}, err
		}
		if !moved {
			// A concurrent transaction moved it first; the registration is
			// no longer "registered", so this answers as a repeat would.
			return m.recordAttendance(ctx, tx, id, now)
		}
		row.Status, row.AttendedAt = StatusAttended, sql.NullTime{Time: now, Valid: true}
	}
	reminders, err := m.store.Reminders(ctx, tx, row.ID)
	if err != nil {
		return RecordWebinarAttendanceResult{}, err
	}
	out := RecordWebinarAttendanceResult{Registration: registrationView(row, reminders), AlreadyAttended: !attend}
	if !attend {
		return out, nil
	}
	return out, m.bus.Record(ctx, tx, events.WebinarAttended{
		RegistrationID: events.RegistrationID(row.ID),
		WebinarID:      events.WebinarID(w.id),
		UserID:         events.UserID(row.UserID),
		OccurredAt:     now,
	})
}
