// Package jobs holds the attendance module's scheduled work. Jobs change
// state only through attendance Actions.
package jobs

import (
	"cmp"
	"context"
	"errors"
	"time"

	"github.com/academy/academy/internal/attendance"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/eventbus"
)

// Config tunes the attendance jobs. Zero values take defaults.
type Config struct {
	// Recheck is how long the no-show job waits before asking again when
	// it ran before the session's end plus grace by the module's clock (the
	// clock and the job queue's time disagree, e.g. a manual clock in
	// tests). Defaults to DefaultRecheck.
	Recheck time.Duration
}

// DefaultRecheck is Config.Recheck's default: a check fired a moment early
// runs a moment later, and a clock far behind costs a few cheap runs a
// minute.
const DefaultRecheck = 5 * time.Second

// Register registers the attendance job workers on the bus.
func Register(bus *eventbus.Bus, m *attendance.Module, cfg Config) {
	eventbus.RegisterJob(bus, &noShowWorker{m: m, recheck: cmp.Or(cfg.Recheck, DefaultRecheck)})
}

type noShowWorker struct {
	eventbus.JobWorkerDefaults[attendance.NoShowCheckArgs]
	m       *attendance.Module
	recheck time.Duration
}

func (w *noShowWorker) Timeout(*eventbus.Job[attendance.NoShowCheckArgs]) time.Duration {
	return time.Minute
}

// Work runs the no-show detection. A session that was cancelled or deleted
// in the meantime ends the job. A run before the end plus the grace period
// by the module's clock is snoozed, without using up an attempt, to be
// asked again after Recheck: the clock, not the queue, decides when the
// session is over. Anything else is retried.
func (w *noShowWorker) Work(ctx context.Context, job *eventbus.Job[attendance.NoShowCheckArgs]) error {
	ctx = eventbus.WithMetadata(ctx, eventbus.Metadata{Actor: "job:" + job.Args.Kind()})
	_, err := w.m.DetectNoShows(ctx, job.Args.AttendanceSessionID)
	switch {
	case errors.Is(err, attendance.ErrSessionCancelled), apperr.CodeOf(err) == apperr.NotFound:
		return nil
	case errors.Is(err, attendance.ErrNoShowCheckTooEarly):
		return eventbus.Snooze(w.recheck)
	}
	return err
}
