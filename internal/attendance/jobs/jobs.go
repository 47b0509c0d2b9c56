// Package jobs holds the attendance module's scheduled work. Jobs change
// state only through attendance Actions.
package jobs

import (
	"context"
	"time"

	"github.com/academy/academy/internal/attendance"
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

func (w *noShowWorker) Work(ctx context.Context, job *eventbus.Job[attendance.NoShowCheckArgs]) error {
	return w.m.DetectNoShows(ctx, job.Args.AttendanceSessionID)
}
