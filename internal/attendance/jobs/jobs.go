// Package jobs holds the attendance module's scheduled work. Jobs change
// state only through attendance Actions.
package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/academy/academy/internal/attendance"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/eventbus"
)

// Register registers the attendance job workers on the bus.
func Register(bus *eventbus.Bus, m *attendance.Module) {
	eventbus.RegisterJob(bus, &noShowWorker{m: m})
}

type noShowWorker struct {
	eventbus.JobWorkerDefaults[attendance.NoShowCheckArgs]
	m *attendance.Module
}

func (w *noShowWorker) Timeout(*eventbus.Job[attendance.NoShowCheckArgs]) time.Duration {
	return time.Minute
}

// Work runs the no-show detection. A session that was cancelled or deleted
// in the meantime ends the job; anything else, including a run a moment
// before the grace period is over, is retried.
func (w *noShowWorker) Work(ctx context.Context, job *eventbus.Job[attendance.NoShowCheckArgs]) error {
	_, err := w.m.DetectNoShows(ctx, job.Args.AttendanceSessionID)
	if errors.Is(err, attendance.ErrSessionCancelled) || apperr.CodeOf(err) == apperr.NotFound {
		return nil
	}
	return err
}
