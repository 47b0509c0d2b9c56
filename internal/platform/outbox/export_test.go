package outbox

import (
	"context"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// SetAfterSend installs a hook between the provider call and the recording
// of its outcome, for crash tests.
func SetAfterSend(cfg *Config, f func()) { cfg.afterSend = f }

// RunSendJob runs the send job of message id once, as a worker would.
func RunSendJob(ctx context.Context, o *Outbox, id string, attempt int) error {
	w := &sendWorker{o: o}
	return w.Work(ctx, &river.Job[sendArgs]{
		JobRow: &rivertype.JobRow{ID: 1, Attempt: attempt, MaxAttempts: 8},
		Args:   sendArgs{MessageID: id, Dispatch: 1},
	})
}
