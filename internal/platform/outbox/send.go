package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/riverqueue/river"

	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/eventbus"
)

// sendArgs is the job that sends one message. Dispatch counts operator
// resends, so that a resend is a new job rather than a duplicate of the
// finished one.
type sendArgs struct {
	MessageID string `json:"message_id"`
	Dispatch  int    `json:"dispatch"`
}

func (sendArgs) Kind() string { return "outbox.send" }

type sendWorker struct {
	eventbus.JobWorkerDefaults[sendArgs]
	o *Outbox
	// retryAfter holds a provider's Retry-After for a job between Work
	// returning and River asking NextRetry.
	retryAfter sync.Map
}

func (w *sendWorker) Timeout(*eventbus.Job[sendArgs]) time.Duration {
	return w.o.cfg.SendTimeout + 10*time.Second
}

func (w *sendWorker) NextRetry(job *eventbus.Job[sendArgs]) time.Time {
	wait := w.o.cfg.Backoff(job.Attempt)
	if v, ok := w.retryAfter.LoadAndDelete(job.ID); ok {
		wait = max(wait, v.(time.Duration))
	}
	return time.Now().Add(wait)
}

func (w *sendWorker) Work(ctx context.Context, job *eventbus.Job[sendArgs]) error {
	o := w.o
	m, claim, err := o.claim(ctx, job.Args)
	switch {
	case err != nil:
		return err
	case claim == claimBusy:
		// Another attempt holds the claim; look again once its lease is
		// over, when a dead attempt's row is marked uncertain.
		return river.JobSnooze(o.lease())
	case claim != claimed:
		return nil
	}
	sender, ok := o.cfg.Senders[m.Channel]
	if !ok {
		reason := fmt.Sprintf("no sender configured for channel %s", m.Channel)
		if err := o.release(ctx, m.ID, reason); err != nil {
			return err
		}
		return errors.New(reason) // retried: the job must stay alive for the message
	}
	sendCtx, cancel := context.WithTimeout(ctx, o.cfg.SendTimeout)
	providerID, sendErr := sender.Send(sendCtx, m)
	cancel()
	if o.cfg.afterSend != nil {
		o.cfg.afterSend()
	}
	// The provider has answered: record its answer even if the job's
	// context ends now, or the message would wrongly turn uncertain.
	ctx, cancelRecord := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancelRecord()
	if sendErr == nil {
		return o.finish(ctx, m.ID, Sent, providerID, "")
	}
	pe := classify(sendErr)
	switch {
	case pe.Permanent:
		return o.settle(ctx, sender, m, Failed, pe.Reason)
	case pe.Ambiguous:
		return o.settle(ctx, sender, m, Uncertain, "the provider may have accepted the message: "+pe.Reason)
	case job.Attempt >= job.MaxAttempts || job.Attempt >= o.cfg.MaxAttempts:
		return o.settle(ctx, sender, m, Failed, fmt.Sprintf("gave up after %d attempts: %s", job.Attempt, pe.Reason))
	}
	if pe.RetryAfter > 0 {
		w.retryAfter.Store(job.ID, pe.RetryAfter)
	}
	if err := o.release(ctx, m.ID, pe.Reason); err != nil {
		return err
	}
	return sendErr
}

// lease is how long a claim protects a send in progress. A row still
// "sending" after it belongs to a process that died mid-send.
func (o *Outbox) lease() time.Duration { return 2 * o.cfg.SendTimeout }

type claimResult int

const (
	claimNothing claimResult = iota // sent, failed, uncertain or superseded: nothing to do
	claimed                         // this attempt may send
	claimBusy                       // another attempt is sending now
)

// claim moves the message from queued to sending in its own committed
// transaction, so that no other attempt can send it meanwhile. It reports
// false when there is nothing to send: already sent or failed, claimed by
// a live attempt, or left "sending" by a dead one — which it marks
// uncertain instead of sending again.
func (o *Outbox) claim(ctx context.Context, args sendArgs) (Message, claimResult, error) {
	var m Message
	result := claimNothing
	err := db.InTx(ctx, o.cfg.DB, func(tx *sql.Tx) error {
		// claimed_at uses the wall clock: it measures a lease between
		// processes, not business time.
		wall := time.Now().UTC()
		res, err := tx.ExecContext(ctx, `UPDATE outbox_messages SET state = $1, attempts = attempts + 1,
			claimed_at = $2, updated_at = $3 WHERE id = $4 AND state = $5 AND dispatch = $6`,
			string(Sending), wall, o.cfg.Clock.Now(), args.MessageID, string(Queued), args.Dispatch)
		if err != nil {
			return fmt.Errorf("outbox: claim %s: %w", args.MessageID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("outbox: claim %s: %w", args.MessageID, err)
		}
		if n == 1 {
			result = claimed
			m, err = get(ctx, tx, args.MessageID)
			return err
		}
		var state State
		var claimedAt sql.NullTime
		var dispatch int
		if err := tx.QueryRowContext(ctx, `SELECT state, claimed_at, dispatch FROM outbox_messages WHERE id = $1`,
			args.MessageID).Scan(&state, &claimedAt, &dispatch); err != nil {
			return fmt.Errorf("outbox: read %s: %w", args.MessageID, err)
		}
		if state != Sending || dispatch != args.Dispatch || !claimedAt.Valid {
			return nil // done already, or superseded by a resend
		}
		if wall.Sub(claimedAt.Time) < o.lease() {
			result = claimBusy
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE outbox_messages SET state = $1, last_error = $2, updated_at = $3
			WHERE id = $4 AND state = $5`, string(Uncertain),
			"a send attempt stopped after claiming the message; the provider may have accepted it, so it is not sent again automatically",
			o.cfg.Clock.Now(), args.MessageID, string(Sending))
		if err != nil {
			return fmt.Errorf("outbox: mark %s uncertain: %w", args.MessageID, err)
		}
		return nil
	})
	return m, result, err
}

// release puts a claimed message back in the queue after a transient failure.
func (o *Outbox) release(ctx context.Context, id, reason string) error {
	_, err := o.cfg.DB.ExecContext(ctx, `UPDATE outbox_messages SET state = $1, last_error = $2, updated_at = $3
		WHERE id = $4 AND state = $5`, string(Queued), reason, o.cfg.Clock.Now(), id, string(Sending))
	if err != nil {
		return fmt.Errorf("outbox: release %s: %w", id, err)
	}
	return nil
}

// settle records a send that ended without the provider accepting the
// message, and tells the sender when it wants to know.
func (o *Outbox) settle(ctx context.Context, sender Sender, m Message, state State, reason string) error {
	if err := o.finish(ctx, m.ID, state, "", reason); err != nil {
		return err
	}
	if settler, ok := sender.(Settler); ok {
		settler.Settled(ctx, m, state, reason)
	}
	return nil
}

// finish records the outcome of a claimed send.
func (o *Outbox) finish(ctx context.Context, id string, state State, providerID, reason string) error {
	now := o.cfg.Clock.Now()
	var sentAt any
	if state == Sent {
		sentAt = now
	}
	_, err := o.cfg.DB.ExecContext(ctx, `UPDATE outbox_messages SET state = $1, provider_message_id = $2,
		last_error = $3, sent_at = $4, updated_at = $5 WHERE id = $6 AND state = $7`,
		string(state), providerID, reason, sentAt, now, id, string(Sending))
	if err != nil {
		return fmt.Errorf("outbox: record outcome of %s: %w", id, err)
	}
	return nil
}
