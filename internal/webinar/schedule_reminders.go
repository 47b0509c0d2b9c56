package webinar

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/webinar/internal/store"
)

// ReminderJobArgs is the scheduled job that triggers one reminder of one
// registration (package jobs runs it with TriggerWebinarReminder).
//
// DueAt is part of the args, and so of the job's uniqueness: when the
// webinar moves, its reminders get new jobs for the new due times, while an
// old job that still fires finds that its due time is no longer the
// reminder's and ends without triggering anything.
type ReminderJobArgs struct {
	RegistrationID string       `json:"registrationId"`
	Reminder       ReminderKind `json:"reminder"`
	DueAt          time.Time    `json:"dueAt"`
}

// Kind is the job's stable kind.
func (ReminderJobArgs) Kind() string { return "webinar.trigger_reminder" }

// ScheduleReminders schedules the reminder jobs of one registration for its
// webinar's current start: one job per reminder kind, due at
// ReminderKind.DueAt. since is when the fact asking for reminders happened
// (the registration): a reminder that was already due before it is skipped,
// and so is one already triggered. A cancelled or attended registration, or
// a webinar that has started by since, gets none. Scheduling again keeps one
// job per registration, kind and due time. It returns the jobs it asked for.
func (m *Module) ScheduleReminders(ctx context.Context, registrationID string, since time.Time) ([]ReminderJobArgs, error) {
	var v apperr.Validation
	v.Require("registrationId", registrationID)
	v.Check(!since.IsZero(), "since", "is required")
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out []ReminderJobArgs
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		row, w, err := m.loadRegistration(ctx, tx, registrationID)
		if err != nil {
			return err
		}
		out, err = m.scheduleReminders(ctx, tx, row, w, since)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("schedule webinar reminders: %w", err)
	}
	return out, nil
}

// reminderPageSize is how many registrations ScheduleWebinarReminders
// handles per transaction. One transaction for all of them held SQLite's
// only connection for 11.5 s with 20,000 registrations; a page keeps every
// other writer waiting for about a tenth of a second at most.
const reminderPageSize = 200

// ScheduleWebinarReminders schedules, as ScheduleReminders does, the
// reminder jobs of every live registration of a webinar for its current
// start; since is when the webinar moved. Reminders already triggered are
// not scheduled again: a person gets each kind of reminder once.
//
// It works through the registrations in pages, each in its own short
// transaction that reads the page and schedules its jobs. A failure leaves
// the pages before it scheduled; running it again is safe, because a job is
// unique on its args (registration, kind and due time).
func (m *Module) ScheduleWebinarReminders(ctx context.Context, webinarID string, since time.Time) ([]ReminderJobArgs, error) {
	var v apperr.Validation
	v.Require("webinarId", webinarID)
	v.Check(!since.IsZero(), "since", "is required")
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out []ReminderJobArgs
	for after, more := "", true; more; {
		var page []ReminderJobArgs
		err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
			// The webinar is read in every page: a move while we work is
			// seen by the pages after it (and its own listener run
			// reschedules the pages before).
			wrow, err := m.store.Webinar(ctx, tx, webinarID)
			if errors.Is(err, store.ErrNotFound) {
				return apperr.Errorf(apperr.NotFound, "webinar %s not found", webinarID)
			}
			if err != nil {
				return err
			}
			rows, err := m.store.LiveRegistrationsAfter(ctx, tx, webinarID, after, m.reminderPage)
			if err != nil {
				return err
			}
			w := webinarFromRow(wrow)
			for _, row := range rows {
				jobs, err := m.scheduleReminders(ctx, tx, row, w, since)
				if err != nil {
					return err
				}
				page = append(page, jobs...)
			}
			more = len(rows) == m.reminderPage
			if len(rows) > 0 {
				after = rows[len(rows)-1].ID
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("schedule webinar reminders: %w", err)
		}
		out = append(out, page...)
	}
	return out, nil
}

func (m *Module) scheduleReminders(ctx context.Context, tx *sql.Tx, row store.Registration, w webinar, since time.Time) ([]ReminderJobArgs, error) {
	if registrationFromRow(row).status != StatusRegistered || w.started(since) {
		return nil, nil
	}
	triggered, err := m.store.Reminders(ctx, tx, row.ID)
	if err != nil {
		return nil, err
	}
	done := make(map[ReminderKind]bool, len(triggered))
	for _, r := range triggered {
		done[ReminderKind(r.Reminder)] = true
	}
	var out []ReminderJobArgs
	for _, kind := range ReminderKinds {
		due := kind.DueAt(w.startsAt).UTC()
		if done[kind] || due.Before(since) {
			continue
		}
		args := ReminderJobArgs{RegistrationID: row.ID, Reminder: kind, DueAt: due}
		if err := m.bus.ScheduleTx(ctx, tx, args, due); err != nil {
			return nil, err
		}
		out = append(out, args)
	}
	return out, nil
}

// FindReminderDueAt tells when a registration's reminder of the given kind
// is due for its webinar's current start. A reminder job compares it with
// the due time it was scheduled for, to tell a job made stale by a move from
// one that fired early.
func (m *Module) FindReminderDueAt(ctx context.Context, registrationID string, kind ReminderKind) (time.Time, error) {
	var v apperr.Validation
	v.Check(kind.Valid(), "reminder", `must be "24h" or "1h"`)
	if err := v.Err(); err != nil {
		return time.Time{}, err
	}
	reg, err := m.GetRegistration(ctx, registrationID)
	if err != nil {
		return time.Time{}, err
	}
	w, err := m.GetWebinar(ctx, reg.WebinarID)
	if err != nil {
		return time.Time{}, err
	}
	return kind.DueAt(w.StartsAt).UTC(), nil
}
