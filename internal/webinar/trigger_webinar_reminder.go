package webinar

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/webinar/events"
	"github.com/academy/academy/internal/webinar/internal/store"
)

// TriggerWebinarReminderInput is the input of TriggerWebinarReminder.
type TriggerWebinarReminderInput struct {
	RegistrationID string       `json:"-"`
	Reminder       ReminderKind `json:"reminder"`
}

func (in TriggerWebinarReminderInput) validate() error {
	var v apperr.Validation
	v.Require("registrationId", in.RegistrationID)
	v.Check(in.Reminder.Valid(), "reminder", `must be "24h" or "1h"`)
	return v.Err()
}

// TriggerWebinarReminderResult says what TriggerWebinarReminder did.
type TriggerWebinarReminderResult struct {
	RegistrationID string       `json:"registrationId"`
	Reminder       ReminderKind `json:"reminder"`
	TriggeredAt    time.Time    `json:"triggeredAt"`
	// AlreadyTriggered is true when an earlier call triggered the reminder;
	// this call recorded nothing.
	AlreadyTriggered bool `json:"alreadyTriggered"`
}

// TriggerWebinarReminder records WebinarReminderTriggered for a
// registration and reminder kind, once: a repeat returns the first trigger
// with AlreadyTriggered set and records nothing. It refuses, recording
// nothing, when the registration is cancelled (ErrRegistrationCancelled),
// the webinar has started (ErrWebinarStarted) or the reminder is not due
// yet for the webinar's current start (ErrReminderNotDue, e.g. after the
// webinar moved later).
func (m *Module) TriggerWebinarReminder(ctx context.Context, in TriggerWebinarReminderInput) (TriggerWebinarReminderResult, error) {
	return db.InTxValue(ctx, m.db, func(tx *sql.Tx) (TriggerWebinarReminderResult, error) {
		return m.TriggerWebinarReminderTx(ctx, tx, in)
	})
}

// TriggerWebinarReminderTx is TriggerWebinarReminder inside the caller's
// transaction, for jobs and listeners that combine it with eventbus.Once.
func (m *Module) TriggerWebinarReminderTx(ctx context.Context, tx *sql.Tx, in TriggerWebinarReminderInput) (TriggerWebinarReminderResult, error) {
	if err := in.validate(); err != nil {
		return TriggerWebinarReminderResult{}, err
	}
	now := m.clock.Now()
	out, err := m.triggerReminder(ctx, tx, in, now)
	if err != nil {
		return TriggerWebinarReminderResult{}, fmt.Errorf("trigger %s webinar reminder: %w", in.Reminder, err)
	}
	return out, nil
}

func (m *Module) triggerReminder(ctx context.Context, tx *sql.Tx, in TriggerWebinarReminderInput, now time.Time) (TriggerWebinarReminderResult, error) {
	row, w, err := m.loadRegistration(ctx, tx, in.RegistrationID)
	if err != nil {
		return TriggerWebinarReminderResult{}, err
	}
	out := TriggerWebinarReminderResult{RegistrationID: row.ID, Reminder: in.Reminder}
	// A repeat answers "already triggered" whatever happened since, so
	// that a retried job or delivery never fails on its own success.
	if prev, ok, err := m.triggered(ctx, tx, row.ID, in.Reminder); err != nil || ok {
		out.TriggeredAt, out.AlreadyTriggered = prev, ok
		return out, err
	}
	if err := registrationFromRow(row).remind(w, in.Reminder, now); err != nil {
		return TriggerWebinarReminderResult{}, err
	}
	first, err := m.store.InsertReminder(ctx, tx, store.Reminder{RegistrationID: row.ID, Reminder: string(in.Reminder), TriggeredAt: now})
	if err != nil {
		return TriggerWebinarReminderResult{}, err
	}
	if !first { // a concurrent call triggered it
		prev, _, err := m.triggered(ctx, tx, row.ID, in.Reminder)
		out.TriggeredAt, out.AlreadyTriggered = prev, true
		return out, err
	}
	out.TriggeredAt = now
	return out, m.bus.Record(ctx, tx, events.WebinarReminderTriggered{
		RegistrationID: events.RegistrationID(row.ID),
		WebinarID:      events.WebinarID(w.id),
		UserID:         events.UserID(row.UserID),
		Reminder:       events.ReminderKind(in.Reminder),
		OccurredAt:     now,
	})
}

// triggered reports whether and when a reminder was triggered.
func (m *Module) triggered(ctx context.Context, tx *sql.Tx, registrationID string, kind ReminderKind) (time.Time, bool, error) {
	reminders, err := m.store.Reminders(ctx, tx, registrationID)
	if err != nil {
		return time.Time{}, false, err
	}
	for _, r := range reminders {
		if ReminderKind(r.Reminder) == kind {
			return r.TriggeredAt.UTC(), true, nil
		}
	}
	return time.Time{}, false, nil
}
