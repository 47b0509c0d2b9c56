// Package jobs holds the webinar module's scheduled work: the reminder jobs
// that package listeners schedules. Jobs change state only through webinar
// Actions.
package jobs

import (
	"cmp"
	"context"
	"errors"
	"time"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/webinar"
)

// Config tunes the webinar jobs. Zero values take defaults.
type Config struct {
	// Recheck is how long a reminder job waits before asking again when it
	// ran before its reminder was due by the module's clock (the clock and
	// the job queue's time disagree, e.g. a manual clock in tests). Defaults
	// to DefaultRecheck.
	Recheck time.Duration
}

// DefaultRecheck is Config.Recheck's default: short enough that a reminder
// fired a moment early goes out a moment later, long enough that a clock far
// behind costs a few cheap runs a minute.
const DefaultRecheck = 5 * time.Second

// Register registers the webinar job workers on the bus.
func Register(bus *eventbus.Bus, m *webinar.Module, cfg Config) {
	eventbus.RegisterJob(bus, &reminderWorker{m: m, recheck: cmp.Or(cfg.Recheck, DefaultRecheck)})
}

type reminderWorker struct {
	eventbus.JobWorkerDefaults[webinar.ReminderJobArgs]
	m       *webinar.Module
	recheck time.Duration
}

func (w *reminderWorker) Timeout(*eventbus.Job[webinar.ReminderJobArgs]) time.Duration {
	return 30 * time.Second
}

// Work triggers the reminder. A job whose due time is no longer the
// reminder's (the webinar moved, and the job for the new due time reminds)
// ends first, so that a webinar moved earlier is not reminded late by its
// old job. Then TriggerWebinarReminder decides with the module's clock: a
// repeat records nothing, and a cancelled registration or a started
// webinar ends the job with nothing sent. A reminder not due yet fired
// early by the clock and is snoozed, to be asked again after Recheck
// without using up an attempt. Anything else is retried.
func (w *reminderWorker) Work(ctx context.Context, job *eventbus.Job[webinar.ReminderJobArgs]) error {
	ctx = eventbus.WithMetadata(ctx, eventbus.Metadata{Actor: "job:" + job.Args.Kind()})
	args := job.Args
	due, err := w.m.FindReminderDueAt(ctx, args.RegistrationID, args.Reminder)
	switch {
	case apperr.CodeOf(err) == apperr.NotFound:
		return nil
	case err != nil:
		return err
	case !due.Equal(args.DueAt):
		return nil // stale
	}
	_, err = w.m.TriggerWebinarReminder(ctx, webinar.TriggerWebinarReminderInput{
		RegistrationID: args.RegistrationID, Reminder: args.Reminder,
	})
	switch {
	case err == nil,
		errors.Is(err, webinar.ErrRegistrationCancelled),
		errors.Is(err, webinar.ErrWebinarStarted),
		apperr.CodeOf(err) == apperr.NotFound:
		return nil
	case errors.Is(err, webinar.ErrReminderNotDue):
		return eventbus.Snooze(w.recheck)
	}
	return err
}
