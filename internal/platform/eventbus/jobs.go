package eventbus

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// JobArgs is a scheduled job's payload: like an event, only IDs and safe
// scalars, with a stable Kind such as "attendance.detect_no_shows".
type JobArgs = river.JobArgs

// Job is the River job handed to a JobWorker.
type Job[T JobArgs] = river.Job[T]

// JobWorker runs one kind of scheduled job. Embed JobWorkerDefaults.
type JobWorker[T JobArgs] = river.Worker[T]

// JobWorkerDefaults gives a JobWorker River's defaults for timeout and retry.
type JobWorkerDefaults[T JobArgs] = river.WorkerDefaults[T]

// RegisterJob registers the worker of one job kind. Call it while composing
// the application, before Start.
func RegisterJob[T JobArgs](b *Bus, w JobWorker[T]) {
	river.AddWorker(b.workers, w)
}

// ScheduleTx schedules a job to run at the given time, as part of tx: it
// runs only if tx commits. Jobs are unique on their args, so scheduling the
// same job twice (a repeated delivery) keeps one.
func (b *Bus) ScheduleTx(ctx context.Context, tx *sql.Tx, args JobArgs, at time.Time) error {
	opts := &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
	// A job due now is inserted available, to run at once; a scheduled one
	// waits for River's scheduler, which runs every few seconds.
	if at.After(time.Now()) {
		opts.ScheduledAt = at
	}
	_, err := b.river.InsertTx(ctx, tx, args, opts)
	if err != nil {
		return fmt.Errorf("schedule %s: %w", args.Kind(), err)
	}
	return nil
}

// Snooze returns an error that makes River run the job again after d
// without counting an attempt: for work that is not due yet by the
// injected clock.
func Snooze(d time.Duration) error { return river.JobSnooze(d) }

// SnoozeError is the error type Snooze returns, for tests.
type SnoozeError = river.JobSnoozeError
